//! Fixtures shared by the behaviour tests: two places (home and the office), an E911 DID registered at each, and
//! a scenario that owns every plan input so a test changes one thing and computes the plan.
#![allow(dead_code)]

use locus_emergency::{
    CarrierUpdateState, CurrentLocation, E911Did, E911Settings, E911Status, EmergencyPlan, EmergencyStrategy,
    PlanInputs, RegistrationState, compute_plan,
};
use locus_location::civic::CivicAddress;
use locus_location::matcher::HowObtained;
use time::OffsetDateTime;
use time::macros::datetime;

pub(crate) const HOME_DID: &str = "3125550100";
pub(crate) const OFFICE_DID: &str = "3125550177";
pub(crate) const ACCOUNT_CALLER_ID: &str = "+1 (773) 555-0199";
pub(crate) const NOW: OffsetDateTime = datetime!(2025-03-01 12:00 UTC);

pub(crate) fn home() -> CivicAddress {
    CivicAddress {
        country: "US".into(),
        a1: "IL".into(),
        a3: "Oak Park".into(),
        hno: "418".into(),
        rd: "Elm".into(),
        sts: "Ave".into(),
        pc: "60302".into(),
        ..CivicAddress::default()
    }
}

pub(crate) fn office() -> CivicAddress {
    CivicAddress {
        country: "US".into(),
        a1: "IL".into(),
        a2: "Cook".into(),
        a3: "Chicago".into(),
        prd: "N".into(),
        rd: "Wacker".into(),
        sts: "Dr".into(),
        hno: "233".into(),
        flr: "12".into(),
        unit: "1200".into(),
        pc: "60606".into(),
        nam: "Acme Logistics".into(),
        multi_storey: true,
        ..CivicAddress::default()
    }
}

pub(crate) fn did(number: &str, address: CivicAddress) -> E911Did {
    E911Did {
        number: number.into(),
        carrier: "voip.ms".into(),
        status: E911Status::Active,
        registered_address: Some(address),
        last_verified: Some(datetime!(2025-02-01 09:00 UTC)),
    }
}

pub(crate) fn place(id: &str, address: CivicAddress, how_obtained: HowObtained) -> CurrentLocation {
    CurrentLocation { location_id: id.into(), label: format!("{id} label"), address, how_obtained, confirmed: true }
}

/// One change to a scenario, for table tests.
pub(crate) type Change = fn(&mut Scenario);

/// Everything a plan depends on, owned.
pub(crate) struct Scenario {
    pub(crate) settings: E911Settings,
    pub(crate) location: Option<CurrentLocation>,
    pub(crate) has_network: bool,
    pub(crate) registration: RegistrationState,
    pub(crate) carrier: Option<CarrierUpdateState>,
    pub(crate) account_caller_id: String,
}

impl Scenario {
    /// A DID pool with a home and an office DID (home is the default), confirmed at home, registered.
    pub(crate) fn did_pool_at_home() -> Self {
        Self {
            settings: E911Settings {
                strategy: EmergencyStrategy::DidPool,
                dids: vec![did(HOME_DID, home()), did(OFFICE_DID, office())],
                default_did: Some(HOME_DID.into()),
                test_number: Some("15555550911".into()),
            },
            location: Some(place("home", home(), HowObtained::UserConfirmed)),
            has_network: true,
            registration: RegistrationState::Registered,
            carrier: None,
            account_caller_id: ACCOUNT_CALLER_ID.into(),
        }
    }

    /// One DID whose carrier address follows the user, verified at the office.
    pub(crate) fn carrier_update_at_office() -> Self {
        let mut scenario = Self::did_pool_at_home();
        scenario.settings.strategy = EmergencyStrategy::CarrierUpdate;
        scenario.settings.dids = vec![did(HOME_DID, office())];
        scenario.location = Some(place("office", office(), HowObtained::Wiremap));
        scenario.carrier = Some(CarrierUpdateState::Verified);
        scenario
    }

    /// Location by value with one callback DID, at the office (IT's wiremap).
    pub(crate) fn location_by_value_at_office() -> Self {
        let mut scenario = Self::carrier_update_at_office();
        scenario.settings.strategy = EmergencyStrategy::LocationByValue;
        scenario.carrier = None;
        scenario
    }

    pub(crate) fn inputs(&self) -> PlanInputs<'_> {
        PlanInputs {
            account_id: "work",
            sip_user: "alice",
            sip_domain: "pbx.example",
            account_caller_id: &self.account_caller_id,
            settings: &self.settings,
            location: self.location.as_ref(),
            has_network: self.has_network,
            registration: self.registration,
            carrier: self.carrier,
            device_id: Some("urn:uuid:6f0c2b1e-8d8e-4a52-9a55-3f1c2d4e5f60"),
            now: NOW,
        }
    }

    pub(crate) fn plan(&self) -> EmergencyPlan {
        compute_plan(&self.inputs())
    }
}

/// The user part of a P-Asserted-Identity value: `<sip:3125550100@pbx.example;user=phone>` → `3125550100`.
pub(crate) fn pai_user(value: &str) -> &str {
    value.trim_start_matches("<sip:").split('@').next().unwrap_or_default()
}
