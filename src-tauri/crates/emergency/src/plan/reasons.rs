//! Which readiness reasons apply to a plan: the network, the registration, the location, the caller-ID lint's
//! findings and, for carrier update, the carrier's read-back state. The colour and sentence follow from the most
//! serious reason (`Readiness::from_reasons`).

use super::{CarrierUpdateState, PlanInputs, RegistrationState};
use crate::did::{E911Status, EmergencyStrategy};
use crate::lint::{CallerIdLint, LintFinding};
use crate::readiness::ReadinessReason;
use locus_location::civic::validate;

/// Every reason that applies; empty when E911 is armed.
pub(super) fn readiness_reasons(inputs: &PlanInputs<'_>, lint: &CallerIdLint) -> Vec<ReadinessReason> {
    let mut reasons = Vec::new();
    if !inputs.has_network {
        reasons.push(ReadinessReason::NoNetwork);
    }
    match inputs.registration {
        RegistrationState::Registered => {}
        RegistrationState::Failed => reasons.push(ReadinessReason::RegistrationFailed),
        RegistrationState::Unknown => reasons.push(ReadinessReason::RegistrationPending),
    }
    match inputs.location {
        None => reasons.push(ReadinessReason::NoLocation),
        Some(location) if !location.confirmed => reasons.push(ReadinessReason::LocationNotConfirmed),
        Some(location) if !validate(&location.address).dispatchable => {
            reasons.push(ReadinessReason::LocationNotDispatchable);
        }
        Some(_) => {}
    }
    let strategy = inputs.settings.strategy;
    let carrier_pending =
        strategy == EmergencyStrategy::CarrierUpdate && inputs.carrier == Some(CarrierUpdateState::Pending);
    reasons.extend(lint.findings.iter().filter_map(|finding| match finding {
        LintFinding::NoE911Did => Some(ReadinessReason::NoE911Did),
        LintFinding::NotTenDigits { .. } => Some(ReadinessReason::CallerIdNotTenDigits),
        LintFinding::NotE911Active { status: E911Status::Inactive, .. } => Some(ReadinessReason::DidInactive),
        LintFinding::NotE911Active { status: E911Status::Pending, .. } => Some(ReadinessReason::DidPending),
        LintFinding::NotE911Active { .. } => Some(ReadinessReason::DidStatusUnknown),
        LintFinding::RegisteredAddressUnknown { .. } if carrier_pending => Some(ReadinessReason::CarrierUpdatePending),
        LintFinding::RegisteredAddressUnknown { .. } => Some(ReadinessReason::DidAddressUnknown),
        LintFinding::RegisteredAddressDiffers { .. } if carrier_pending => Some(ReadinessReason::CarrierUpdatePending),
        LintFinding::RegisteredAddressDiffers { .. } if strategy == EmergencyStrategy::CarrierUpdate => {
            Some(ReadinessReason::CarrierAddressMismatch)
        }
        LintFinding::RegisteredAddressDiffers { .. } => Some(ReadinessReason::DidLocationMismatch),
        // The location reasons above already say the location is missing or unconfirmed.
        LintFinding::NoConfirmedLocation => None,
    }));
    if strategy == EmergencyStrategy::CarrierUpdate {
        match inputs.carrier {
            Some(CarrierUpdateState::Pending) => reasons.push(ReadinessReason::CarrierUpdatePending),
            Some(CarrierUpdateState::Mismatch) => reasons.push(ReadinessReason::CarrierAddressMismatch),
            Some(CarrierUpdateState::Verified) | None => {}
        }
    }
    reasons
}
