//! The emergency plan: everything a 911 (or 933) call from one account will carry, computed from plain inputs
//! on every network, location, DID or registration change so that dialing only reads it (S4). It holds the
//! caller ID and how it was chosen, the caller-ID lint, the location the PSAP will get and how, the PIDF-LO for
//! location by value, the INVITE parts, and readiness.
//!
//! A plan always exists (S1): with no location, no DID, no registration or no network it still has INVITE parts
//! — the account's own caller ID, `Priority: emergency` — and says how bad things are in its readiness. The
//! lint's findings never remove parts (S3). It does no I/O and reads no clock: `now` is an input.

mod choice;
mod reasons;

use crate::did::{E911Did, E911Settings, EmergencyStrategy};
use crate::invite::{InviteParts, LocationBodyPart};
use crate::lint::{CallerIdLint, lint_caller_id};
use crate::pidf_lo::{LocationMethod, PidfLoInput, build_pidf_lo, presence_entity, rfc3339_utc};
use crate::readiness::Readiness;
use choice::{CallerChoice, choose_caller};
use locus_location::civic::CivicAddress;
use locus_location::matcher::HowObtained;
use reasons::readiness_reasons;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

/// Where the account's registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    /// Registered with the SIP service.
    Registered,
    /// The last registration attempt failed.
    Failed,
    /// Not known yet (starting, or re-registering after a network change).
    Unknown,
}

/// For the carrier-update strategy: has the carrier's E911 record caught up with the confirmed location?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CarrierUpdateState {
    /// Read back and equal to the current location.
    Verified,
    /// Update sent, not read back equal yet.
    Pending,
    /// Read back and different from the current location.
    Mismatch,
}

/// The location the laptop is at, as the location crate resolved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CurrentLocation {
    /// Location id.
    pub location_id: String,
    /// Label for people ("Home office").
    pub label: String,
    /// The civic address.
    pub address: CivicAddress,
    /// How it was obtained (decides the PIDF-LO method and is recorded).
    pub how_obtained: HowObtained,
    /// Resolved (IT map, or confirmed by the user) rather than a suggestion waiting for an answer. Only a
    /// confirmed location chooses a DID or travels by value (S2: no false location).
    pub confirmed: bool,
}

/// Everything a plan depends on.
#[derive(Debug, Clone, Copy)]
pub struct PlanInputs<'a> {
    /// The SIP account the emergency call goes out on.
    pub account_id: &'a str,
    /// Its SIP user (the last-resort caller ID).
    pub sip_user: &'a str,
    /// Its SIP domain (for P-Asserted-Identity and the Content-ID).
    pub sip_domain: &'a str,
    /// Its ordinary caller ID (used only when it has no E911 DID).
    pub account_caller_id: &'a str,
    /// Its E911 settings: strategy, DIDs, default DID.
    pub settings: &'a E911Settings,
    /// Where the laptop is, if anyone knows.
    pub location: Option<&'a CurrentLocation>,
    /// Is there a network at all?
    pub has_network: bool,
    /// The account's registration.
    pub registration: RegistrationState,
    /// For carrier update: the carrier's read-back state, if known.
    pub carrier: Option<CarrierUpdateState>,
    /// A stable id of this device for the PIDF-LO (`urn:uuid:…`), if known.
    pub device_id: Option<&'a str>,
    /// Now.
    pub now: OffsetDateTime,
}

/// How the caller ID was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DidChoice {
    /// DID pool: the DID registered at the current location.
    RegisteredHere,
    /// The account's default E911 DID: the normal choice for carrier update and location by value, a flagged
    /// fallback for a DID pool.
    AccountDefault,
    /// No E911 DID: the account's own caller ID.
    NoDid,
}

/// How the location reaches the PSAP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConveyedBy {
    /// In the INVITE, as a PIDF-LO.
    ByValue,
    /// Looked up by the caller ID in the carrier's E911 record.
    CarrierRecord,
}

/// The location the PSAP will get, for the screen and the Kari's Law notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConveyedLocation {
    /// How it gets there.
    pub by: ConveyedBy,
    /// The address.
    pub address: CivicAddress,
}

/// What a 911 or 933 call from one account will carry. Made only by [`compute_plan`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmergencyPlan {
    account_id: String,
    strategy: EmergencyStrategy,
    did_choice: DidChoice,
    lint: CallerIdLint,
    location: Option<CurrentLocation>,
    conveyed: Option<ConveyedLocation>,
    readiness: Readiness,
    #[serde(with = "time::serde::rfc3339")]
    computed_at: OffsetDateTime,
    invite: InviteParts,
}

/// The plan as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanSummary {
    /// The account.
    pub account_id: String,
    /// Its strategy.
    pub strategy: EmergencyStrategy,
    /// The callback number sent in From and P-Asserted-Identity.
    pub caller_id: String,
    /// How it was chosen.
    pub did_choice: DidChoice,
    /// The caller-ID lint.
    pub lint: CallerIdLint,
    /// The label of the confirmed location, if any.
    pub location_label: Option<String>,
    /// The location the PSAP will get, as one line, if known.
    pub location_sent: Option<String>,
    /// How it gets there.
    pub location_sent_by: Option<ConveyedBy>,
    /// Readiness.
    pub readiness: Readiness,
    /// When the plan was computed (RFC 3339).
    pub computed_at: String,
}

