//! Generates `ui/src/platform/bindings.ts` from the Rust types of the IPC contract and the event catalogue.
//! The file is committed; the test `typescript_bindings_are_current` fails when it drifts from the Rust types
//! and tells how to regenerate it.

use crate::config::{AudioConfig, CallsConfig, ConfigSource, NetworkConfig, UiConfig};
use crate::events::{self, Event};
use crate::ipc::{COMMANDS, IpcError, MapInForce, MapSourceReport, MapStatusReport, StatusReport};
use crate::locating::{ConfirmRequest, LocateReport, LocationEdit};
use crate::{Config, ConfigLoad, ErrorCode, FieldError, LocusPaths, Readiness, ReadinessLevel, ReadinessReason};
use locus_location::civic::{AddressProblem, CivicAddress, Validation};
use locus_location::confirmation::{ConfirmReason, LocationState};
use locus_location::matcher::{Confidence, Evidence, HowObtained, RuleKind, RuleSource, Verdict};
use locus_location::{AuditVerification, Location, PlaceChoice};
use locus_netprobe::{
    DefaultGateway, DefaultRoute, InterfaceInfo, InterfaceKind, NetworkSnapshot, RouteCoverage, SignalState, Underlay,
    VpnMode, VpnState, WifiInfo,
};
use ts_rs::TS;

/// The path of the generated file, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/platform/bindings.ts";

/// The whole TypeScript file.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let declarations = [
        // IPC
        StatusReport::decl(&cfg),
        IpcError::decl(&cfg),
        ErrorCode::decl(&cfg),
        AuditVerification::decl(&cfg),
        // configuration and paths
        Config::decl(&cfg),
        NetworkConfig::decl(&cfg),
        UiConfig::decl(&cfg),
        CallsConfig::decl(&cfg),
        AudioConfig::decl(&cfg),
        crate::audio_view::AudioDeviceView::decl(&cfg),
        crate::audio_view::AudioDevicesView::decl(&cfg),
        ConfigLoad::decl(&cfg),
        ConfigSource::decl(&cfg),
        FieldError::decl(&cfg),
        LocusPaths::decl(&cfg),
        // readiness
        Readiness::decl(&cfg),
        ReadinessLevel::decl(&cfg),
        ReadinessReason::decl(&cfg),
        // network
        NetworkSnapshot::decl(&cfg),
        InterfaceInfo::decl(&cfg),
        InterfaceKind::decl(&cfg),
        DefaultGateway::decl(&cfg),
        DefaultRoute::decl(&cfg),
        RouteCoverage::decl(&cfg),
        Underlay::decl(&cfg),
        VpnState::decl(&cfg),
        VpnMode::decl(&cfg),
        WifiInfo::decl(&cfg),
        SignalState::decl(&cfg),
        // locations
        LocateReport::decl(&cfg),
        LocationState::decl(&cfg),
        ConfirmReason::decl(&cfg),
        Location::decl(&cfg),
        PlaceChoice::decl(&cfg),
        ConfirmRequest::decl(&cfg),
        LocationEdit::decl(&cfg),
        CivicAddress::decl(&cfg),
        Validation::decl(&cfg),
        AddressProblem::decl(&cfg),
        Evidence::decl(&cfg),
        Verdict::decl(&cfg),
        Confidence::decl(&cfg),
        HowObtained::decl(&cfg),
        RuleKind::decl(&cfg),
        RuleSource::decl(&cfg),
        // IT maps
        MapStatusReport::decl(&cfg),
        MapInForce::decl(&cfg),
        MapSourceReport::decl(&cfg),
        crate::PolicySource::decl(&cfg),
        crate::policy::EmergencyPolicy::decl(&cfg),
        // events
        Event::decl(&cfg),
        events::LocationRef::decl(&cfg),
        events::ConfirmPrompt::decl(&cfg),
        events::AccountRef::decl(&cfg),
        events::RegisterFailure::decl(&cfg),
        events::CallRef::decl(&cfg),
        events::CallTransfer::decl(&cfg),
        locus_emergency::PlanSummary::decl(&cfg),
        locus_emergency::EmergencyStrategy::decl(&cfg),
        locus_emergency::DidChoice::decl(&cfg),
        locus_emergency::CallerIdLint::decl(&cfg),
        locus_emergency::LintFinding::decl(&cfg),
        locus_emergency::E911Status::decl(&cfg),
        locus_emergency::ConveyedBy::decl(&cfg),
        crate::calls::CallView::decl(&cfg),
        locus_location::CallRecord::decl(&cfg),
        crate::dial_link::DialLink::decl(&cfg),
        crate::account_view::AccountSettings::decl(&cfg),
        crate::account_view::AccountView::decl(&cfg),
        crate::account_view::RegistrationStatus::decl(&cfg),
        crate::account_view::ConnectionTest::decl(&cfg),
        locus_location::CallDirection::decl(&cfg),
        crate::calls::NumberCheck::decl(&cfg),
        crate::calls::CallKind::decl(&cfg),
        crate::calls::CallState::decl(&cfg),
        crate::calls::TestCallView::decl(&cfg),
        crate::calls::ReadbackExpectation::decl(&cfg),
        crate::calls::TestAnswer::decl(&cfg),
        crate::calls::TestSuggestion::decl(&cfg),
        events::EmergencyCallRef::decl(&cfg),
        events::NotificationRef::decl(&cfg),
        events::TestCallResult::decl(&cfg),
        events::MapRef::decl(&cfg),
        events::MapRejection::decl(&cfg),
        events::CarrierState::decl(&cfg),
        crate::carrier_view::CarrierOverview::decl(&cfg),
        crate::carrier_view::CarrierAccountView::decl(&cfg),
        crate::carrier_view::CarrierProblem::decl(&cfg),
        crate::carrier_view::DidStatus::decl(&cfg),
        crate::carrier_view::CarrierDidView::decl(&cfg),
        locus_carrier::Did::decl(&cfg),
        locus_carrier::RegisteredAddress::decl(&cfg),
        locus_carrier::E911Status::decl(&cfg),
        locus_carrier::SuggestedAddress::decl(&cfg),
        locus_carrier::FieldChange::decl(&cfg),
        locus_carrier::FieldDifference::decl(&cfg),
        events::DeviceError::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in src-tauri/crates/core by the test `typescript_bindings_are_current`.\n\
         // Do not edit by hand: run `LOCUS_UPDATE_BINDINGS=1 cargo test -p locus-core --test \
         typescript_bindings_are_current`.\n\n",
    );
    for declaration in declarations {
        out.push_str("export ");
        out.push_str(declaration.trim());
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "/** The Tauri event channel every `Event` travels on. */\nexport const EVENT_CHANNEL = \"{}\";\n\n",
        events::EVENT_CHANNEL
    ));
    let names = COMMANDS.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    out.push_str(&format!(
        "/** Every IPC command the shell exposes. */\nexport const COMMANDS = [{names}] as const;\n"
    ));
    out.push_str("export type CommandName = (typeof COMMANDS)[number];\n");
    out
}
