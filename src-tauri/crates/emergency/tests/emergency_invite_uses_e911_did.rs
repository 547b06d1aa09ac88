//! S3: the emergency caller ID — in From and in P-Asserted-Identity — is exactly the 10-digit E911 DID of the
//! current location; the lint says loudly when it cannot be, and never takes the INVITE parts away.

mod common;

use common::*;
use locus_emergency::{
    CarrierUpdateState, DidChoice, E911Status, LintFinding, ReadinessLevel, ReadinessReason, compute_plan,
};
use locus_location::matcher::HowObtained;

#[test]
fn a_did_pool_sends_the_did_registered_where_the_laptop_is() {
    let mut scenario = Scenario::did_pool_at_home();
    for (place_id, address, expected) in [("home", home(), HOME_DID), ("office", office(), OFFICE_DID)] {
        scenario.location = Some(place(place_id, address, HowObtained::Wiremap));
        let plan = scenario.plan();
        let parts = plan.invite_parts();
        assert_eq!(parts.from_user, expected, "{place_id}");
        assert_eq!(pai_user(&parts.p_asserted_identity), expected, "{place_id}");
        assert_eq!(plan.did_choice(), DidChoice::RegisteredHere);
        assert!(plan.lint().is_clean(), "{:?}", plan.lint());
        assert_eq!(plan.readiness().level, ReadinessLevel::Green, "{:?}", plan.readiness());
    }
}

#[test]
fn the_did_matches_a_carrier_record_written_differently() {
    let mut scenario = Scenario::did_pool_at_home();
    let mut as_the_carrier_wrote_it = office();
    as_the_carrier_wrote_it.rd = "NORTH WACKER DRIVE".into();
    as_the_carrier_wrote_it.prd.clear();
    as_the_carrier_wrote_it.sts.clear();
    as_the_carrier_wrote_it.unit = "STE 1200".into();
    as_the_carrier_wrote_it.pc = "60606-4321".into();
    scenario.settings.dids[1].registered_address = Some(as_the_carrier_wrote_it);
    scenario.location = Some(place("office", office(), HowObtained::Wiremap));
    assert_eq!(scenario.plan().caller_id(), OFFICE_DID);
}

#[test]
fn the_caller_id_is_ten_digits_however_the_did_was_stored() {
    let mut scenario = Scenario::did_pool_at_home();
    scenario.settings.dids[0].number = "+1 (312) 555-0100".into();
    let plan = scenario.plan();
    assert_eq!(plan.invite_parts().from_user, "3125550100");
    assert_eq!(plan.invite_parts().p_asserted_identity, "<sip:3125550100@pbx.example;user=phone>");
    assert!(plan.lint().is_clean(), "{:?}", plan.lint());
}

#[test]
fn with_no_did_registered_here_the_default_did_is_sent_and_flagged() {
    let mut scenario = Scenario::did_pool_at_home();
    let mut cabin = home();
    cabin.hno = "9".into();
    cabin.rd = "Lakeshore".into();
    scenario.location = Some(place("cabin", cabin, HowObtained::UserEntered));
    let plan = scenario.plan();
    assert_eq!(plan.caller_id(), HOME_DID);
    assert_eq!(plan.did_choice(), DidChoice::AccountDefault);
    assert!(plan.lint().has(&LintFinding::RegisteredAddressDiffers { did: HOME_DID.into() }));
    assert_eq!(plan.readiness().reason, ReadinessReason::DidLocationMismatch);
    assert_eq!(plan.readiness().level, ReadinessLevel::Amber);
}

#[test]
fn an_unconfirmed_location_never_picks_the_did() {
    let mut scenario = Scenario::did_pool_at_home();
    let mut guess = place("office", office(), HowObtained::UserConfirmed);
    guess.confirmed = false;
    scenario.location = Some(guess);
    let plan = scenario.plan();
    assert_eq!(plan.caller_id(), HOME_DID, "the default, not the unconfirmed office's DID");
    assert!(plan.lint().has(&LintFinding::NoConfirmedLocation));
    assert_eq!(plan.readiness().reason, ReadinessReason::LocationNotConfirmed);
}

