//! What happens to a call to us: it rings, is refused as busy (do-not-disturb) or is forwarded, by the user's
//! settings — except inside the PSAP callback window after a 911 call, when it always rings and is marked as a
//! possible emergency callback. Pure: the last emergency call and `now` are passed in.

use crate::config::CallsConfig;
use locus_emergency::{CallbackWindow, is_possible_psap_callback};
use time::OffsetDateTime;

/// The status an incoming call refused for do-not-disturb gets.
pub const BUSY_HERE: u16 = 486;
/// The status an incoming call the user declines gets.
pub const DECLINE: u16 = 603;

/// What to do with a call to us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncomingDecision {
    /// Ring; `possible_emergency_callback` when inside the PSAP callback window (ring loudly, label it).
    Ring {
        /// It may be the dispatcher calling back after our 911 call.
        possible_emergency_callback: bool,
    },
    /// Refuse as busy (486): do-not-disturb is on.
    Busy,
    /// Forward (302) to this target, as configured (a number or a URI; see [`forward_uri`]).
    Forward(String),
}

/// Decides what a call arriving at `now` gets. Forwarding takes precedence over do-not-disturb; neither applies
/// inside the callback `window` after `last_emergency_call`.
pub fn decide_incoming(
    settings: &CallsConfig,
    last_emergency_call: Option<OffsetDateTime>,
    window: CallbackWindow,
    now: OffsetDateTime,
) -> IncomingDecision {
    if is_possible_psap_callback(last_emergency_call, window, now) {
        return IncomingDecision::Ring { possible_emergency_callback: true };
    }
    if let Some(target) = settings.forward_to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        return IncomingDecision::Forward(target.to_owned());
    }
    if settings.do_not_disturb {
        return IncomingDecision::Busy;
    }
    IncomingDecision::Ring { possible_emergency_callback: false }
}

/// The URI a forwarding target becomes: a `sip:`/`sips:`/`tel:` URI as it is, a number (separators dropped) at
/// the account's `domain`.
pub fn forward_uri(target: &str, domain: &str) -> String {
    let target = target.trim();
    if ["sip:", "sips:", "tel:"].iter().any(|scheme| target.starts_with(scheme)) {
        return target.to_owned();
    }
    let number: String = target.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("sip:{number}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-03-01 12:00 UTC);
    const HOUR: CallbackWindow = CallbackWindow { minutes: 60 };

    fn settings(do_not_disturb: bool, forward_to: Option<&str>) -> CallsConfig {
        CallsConfig { do_not_disturb, forward_to: forward_to.map(str::to_owned) }
    }

    #[test]
    fn without_settings_a_call_rings() {
        let decision = decide_incoming(&settings(false, None), None, HOUR, NOW);
        assert_eq!(decision, IncomingDecision::Ring { possible_emergency_callback: false });
    }

    #[test]
    fn do_not_disturb_is_busy_and_forwarding_forwards_first() {
        assert_eq!(decide_incoming(&settings(true, None), None, HOUR, NOW), IncomingDecision::Busy);
        let both = settings(true, Some(" +13125550142 "));
        assert_eq!(decide_incoming(&both, None, HOUR, NOW), IncomingDecision::Forward("+13125550142".into()));
    }

    #[test]
    fn inside_the_callback_window_every_call_rings_as_a_possible_callback() {
        let callback = IncomingDecision::Ring { possible_emergency_callback: true };
        let eleven_thirty = Some(NOW - Duration::minutes(30));
        for configured in [settings(false, None), settings(true, None), settings(true, Some("+13125550142"))] {
            assert_eq!(decide_incoming(&configured, eleven_thirty, HOUR, NOW), callback, "{configured:?}");
        }
    }

    #[test]
    fn after_the_window_or_with_it_off_the_settings_apply_again() {
        let long_ago = Some(NOW - Duration::minutes(61));
        assert_eq!(decide_incoming(&settings(true, None), long_ago, HOUR, NOW), IncomingDecision::Busy);
        let just_now = Some(NOW - Duration::minutes(1));
        let off = CallbackWindow { minutes: 0 };
        assert_eq!(decide_incoming(&settings(true, None), just_now, off, NOW), IncomingDecision::Busy);
    }

    #[test]
    fn a_forwarding_number_is_dialled_at_the_accounts_domain() {
        assert_eq!(forward_uri("+1 (312) 555-0142", "pbx.example.com"), "sip:+13125550142@pbx.example.com");
        assert_eq!(forward_uri("sip:bob@other.example", "pbx.example.com"), "sip:bob@other.example");
        assert_eq!(forward_uri("tel:+13125550142", "pbx.example.com"), "tel:+13125550142");
    }
}
