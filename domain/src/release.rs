//! What release of the app is running, and whether a newly installed one differs from it.

/// The version of every crate in the workspace; app and server are released together.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Identifies one build of the app shell: a digest of its files, stamped into `index.html` and
/// `sw.js` after Trunk builds (scripts/precache_shell.py). Two builds with the same files share it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildId(String);

impl BuildId {
    /// Length of the hex digest prefix the build step writes.
    pub const LEN: usize = 16;

    /// Accepts exactly what the build step writes: 16 lowercase hex digits. Anything else (e.g. a
    /// page served without the build step, as in `trunk serve`) has no build id.
    pub fn parse(text: &str) -> Option<Self> {
        let is_digest = text.len() == Self::LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        is_digest.then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 8 digits, enough for a clerk to read out on the phone to support.
    pub fn short(&self) -> &str {
        &self.0[..8]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_id_is_sixteen_lowercase_hex_digits() {
        let id = BuildId::parse("0123456789abcdef").expect("digest");
        assert_eq!(id.short(), "01234567");
        assert_eq!(id.as_str(), "0123456789abcdef");
    }

    #[test]
    fn unstamped_or_foreign_text_is_no_build_id() {
        for text in [
            "",
            "__BUILD_ID__",
            "0123456789ABCDEF",
            "0123456789abcde",
            "0123456789abcdef0",
        ] {
            assert_eq!(BuildId::parse(text), None, "{text:?}");
        }
    }
}
