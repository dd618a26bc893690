//! One module per screen of the app; which one shows depends on `access::Access`.

pub mod enrol;
pub mod unlock;
pub mod wiped;
pub mod workspace;
