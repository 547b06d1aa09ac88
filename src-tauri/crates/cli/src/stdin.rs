//! Reading a password from standard input (never from an argument, which `ps` and shell history would show).

use locus_core::CoreError;
use std::io::Read;

/// The first line of standard input; an empty one is refused.
pub(crate) fn read_password() -> Result<String, CoreError> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|source| CoreError::Io {
        action: "could not read",
        path: "stdin".into(),
        source,
    })?;
    let password = text.lines().next().unwrap_or_default().to_owned();
    if password.is_empty() {
        return Err(CoreError::Internal("the password on standard input is empty".into()));
    }
    Ok(password)
}