/// Computes the plan. Never fails: whatever is missing lowers readiness, and the INVITE parts exist anyway.
pub fn compute_plan(inputs: &PlanInputs<'_>) -> EmergencyPlan {
    let settings = inputs.settings;
    let confirmed = inputs.location.filter(|location| location.confirmed);
    let CallerChoice { did, how, caller_id } =
        choose_caller(settings, confirmed.map(|l| &l.address), inputs.account_caller_id, inputs.sip_user);
    let domain = host_or_placeholder(inputs.sip_domain);
    let by_value = confirmed
        .filter(|_| settings.strategy == EmergencyStrategy::LocationByValue)
        .map(|location| location_part(location, &caller_id, &domain, inputs));
    let lint = lint_caller_id(&caller_id, did, confirmed.map(|l| &l.address), by_value.is_none());
    let readiness = Readiness::from_reasons(readiness_reasons(inputs, &lint));
    let conveyed = conveyed_location(by_value.as_ref().and(confirmed), did);
    EmergencyPlan {
        account_id: inputs.account_id.to_owned(),
        strategy: settings.strategy,
        did_choice: how,
        lint,
        location: confirmed.cloned(),
        conveyed,
        readiness,
        computed_at: inputs.now,
        invite: InviteParts::new(&caller_id, &domain, by_value),
    }
}

/// The PIDF-LO part for `location`, with a Content-ID unique to this location and moment.
fn location_part(
    location: &CurrentLocation,
    caller_id: &str,
    domain: &str,
    inputs: &PlanInputs<'_>,
) -> LocationBodyPart {
    let pidf_lo = build_pidf_lo(&PidfLoInput {
        entity: &presence_entity(caller_id, domain),
        address: &location.address,
        method: LocationMethod::from_how_obtained(location.how_obtained),
        device_id: inputs.device_id,
        timestamp: inputs.now,
    });
    let id: String =
        location.location_id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).take(40).collect();
    let id = if id.is_empty() { "here".to_owned() } else { id };
    LocationBodyPart { content_id: format!("loc-{id}-{}@{domain}", inputs.now.unix_timestamp()), pidf_lo }
}

/// The location the PSAP gets: the one sent by value, else the chosen DID's carrier record.
fn conveyed_location(by_value: Option<&CurrentLocation>, did: Option<&E911Did>) -> Option<ConveyedLocation> {
    match (by_value, did.and_then(|did| did.registered_address.as_ref())) {
        (Some(location), _) => Some(ConveyedLocation { by: ConveyedBy::ByValue, address: location.address.clone() }),
        (None, Some(registered)) => {
            Some(ConveyedLocation { by: ConveyedBy::CarrierRecord, address: registered.clone() })
        }
        (None, None) => None,
    }
}

/// Stands in for a SIP domain that cannot be written into a URI or a Content-ID as it is.
const PLACEHOLDER_HOST: &str = "locus.invalid";

/// The account's domain if it is a plain host name (letters, digits, dots, dashes), else a placeholder: a
/// P-Asserted-Identity or Content-ID must stay well-formed whatever the configuration holds.
fn host_or_placeholder(domain: &str) -> String {
    let domain = domain.trim();
    let plain = !domain.is_empty() && domain.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    if plain { domain.to_owned() } else { PLACEHOLDER_HOST.to_owned() }
}

impl EmergencyPlan {
    /// What the emergency INVITE adds: caller ID for From and P-Asserted-Identity, headers, the PIDF-LO part.
    /// Precomputed: reading it at dial time costs nothing (S4).
    pub fn invite_parts(&self) -> &InviteParts {
        &self.invite
    }

    /// The caller ID sent in From and P-Asserted-Identity.
    pub fn caller_id(&self) -> &str {
        &self.invite.from_user
    }

    /// The account.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The account's strategy.
    pub fn strategy(&self) -> EmergencyStrategy {
        self.strategy
    }

    /// How the caller ID was chosen.
    pub fn did_choice(&self) -> DidChoice {
        self.did_choice
    }

    /// The caller-ID lint (S3). Shown and logged; it never stops the call.
    pub fn lint(&self) -> &CallerIdLint {
        &self.lint
    }

    /// The confirmed location the plan was made for, if any.
    pub fn location(&self) -> Option<&CurrentLocation> {
        self.location.as_ref()
    }

    /// The location the PSAP will get and how, if known.
    pub fn conveyed_location(&self) -> Option<&ConveyedLocation> {
        self.conveyed.as_ref()
    }

    /// The PIDF-LO sent by value, if any.
    pub fn pidf_lo(&self) -> Option<&str> {
        self.invite.location.as_ref().map(|part| part.pidf_lo.as_str())
    }

    /// Readiness.
    pub fn readiness(&self) -> &Readiness {
        &self.readiness
    }

    /// When the plan was computed.
    pub fn computed_at(&self) -> OffsetDateTime {
        self.computed_at
    }

    /// The plan for the UI.
    pub fn summary(&self) -> PlanSummary {
        PlanSummary {
            account_id: self.account_id.clone(),
            strategy: self.strategy,
            caller_id: self.caller_id().to_owned(),
            did_choice: self.did_choice,
            lint: self.lint.clone(),
            location_label: self.location.as_ref().map(|l| l.label.clone()),
            location_sent: self.conveyed.as_ref().map(|c| c.address.one_line()),
            location_sent_by: self.conveyed.as_ref().map(|c| c.by),
            readiness: self.readiness.clone(),
            computed_at: rfc3339_utc(self.computed_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_that_cannot_go_into_a_uri_is_replaced() {
        assert_eq!(host_or_placeholder(" pbx.example "), "pbx.example");
        for odd in ["", "pbx.example:5060", "[2001:db8::1]", "a b", "pbx>example"] {
            assert_eq!(host_or_placeholder(odd), PLACEHOLDER_HOST, "{odd:?}");
        }
    }
}
