//! Who took a case down: a clerk with the Koffer or the citizen at a Bürger-Terminal, and the
//! form each fills in.

use crate::catalogue::Service;
use crate::forms::FormSchema;
use serde::{Deserialize, Serialize};

/// Who took a case down. The back office sees which, and only the server files a terminal's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A clerk at the citizen's table.
    #[default]
    Koffer,
    /// The citizen alone at a Bürger-Terminal.
    Terminal,
}

impl Channel {
    pub fn is_koffer(&self) -> bool {
        *self == Self::Koffer
    }

    /// The form a case of `service` is filled in with: at the table with the checklist of the
    /// documents the clerk has seen; at a terminal without it, since nobody there sees a
    /// document (the back office asks for what it needs when it completes the case).
    pub fn form_of(self, service: &Service) -> FormSchema {
        match self {
            Self::Koffer => service.form_with_checklist(),
            Self::Terminal => service.form.clone(),
        }
    }
}
