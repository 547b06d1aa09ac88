//! S1 at the plan: whatever is missing — location, DID, registration, network — a plan exists with INVITE parts
//! (falling back to the account's own caller ID), and its readiness says what is wrong and how badly.

mod common;

use common::*;
use locus_emergency::{
    DidChoice, LintFinding, OUTAGE_WARNING, ReadinessLevel, ReadinessReason, RegistrationState, compute_plan,
};

#[test]
fn with_nothing_known_the_plan_still_has_invite_parts_and_says_use_another_phone() {
    let mut scenario = Scenario::did_pool_at_home();
    scenario.settings.dids.clear();
    scenario.settings.default_did = None;
    scenario.location = None;
    scenario.registration = RegistrationState::Failed;
    scenario.has_network = false;
    let plan = scenario.plan();
    let parts = plan.invite_parts();
    assert_eq!(parts.from_user, "7735550199", "the account's caller ID, as 10 digits");
    assert_eq!(pai_user(&parts.p_asserted_identity), "7735550199");
    assert_eq!(parts.header("Priority"), Some("emergency"));
    assert_eq!(plan.did_choice(), DidChoice::NoDid);
    assert!(plan.lint().has(&LintFinding::NoE911Did));
    let readiness = plan.readiness();
    assert_eq!((readiness.level, readiness.reason), (ReadinessLevel::Red, ReadinessReason::NoNetwork));
    assert!(readiness.summary.contains("use another phone for 911"), "{}", readiness.summary);
    assert_eq!(readiness.warning.as_deref(), Some(OUTAGE_WARNING));
    assert_eq!(
        readiness.also,
        vec![ReadinessReason::NoE911Did, ReadinessReason::RegistrationFailed, ReadinessReason::NoLocation]
    );
    assert_eq!(plan.conveyed_location(), None);
}

#[test]
fn with_no_caller_id_at_all_the_sip_user_is_sent() {
    let mut scenario = Scenario::did_pool_at_home();
    scenario.settings.dids.clear();
    scenario.account_caller_id.clear();
    let plan = scenario.plan();
    assert_eq!(plan.invite_parts().from_user, "alice");
    assert_eq!(plan.readiness().reason, ReadinessReason::NoE911Did);
    assert!(plan.lint().has(&LintFinding::NotTenDigits { caller_id: "alice".into() }));
}

#[test]
fn each_missing_piece_has_its_own_reason_and_colour() {
    let cases: [(Change, ReadinessReason, ReadinessLevel); 6] = [
        (|s| s.has_network = false, ReadinessReason::NoNetwork, ReadinessLevel::Red),
        (|s| s.registration = RegistrationState::Failed, ReadinessReason::RegistrationFailed, ReadinessLevel::Amber),
        (|s| s.registration = RegistrationState::Unknown, ReadinessReason::RegistrationPending, ReadinessLevel::Amber),
        (|s| s.location = None, ReadinessReason::NoLocation, ReadinessLevel::Amber),
        (
            |s| s.location.iter_mut().for_each(|l| l.confirmed = false),
            ReadinessReason::LocationNotConfirmed,
            ReadinessLevel::Amber,
        ),
        (
            |s| s.location.iter_mut().for_each(|l| l.address.multi_storey = true),
            ReadinessReason::LocationNotDispatchable,
            ReadinessLevel::Amber,
        ),
    ];
    for (breaking, reason, level) in cases {
        let mut scenario = Scenario::did_pool_at_home();
        breaking(&mut scenario);
        let plan = scenario.plan();
        assert_eq!((plan.readiness().reason, plan.readiness().level), (reason, level));
        assert_eq!(plan.invite_parts().from_user, HOME_DID, "{reason:?}: the DID is still sent");
    }
}

#[test]
fn the_same_inputs_give_the_same_plan() {
    let scenario = Scenario::location_by_value_at_office();
    assert_eq!(compute_plan(&scenario.inputs()), compute_plan(&scenario.inputs()));
}

#[test]
fn the_plan_and_its_summary_serialise_for_the_audit_log_and_the_ui() {
    let plan = Scenario::did_pool_at_home().plan();
    let summary = serde_json::to_value(plan.summary()).expect("summary");
    assert_eq!(summary["caller_id"], HOME_DID);
    assert_eq!(summary["did_choice"], "registered_here");
    assert_eq!(summary["readiness"]["reason"], "armed");
    assert_eq!(summary["location_sent_by"], "carrier_record");
    assert_eq!(summary["location_sent"], "418 Elm Ave, Oak Park, IL 60302, US");
    assert_eq!(summary["computed_at"], "2025-03-01T12:00:00Z");
    let whole = serde_json::to_value(&plan).expect("plan");
    assert_eq!(whole["invite"]["from_user"], HOME_DID);
}
