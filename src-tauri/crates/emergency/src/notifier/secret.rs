//! A secret string (SMTP password, webhook signing secret) that never shows in `Debug`, `Display`, logs or
//! delivery errors (S7). It only hands its value to the one request that needs it.

use std::fmt;

/// A secret value from the managed policy or the OS keychain.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct NotifierSecret(String);

impl NotifierSecret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// True when nothing is configured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value itself, for the request that needs it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NotifierSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NotifierSecret(<redacted>)")
    }
}

impl fmt::Display for NotifierSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_never_prints() {
        let secret = NotifierSecret::new("hunter2");
        assert!(!format!("{secret:?} {secret}").contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }
}
