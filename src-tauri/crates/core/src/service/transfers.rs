//! Blind transfer in the running service (`transfer_call`): any answered call, placed or answered here, can be
//! handed to another number — except where an emergency is involved. An emergency call, a readback test and a
//! possible PSAP callback are never transferred away (the dispatcher must stay with the person who called), and
//! no call is transferred to an emergency number (911 however it is dialled, 933, the carrier's test numbers,
//! 112): an emergency call must come from the caller's own line, with their location and callback number. The
//! progress reaches the window as `CallTransferring`, then `CallTransferred` or `CallTransferFailed`.

use super::LocusService;
use crate::CoreError;
use crate::calls::{CallKind, CallView};
use locus_emergency::DialClassification;

/// Emergency numbers the dial plan does not treat as 911 that a call must still never be transferred to: some
/// networks route them to a PSAP as well.
const OTHER_EMERGENCY_NUMBERS: &[&str] = &["112"];

impl LocusService {
    /// Blind-transfers the answered call `call_id` to `target` (a number dialled like the dialer does, or a SIP
    /// address): the call is held, the other side asked to call `target`, and once it answered we hang up. Returns
    /// when the transfer went through; fails with `EmergencyTransfer` for an emergency call or an emergency target,
    /// `InvalidTransferTarget` for an empty one, `TransferFailed` when it was refused or did not go through (the
    /// call then goes on), and `NotFound` for an unknown call.
    pub async fn transfer_call(&self, call_id: &str, target: &str) -> Result<(), CoreError> {
        let (view, control) =
            self.calls.find(call_id).ok_or_else(|| CoreError::NoSuchCall(format!("there is no call \"{call_id}\"")))?;
        if let Some(why) = untransferable_call(&view) {
            return Err(CoreError::EmergencyTransfer(why));
        }
        let target = target.trim();
        if target.is_empty() {
            return Err(CoreError::InvalidTransferTarget("enter the number to transfer the call to".into()));
        }
        let classification = self.classify(target);
        if let Some(why) = emergency_target(&classification) {
            return Err(CoreError::EmergencyTransfer(why));
        }
        tracing::info!(%call_id, %target, "transferring a call");
        self.calls.set_transfer_target(call_id, Some(target.to_owned()));
        let outcome = control.transfer(classification.target()).await;
        if outcome.is_err() {
            self.calls.set_transfer_target(call_id, None);
        }
        outcome.map_err(CoreError::from)
    }
}

/// Why `call` may not be transferred away, if it may not: it is an emergency call, a readback test, or possibly
/// the PSAP calling back.
fn untransferable_call(call: &CallView) -> Option<String> {
    match call.kind {
        CallKind::Emergency => {
            Some("an emergency call cannot be transferred: stay on the line with the dispatcher".into())
        }
        CallKind::EmergencyTest => Some("the emergency readback test call cannot be transferred".into()),
        _ if call.possible_emergency_callback => {
            Some("this call may be the 911 dispatcher calling back, so it cannot be transferred".into())
        }
        _ => None,
    }
}

/// Why a call may not be transferred to this target, if it may not: it is an emergency number.
fn emergency_target(target: &DialClassification) -> Option<String> {
    let number = match target {
        DialClassification::Emergency { target, .. } | DialClassification::EmergencyTest { target, .. } => target,
        DialClassification::Normal { target } if OTHER_EMERGENCY_NUMBERS.contains(&dialled_digits(target).as_str()) => {
            target
        }
        DialClassification::Normal { .. } => return None,
    };
    Some(format!(
        "a call cannot be transferred to the emergency number {number}: hang up and dial it yourself, so your \
         location and callback number go with the call"
    ))
}

/// The digits of a dialled number or of the user part of a `sip:`/`tel:` address (`112` from `sip:112@pbx`).
fn dialled_digits(target: &str) -> String {
    let user = match target.split_once(':') {
        Some(("sip" | "sips" | "tel", rest)) => rest.split(['@', ';']).next().unwrap_or(rest),
        _ => target,
    };
    user.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::CallState;
    use locus_emergency::{DialPlanConfig, classify};

    fn call(kind: CallKind, possible_emergency_callback: bool) -> CallView {
        CallView {
            call_id: "c".into(),
            remote: "3125550199".into(),
            remote_name: None,
            kind,
            state: CallState::Established,
            muted: false,
            emergency: None,
            end_reason: None,
            possible_emergency_callback,
        }
    }

    fn refused_target(text: &str) -> Option<String> {
        let plan = DialPlanConfig { outside_line_prefixes: vec!["9".into()], test_numbers: vec!["15555550911".into()] };
        emergency_target(&classify(text, &plan))
    }

    #[test]
    fn emergency_calls_tests_and_possible_psap_callbacks_stay_where_they_are() {
        assert!(untransferable_call(&call(CallKind::Emergency, false)).is_some_and(|why| why.contains("dispatcher")));
        assert!(untransferable_call(&call(CallKind::EmergencyTest, false)).is_some());
        assert!(untransferable_call(&call(CallKind::Incoming, true)).is_some_and(|why| why.contains("calling back")));
        assert_eq!(untransferable_call(&call(CallKind::Normal, false)), None);
        assert_eq!(untransferable_call(&call(CallKind::Incoming, false)), None);
    }

    #[test]
    fn no_call_goes_to_an_emergency_number_however_it_is_written() {
        for target in ["911", "9-911", "tel:911", "sip:911@pbx.example.com", "933", "1 (555) 555-0911", "112"] {
            let why = refused_target(target).unwrap_or_else(|| panic!("{target} must be refused"));
            assert!(why.contains("emergency number"), "{why}");
        }
        assert!(refused_target("sip:112@pbx.example.com").is_some());
        for target in ["3125550142", "+1 312 555 0142", "sip:bob@example.com", "9112", "1120"] {
            assert_eq!(refused_target(target), None, "{target} is an ordinary number");
        }
    }

    #[test]
    fn the_digits_of_an_address_are_its_user_part() {
        assert_eq!(dialled_digits("sip:112@pbx.example.com;user=phone"), "112");
        assert_eq!(dialled_digits("tel:+1-312-555-0142"), "13125550142");
        assert_eq!(dialled_digits("(312) 555-0142"), "3125550142");
    }
}
