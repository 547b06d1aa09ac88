//! When to suggest the 933 readback test: once after the callback number or the address a readback would say
//! changes. Remembers (in `readback-test.json` in the data directory) what was last tested and what was last
//! suggested, so a suggestion is made once per change and survives restarts.

use super::LocusService;
use crate::calls::{ReadbackExpectation, TestSuggestion};
use crate::events::Event;
use serde::{Deserialize, Serialize};
use std::path::Path;
use time::OffsetDateTime;

const FILE_NAME: &str = "readback-test.json";

/// What a readback would say: the callback number and the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ReadbackSubject {
    callback_number: String,
    address: String,
}

/// What was last tested and last suggested, and whether the suggestion is still open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ReadbackMemory {
    tested: Option<ReadbackSubject>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    tested_at: Option<OffsetDateTime>,
    suggested: Option<ReadbackSubject>,
    open: Option<TestSuggestion>,
}

impl ReadbackMemory {
    fn load(dir: &Path) -> Self {
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|err| {
                tracing::warn!(%err, path = %path.display(), "unreadable readback-test memory; starting afresh");
                Self::default()
            }),
            Err(_) => Self::default(),
        }
    }

    fn save(&self, dir: &Path) {
        let written = serde_json::to_string_pretty(self)
            .map_err(|e| e.to_string())
            .and_then(|text| std::fs::write(dir.join(FILE_NAME), text).map_err(|e| e.to_string()));
        if let Err(err) = written {
            tracing::warn!(%err, "could not save the readback-test memory");
        }
    }

    /// The suggestion `subject` calls for, if it is new: never tested, or a different number or address from
    /// the last test, and not already suggested.
    fn suggestion_for(&self, subject: &ReadbackSubject) -> Option<TestSuggestion> {
        if self.suggested.as_ref() == Some(subject) || self.tested.as_ref() == Some(subject) {
            return None;
        }
        let (reason, message) = match &self.tested {
            None => ("never_tested", "Emergency calling has not been tested here: run the 933 readback test."),
            Some(tested) if tested.callback_number != subject.callback_number => (
                "number_changed",
                "Your emergency callback number changed: run the 933 readback test to check what 911 would get.",
            ),
            Some(_) => (
                "location_changed",
                "Your location changed: run the 933 readback test to check the address 911 would get.",
            ),
        };
        Some(TestSuggestion { reason: reason.to_owned(), message: message.to_owned() })
    }
}

impl LocusService {
    /// Suggests the readback test (event `TestCallSuggested`) if the plan's callback number or address is new
    /// since the last test and was not suggested before. Nothing without a known address.
    pub(crate) async fn suggest_test_if_changed(&self) {
        let Some(plan) = self.emergency_plan() else { return };
        let Some(address) = plan.location_sent else { return };
        let subject = ReadbackSubject { callback_number: plan.caller_id, address };
        let suggestion = {
            let mut memory = self.readback_memory.lock().await;
            let memory = memory.get_or_insert_with(|| ReadbackMemory::load(&self.paths.data_dir));
            let Some(suggestion) = memory.suggestion_for(&subject) else { return };
            memory.suggested = Some(subject);
            memory.open = Some(suggestion.clone());
            memory.save(&self.paths.data_dir);
            suggestion
        };
        self.host.emit(&Event::TestCallSuggested(suggestion));
    }

    /// The open suggestion to run the readback test, if any.
    pub async fn test_suggestion(&self) -> Option<TestSuggestion> {
        let mut memory = self.readback_memory.lock().await;
        memory.get_or_insert_with(|| ReadbackMemory::load(&self.paths.data_dir)).open.clone()
    }

    /// The user dismissed the suggestion; it comes back only after the next change.
    pub async fn dismiss_test_suggestion(&self) {
        let mut memory = self.readback_memory.lock().await;
        let memory = memory.get_or_insert_with(|| ReadbackMemory::load(&self.paths.data_dir));
        if memory.open.take().is_some() {
            memory.save(&self.paths.data_dir);
        }
    }

    /// A readback test was answered: what it said is now the tested subject.
    pub(crate) async fn remember_test(&self, expected: &ReadbackExpectation, at: OffsetDateTime) {
        let mut memory = self.readback_memory.lock().await;
        let memory = memory.get_or_insert_with(|| ReadbackMemory::load(&self.paths.data_dir));
        memory.tested = expected
            .address
            .clone()
            .map(|address| ReadbackSubject { callback_number: expected.callback_number.clone(), address });
        memory.tested_at = Some(at);
        memory.open = None;
        memory.save(&self.paths.data_dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(number: &str, address: &str) -> ReadbackSubject {
        ReadbackSubject { callback_number: number.into(), address: address.into() }
    }

    #[test]
    fn a_first_plan_suggests_a_test_and_the_same_plan_does_not_suggest_again() {
        let mut memory = ReadbackMemory::default();
        let here = subject("6145550100", "1 Main St");
        assert_eq!(memory.suggestion_for(&here).map(|s| s.reason), Some("never_tested".into()));
        memory.suggested = Some(here.clone());
        assert_eq!(memory.suggestion_for(&here), None);
    }

    #[test]
    fn a_new_address_or_number_after_a_test_suggests_once_with_the_reason() {
        let tested = subject("6145550100", "1 Main St");
        let memory = ReadbackMemory { tested: Some(tested.clone()), ..Default::default() };
        assert_eq!(memory.suggestion_for(&tested), None, "what was tested needs no test");
        let moved = subject("6145550100", "9 Elm St");
        assert_eq!(memory.suggestion_for(&moved).map(|s| s.reason), Some("location_changed".into()));
        let renumbered = subject("6145550199", "1 Main St");
        assert_eq!(memory.suggestion_for(&renumbered).map(|s| s.reason), Some("number_changed".into()));
    }

    #[test]
    fn the_memory_survives_a_restart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let memory = ReadbackMemory { suggested: Some(subject("6145550100", "1 Main St")), ..Default::default() };
        memory.save(dir.path());
        assert_eq!(ReadbackMemory::load(dir.path()), memory);
    }
}
