//! E911 readiness: one colour, one stable reason code and one sentence, always visible in the window and the
//! tray. Red means 911 from this app is unlikely to reach the right dispatcher — use another phone — and always
//! carries the outage warning interconnected VoIP must give; amber means 911 dials but the user should act
//! (confirm the location, wait for the carrier, tell the dispatcher the address); green means armed.
//!
//! Reasons are ordered most serious first; the plan collects every reason that applies and the first one
//! decides. Whatever the colour, 911 still dials (S1).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The warning interconnected VoIP must give, shown with every red readiness.
pub const OUTAGE_WARNING: &str = "911 calls from Locus need power and a working internet connection and may not \
                                  work during an outage: keep another phone at hand for 911.";

/// Traffic-light level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessLevel {
    /// E911 is armed: a 911 call carries a dispatchable location and the right callback number.
    Green,
    /// 911 dials, but the dispatcher may not get the right location: the user should act.
    Amber,
    /// 911 from this app is unlikely to work or to reach the right dispatcher: use another phone.
    Red,
}

/// Why readiness is what it is: a stable code for the UI and the log, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessReason {
    /// There is no network: calls cannot go out.
    NoNetwork,
    /// No SIP account is set up.
    NoAccount,
    /// The account has no E911 DID.
    NoE911Did,
    /// The caller ID that 911 would carry is not exactly 10 digits.
    CallerIdNotTenDigits,
    /// The chosen DID has E911 switched off at the carrier.
    DidInactive,
    /// Registration with the SIP service failed: 911 is still tried, but may fail.
    RegistrationFailed,
    /// Nobody knows where the laptop is.
    NoLocation,
    /// The location is a guess the user has not confirmed.
    LocationNotConfirmed,
    /// The location lacks the floor, unit or room needed to find the caller.
    LocationNotDispatchable,
    /// DID pool: no DID is registered at the current location; the default DID's address would be sent.
    DidLocationMismatch,
    /// Carrier update: the new address was sent and is not read back yet.
    CarrierUpdatePending,
    /// Carrier update: the carrier's address for the DID is not the current location.
    CarrierAddressMismatch,
    /// The address the carrier holds for the DID is not known.
    DidAddressUnknown,
    /// E911 activation of the DID is pending at the carrier.
    DidPending,
    /// The DID's E911 status was never checked.
    DidStatusUnknown,
    /// Registration with the SIP service has not finished yet.
    RegistrationPending,
    /// Everything needed is in place.
    Armed,
}

impl ReadinessReason {
    /// The colour this reason gives.
    pub fn level(self) -> ReadinessLevel {
        use ReadinessReason::*;
        match self {
            NoNetwork | NoAccount | NoE911Did | CallerIdNotTenDigits | DidInactive => ReadinessLevel::Red,
            Armed => ReadinessLevel::Green,
            RegistrationFailed
            | NoLocation
            | LocationNotConfirmed
            | LocationNotDispatchable
            | DidLocationMismatch
            | CarrierUpdatePending
            | CarrierAddressMismatch
            | DidAddressUnknown
            | DidPending
            | DidStatusUnknown
            | RegistrationPending => ReadinessLevel::Amber,
        }
    }

    /// One sentence for people (the tray tooltip). Red ones say to use another phone.
    pub fn summary(self) -> &'static str {
        use ReadinessReason::*;
        match self {
            NoNetwork => "E911 unavailable — no network: use another phone for 911.",
            NoAccount => "E911 unavailable — no calling account is set up: use another phone for 911.",
            NoE911Did => "E911 unavailable — this account has no E911 number: use another phone for 911.",
            CallerIdNotTenDigits => {
                "E911 unavailable — the emergency caller ID is not a 10-digit E911 number: use another phone for 911."
            }
            DidInactive => "E911 unavailable — E911 is not active on this account's number: use another phone for 911.",
            RegistrationFailed => {
                "Not connected to the phone service — 911 will still be tried but may fail: keep another phone at hand."
            }
            NoLocation => {
                "E911 not armed — tell Locus where you are; if you call 911, tell the dispatcher your address."
            }
            LocationNotConfirmed => {
                "E911 not armed — confirm your location; if you call 911, tell the dispatcher your address."
            }
            LocationNotDispatchable => "E911 not fully armed — add the floor, unit or room so responders can find you.",
            DidLocationMismatch => {
                "No E911 number is registered at this location — if you call 911, tell the dispatcher your address."
            }
            CarrierUpdatePending => {
                "Your carrier is still registering your new address — until then, tell a 911 dispatcher your address."
            }
            CarrierAddressMismatch => {
                "Your carrier's E911 address is not where you are — if you call 911, tell the dispatcher your address."
            }
            DidAddressUnknown => {
                "The address your carrier holds for your E911 number is unknown — check it in the account settings."
            }
            DidPending => "E911 activation of your number is still pending at the carrier.",
            DidStatusUnknown => "The E911 status of your number has not been checked with the carrier yet.",
            RegistrationPending => "Connecting to the phone service — E911 is armed once connected.",
            Armed => "E911 armed — your location and callback number are set.",
        }
    }
}

/// The readiness shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Readiness {
    /// Colour.
    pub level: ReadinessLevel,
    /// The most serious reason.
    pub reason: ReadinessReason,
    /// One sentence for people, also the tray tooltip.
    pub summary: String,
    /// The outage warning ([`OUTAGE_WARNING`]) when red.
    pub warning: Option<String>,
    /// Every further reason that applies, most serious first.
    pub also: Vec<ReadinessReason>,
}

impl Readiness {
    /// Readiness from every reason that applies (none: armed).
    pub fn from_reasons(mut reasons: Vec<ReadinessReason>) -> Self {
        reasons.sort_unstable();
        reasons.dedup();
        reasons.retain(|r| *r != ReadinessReason::Armed);
        let reason = if reasons.is_empty() { ReadinessReason::Armed } else { reasons.remove(0) };
        let level = reason.level();
        Self {
            level,
            reason,
            summary: reason.summary().to_owned(),
            warning: (level == ReadinessLevel::Red).then(|| OUTAGE_WARNING.to_owned()),
            also: reasons,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReadinessReason::*;

    #[test]
    fn the_most_serious_reason_decides_and_the_rest_are_kept() {
        let readiness = Readiness::from_reasons(vec![DidPending, NoLocation, NoE911Did, NoLocation]);
        assert_eq!((readiness.level, readiness.reason), (ReadinessLevel::Red, NoE911Did));
        assert_eq!(readiness.also, vec![NoLocation, DidPending]);
    }

    #[test]
    fn every_red_reason_says_use_another_phone_and_carries_the_outage_warning() {
        for reason in [NoNetwork, NoAccount, NoE911Did, CallerIdNotTenDigits, DidInactive] {
            let readiness = Readiness::from_reasons(vec![reason]);
            assert_eq!(readiness.level, ReadinessLevel::Red);
            assert!(readiness.summary.contains("use another phone for 911"), "{reason:?}");
            assert_eq!(readiness.warning.as_deref(), Some(OUTAGE_WARNING));
        }
    }

    #[test]
    fn no_reason_is_armed_and_green_without_a_warning() {
        let readiness = Readiness::from_reasons(Vec::new());
        assert_eq!((readiness.level, readiness.reason, readiness.warning), (ReadinessLevel::Green, Armed, None));
    }

    #[test]
    fn reasons_are_snake_case_codes() {
        assert_eq!(serde_json::to_value(CarrierUpdatePending).expect("json"), "carrier_update_pending");
        assert_eq!(serde_json::to_value(CallerIdNotTenDigits).expect("json"), "caller_id_not_ten_digits");
    }
}