#[test]
fn an_inactive_did_at_this_location_loses_to_the_active_default() {
    let mut scenario = Scenario::did_pool_at_home();
    scenario.settings.dids[1].status = E911Status::Inactive;
    scenario.location = Some(place("office", office(), HowObtained::Wiremap));
    assert_eq!(scenario.plan().caller_id(), HOME_DID);
}

#[test]
fn lint_findings_never_take_the_invite_parts_away() {
    let broken: [Change; 5] = [
        |s| s.settings.dids[0].status = E911Status::Inactive,
        |s| s.settings.dids[0].status = E911Status::Pending,
        |s| s.settings.dids[0].registered_address = None,
        |s| s.settings.dids[0].number = "13125550100999".into(),
        |s| s.settings.dids.clear(),
    ];
    for (index, breaking) in broken.into_iter().enumerate() {
        let mut scenario = Scenario::did_pool_at_home();
        breaking(&mut scenario);
        let plan = scenario.plan();
        assert!(!plan.lint().is_clean(), "case {index}");
        let parts = plan.invite_parts();
        assert!(!parts.from_user.is_empty(), "case {index}");
        assert_eq!(parts.from_user, plan.lint().caller_id, "case {index}");
        assert_eq!(pai_user(&parts.p_asserted_identity), parts.from_user, "case {index}");
        assert_eq!(parts.header("Priority"), Some("emergency"), "case {index}");
    }
}

#[test]
fn an_inactive_did_is_red_with_the_outage_warning() {
    let mut scenario = Scenario::did_pool_at_home();
    scenario.settings.dids[0].status = E911Status::Inactive;
    let plan = scenario.plan();
    assert_eq!(plan.readiness().reason, ReadinessReason::DidInactive);
    assert_eq!(plan.readiness().level, ReadinessLevel::Red);
    assert!(plan.readiness().warning.is_some());
    assert!(plan.lint().has(&LintFinding::NotE911Active { did: HOME_DID.into(), status: E911Status::Inactive }));
}

#[test]
fn carrier_update_is_green_only_once_the_carrier_holds_the_current_address() {
    let mut scenario = Scenario::carrier_update_at_office();
    assert_eq!(scenario.plan().readiness().reason, ReadinessReason::Armed);
    assert_eq!(scenario.plan().caller_id(), HOME_DID);

    scenario.location = Some(place("home", home(), HowObtained::UserConfirmed));
    scenario.carrier = Some(CarrierUpdateState::Pending);
    let pending = scenario.plan();
    assert_eq!(pending.readiness().reason, ReadinessReason::CarrierUpdatePending);
    assert_eq!(pending.caller_id(), HOME_DID, "the same DID while the carrier catches up");

    scenario.carrier = Some(CarrierUpdateState::Verified);
    assert_eq!(scenario.plan().readiness().reason, ReadinessReason::CarrierAddressMismatch, "read back, not moved");

    scenario.settings.dids[0].registered_address = Some(home());
    assert_eq!(scenario.plan().readiness().reason, ReadinessReason::Armed);
    scenario.carrier = Some(CarrierUpdateState::Mismatch);
    assert_eq!(scenario.plan().readiness().reason, ReadinessReason::CarrierAddressMismatch);
}

#[test]
fn location_by_value_keeps_the_did_as_callback_number_and_skips_the_address_check() {
    let mut scenario = Scenario::location_by_value_at_office();
    scenario.location = Some(place("home", home(), HowObtained::UserConfirmed));
    let plan = compute_plan(&scenario.inputs());
    assert_eq!(plan.caller_id(), HOME_DID);
    assert!(plan.lint().is_clean(), "{:?}", plan.lint());
    assert!(plan.pidf_lo().is_some());
}
