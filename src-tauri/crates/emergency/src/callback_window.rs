//! The PSAP callback window: for a while after an emergency call (policy, 60 minutes by default) an inbound call
//! may be the dispatcher calling back, so it ignores do-not-disturb and forwarding, rings loudly and is labelled.
//! Pure: the time of the last emergency call and `now` are passed in. Ringing is the core's and the UI's job.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use ts_rs::TS;

/// How long after an emergency call inbound calls are treated as a possible PSAP callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallbackWindow {
    /// Minutes after the emergency call; 0 turns the window off.
    pub minutes: u32,
}

impl Default for CallbackWindow {
    fn default() -> Self {
        Self { minutes: 60 }
    }
}

impl CallbackWindow {
    fn length(self) -> Duration {
        Duration::minutes(i64::from(self.minutes))
    }
}

/// When the window opened by an emergency call at `last_emergency_call` closes.
pub fn callback_window_end(last_emergency_call: OffsetDateTime, window: CallbackWindow) -> OffsetDateTime {
    last_emergency_call.saturating_add(window.length())
}

/// True when an inbound call at `now` may be a PSAP callback for the emergency call at `last_emergency_call`.
/// A clock that stepped back a little (`now` before the call) still counts as inside the window: missing a
/// dispatcher's callback is worse than ringing loudly once too often.
pub fn is_possible_psap_callback(
    last_emergency_call: Option<OffsetDateTime>,
    window: CallbackWindow,
    now: OffsetDateTime,
) -> bool {
    let Some(call) = last_emergency_call else { return false };
    let since = now - call;
    window.minutes > 0 && since <= window.length() && since >= -window.length()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const CALL: OffsetDateTime = datetime!(2025-03-01 12:00 UTC);

    #[test]
    fn inbound_calls_within_the_default_hour_are_possible_callbacks() {
        let window = CallbackWindow::default();
        assert!(is_possible_psap_callback(Some(CALL), window, CALL + Duration::minutes(1)));
        assert!(is_possible_psap_callback(Some(CALL), window, CALL + Duration::minutes(60)));
        assert!(!is_possible_psap_callback(Some(CALL), window, CALL + Duration::minutes(60) + Duration::SECOND));
        assert_eq!(callback_window_end(CALL, window), datetime!(2025-03-01 13:00 UTC));
    }

    #[test]
    fn no_emergency_call_means_no_window() {
        assert!(!is_possible_psap_callback(None, CallbackWindow::default(), CALL));
    }

    #[test]
    fn the_policy_length_is_honoured_and_zero_turns_it_off() {
        let ten = CallbackWindow { minutes: 10 };
        assert!(is_possible_psap_callback(Some(CALL), ten, CALL + Duration::minutes(10)));
        assert!(!is_possible_psap_callback(Some(CALL), ten, CALL + Duration::minutes(11)));
        assert!(!is_possible_psap_callback(Some(CALL), CallbackWindow { minutes: 0 }, CALL));
    }

    #[test]
    fn a_clock_that_stepped_back_a_little_still_counts() {
        let window = CallbackWindow::default();
        assert!(is_possible_psap_callback(Some(CALL), window, CALL - Duration::minutes(5)));
        assert!(!is_possible_psap_callback(Some(CALL), window, CALL - Duration::days(2)));
    }
}
