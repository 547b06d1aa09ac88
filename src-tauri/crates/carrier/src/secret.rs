//! A carrier credential (API password, webhook signing key) that cannot leak by accident (S7): its `Debug` and
//! `Display` print a placeholder, it is not `Serialize`, and only this crate can read it. The caller fetches it
//! from the OS keychain and hands it over; it is never stored here.

use std::fmt;

/// A secret string: an API password or a signing key.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`, typically just read from the OS keychain.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// True when the secret is empty (not configured).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret itself, for the one request that needs it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neither_debug_nor_display_shows_the_value() {
        let secret = Secret::new("hunter2-api-password");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert!(!format!("{secret}").contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2-api-password");
    }
}
