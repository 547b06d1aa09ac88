//! When the last 911 call left this machine: set as its INVITE is sent and again when the call ends (never for a
//! 933 test), and kept in `emergency-callback.json` in the data directory, so a restart inside the PSAP callback
//! window still treats incoming calls as a possible callback.

use super::LocusService;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use time::OffsetDateTime;

const FILE_NAME: &str = "emergency-callback.json";

/// What the file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct CallbackMemory {
    #[serde(with = "time::serde::rfc3339::option", default)]
    last_emergency_call: Option<OffsetDateTime>,
}

/// The time of the last 911 call, read from the file on first use.
#[derive(Debug, Default)]
pub(crate) struct LastEmergencyCall {
    /// `None` until loaded; then the time, if there was a call.
    known: Mutex<Option<Option<OffsetDateTime>>>,
}

impl LocusService {
    /// Records that a 911 call's INVITE left at `at`: in memory at once, on disk in the background.
    pub(crate) fn remember_emergency_call(&self, at: OffsetDateTime) {
        *self.last_emergency_call.known.lock().unwrap_or_else(PoisonError::into_inner) = Some(Some(at));
        let dir = self.paths.data_dir.clone();
        tokio::task::spawn_blocking(move || save(&dir, at));
    }

    /// When the last 911 call was made, if one was.
    pub(crate) fn last_emergency_call(&self) -> Option<OffsetDateTime> {
        let mut known = self.last_emergency_call.known.lock().unwrap_or_else(PoisonError::into_inner);
        *known.get_or_insert_with(|| load(&self.paths.data_dir))
    }
}

fn load(dir: &Path) -> Option<OffsetDateTime> {
    let path = dir.join(FILE_NAME);
    let text = std::fs::read_to_string(&path).ok()?;
    match serde_json::from_str::<CallbackMemory>(&text) {
        Ok(memory) => memory.last_emergency_call,
        Err(err) => {
            tracing::warn!(%err, path = %path.display(), "unreadable time of the last 911 call; assuming none");
            None
        }
    }
}

fn save(dir: &Path, at: OffsetDateTime) {
    let memory = CallbackMemory { last_emergency_call: Some(at) };
    let written = serde_json::to_string_pretty(&memory)
        .map_err(|e| e.to_string())
        .and_then(|text| crate::config::write_file(&dir.join(FILE_NAME), &text).map_err(|e| e.to_string()));
    if let Err(err) = written {
        tracing::error!(%err, "could not save the time of the 911 call; a restart would forget the callback window");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_last_emergency_call_survives_a_restart_and_a_bad_file_means_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(dir.path()), None);
        let at = datetime!(2026-03-01 12:00:00.5 UTC);
        save(dir.path(), at);
        assert_eq!(load(dir.path()), Some(at));
        std::fs::write(dir.path().join(FILE_NAME), "{not json").expect("write");
        assert_eq!(load(dir.path()), None);
    }
}
