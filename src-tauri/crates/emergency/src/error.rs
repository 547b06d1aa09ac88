//! The one error type of the emergency crate. Bad input is reported field by field so a form can show each
//! problem next to its input; nothing in this crate keeps state, so a rejected input changes nothing (S6).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldProblem {
    /// The field, as a path into the input: `number`, `dids[1].number`, `registered_address.pc`.
    pub field: String,
    /// What is wrong and what would be right, for people.
    pub message: String,
}

impl FieldProblem {
    /// A problem with `field`.
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }

    /// The same problem, its field nested under `parent` (`number` under `dids[1]` is `dids[1].number`).
    pub(crate) fn under(self, parent: &str) -> Self {
        Self { field: format!("{parent}.{}", self.field), message: self.message }
    }
}

/// What can go wrong in the emergency crate: only bad input, never an emergency call (a plan always exists).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmergencyError {
    /// An E911 DID or an account's E911 settings are invalid; each problem names its field.
    #[error("the E911 settings are not valid: {}", describe(.0))]
    InvalidE911Settings(Vec<FieldProblem>),
    /// The dial plan configuration (outside-line prefixes, test numbers) is invalid; each problem names its field.
    #[error("the dial plan is not valid: {}", describe(.0))]
    InvalidDialPlan(Vec<FieldProblem>),
}

impl EmergencyError {
    /// Every field problem behind the error.
    pub fn problems(&self) -> &[FieldProblem] {
        match self {
            EmergencyError::InvalidE911Settings(problems) | EmergencyError::InvalidDialPlan(problems) => problems,
        }
    }
}

fn describe(problems: &[FieldProblem]) -> String {
    problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ")
}
