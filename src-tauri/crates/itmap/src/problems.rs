//! Problems found in a map, each with the JSON pointer (RFC 6901) of the value it concerns, so an administrator
//! can jump straight to it.

use serde::{Deserialize, Serialize};

/// One problem in a map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapProblem {
    /// JSON pointer of the offending value, e.g. `/sites/3/places/0/rules/2/mac`; empty for the whole document.
    pub pointer: String,
    /// What is wrong and what would be right.
    pub message: String,
}

impl MapProblem {
    /// A problem at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), message: message.into() }
    }
}

/// The first few problems on one line, for error messages and logs.
pub(crate) fn summary(problems: &[MapProblem]) -> String {
    let mut text =
        problems.iter().take(5).map(|p| format!("{}: {}", display_pointer(&p.pointer), p.message)).collect::<Vec<_>>();
    if problems.len() > 5 {
        text.push(format!("… and {} more", problems.len() - 5));
    }
    text.join("; ")
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "(document)" } else { pointer }
}

/// Escapes one reference token for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
