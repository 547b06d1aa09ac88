//! The E911 tab's requests about carriers: the overview of every account's DIDs and the addresses the carrier
//! holds, "sync now", and the user's answer to the carrier's suggested corrections (accept one: the place is
//! corrected and synced again; or keep theirs). Each decision is an audit entry. None of this is on the
//! emergency path (S4).

use super::LocusService;
use super::carrier_update::UpdateTarget;
use crate::CoreError;
use crate::accounts::AccountBook;
use crate::carrier_link::{self, CarrierBook, CarrierSettings};
use crate::carrier_view::{CarrierAccountView, CarrierOverview, CarrierProblem, Comparison, did_view};
use crate::e911_book::E911Book;
use crate::events::{CarrierState, Event};
use crate::locating::LocationEdit;
use locus_carrier::{Did, ReconcileState};
use locus_emergency::EmergencyStrategy;
use locus_location::{LocationError, NewAuditEntry};
use std::sync::Arc;
use time::OffsetDateTime;

/// The audit kind of the user's answer to the carrier's corrections.
const DECISION_KIND: &str = "carrier.decision";

impl LocusService {
    /// Every account with a carrier, each DID as the carrier lists it now, with where it stands.
    pub async fn carrier_overview(&self) -> Result<CarrierOverview, CoreError> {
        let book = CarrierBook::load(&self.paths)?;
        let plan = self.emergency_plan();
        let place = self.place_in_force().await.map(|place| place.address);
        let mut accounts = Vec::new();
        for (account_id, settings) in &book.carriers {
            let is_emergency_account = plan.as_ref().is_some_and(|p| &p.account_id == account_id);
            let caller_id = plan.as_ref().filter(|_| is_emergency_account).and_then(|p| Did::parse(&p.caller_id).ok());
            let follows_location =
                is_emergency_account && plan.as_ref().is_some_and(|p| p.strategy == EmergencyStrategy::CarrierUpdate);
            let mut view = CarrierAccountView {
                account_id: account_id.clone(),
                carrier: carrier_kind(settings).into(),
                follows_location,
                dids: Vec::new(),
                error: None,
            };
            let wanted = match (&caller_id, follows_location) {
                (Some(did), true) => place.as_ref().map(|address| (did, address)),
                _ => None,
            };
            match carrier_link::list_dids_compared(&self.paths, Arc::clone(&self.secrets), account_id, wanted).await {
                Ok((records, differences)) => {
                    for record in records {
                        let did = record.did.to_string();
                        let latest = self.carrier_updates.latest(&did);
                        let running = self.carrier_updates.is_running(&did);
                        let is_caller_id = caller_id.as_ref().is_some_and(|c| c == &record.did);
                        let compared =
                            wanted.filter(|(wanted_did, _)| *wanted_did == &record.did).map(|(_, address)| {
                                Comparison { wanted: address.clone(), differences: differences.clone() }
                            });
                        let last = latest.as_ref().map(|l| &l.last);
                        view.dids.push(did_view(record, is_caller_id, last, running, compared));
                    }
                }
                Err(err) => view.error = Some(CarrierProblem { code: err.code(), message: err.to_string() }),
            }
            accounts.push(view);
        }
        let without_carrier = AccountBook::load(&self.paths)
            .map(|sip| sip.accounts.into_iter().map(|a| a.id).filter(|id| !book.carriers.contains_key(id)).collect())
            .unwrap_or_default();
        Ok(CarrierOverview { accounts, without_carrier })
    }

    /// "Sync now" for `account_id`: when it is the emergency account under carrier update, its callback
    /// number's record is brought to the place in force (read first; sent only when it differs). The
    /// overview returned shows the DID pending while that runs.
    pub async fn sync_carrier(&self, account_id: &str) -> Result<CarrierOverview, CoreError> {
        CarrierBook::load(&self.paths)?.pick(Some(account_id)).map_err(|e| CoreError::Refused(e.to_string()))?;
        if let Some(target) = self.sync_target(account_id).await? {
            self.spawn_carrier_update(target, true);
        }
        self.carrier_overview().await
    }

    /// The user accepts the carrier's suggestion `index` (from 0) for `did`: a personal place is corrected to
    /// it (an IT site is the IT map's to change), the decision is audited, and the corrected address is synced.
    pub async fn accept_carrier_suggestion(
        &self,
        did: &str,
        index: usize,
        at: OffsetDateTime,
    ) -> Result<CarrierOverview, CoreError> {
        let latest = self.undecided(did)?;
        let ReconcileState::NeedsUserDecision { suggestions } = &latest.last.step else {
            return Err(CoreError::Refused(format!("the carrier has no corrections waiting for {did}")));
        };
        let Some(suggestion) = suggestions.get(index) else {
            return Err(CoreError::Refused(format!(
                "there is no suggestion {} for {did}; the carrier offered {}",
                index + 1,
                suggestions.len()
            )));
        };
        let target = UpdateTarget { address: suggestion.address.clone(), ..latest.target.clone() };
        let payload = serde_json::json!({
            "account_id": target.account_id,
            "did": did,
            "location_id": target.location_id,
            "accepted": index,
            "changes": suggestion.changes,
        });
        self.audit.append(NewAuditEntry { kind: DECISION_KIND.into(), actor: "user".into(), payload }, at).await?;
        self.correct_place(&target, at).await?;
        self.spawn_carrier_update(target, false);
        self.carrier_overview().await
    }

    /// The user keeps their address: the carrier's corrections for `did` are declined and audited; the carrier
    /// keeps its old record (the caller-ID check says how it differs).
    pub async fn decline_carrier_suggestions(
        &self,
        did: &str,
        at: OffsetDateTime,
    ) -> Result<CarrierOverview, CoreError> {
        let latest = self.undecided(did)?;
        let payload = serde_json::json!({
            "account_id": latest.target.account_id,
            "did": did,
            "location_id": latest.target.location_id,
            "accepted": null,
        });
        self.audit.append(NewAuditEntry { kind: DECISION_KIND.into(), actor: "user".into(), payload }, at).await?;
        self.carrier_updates.decline(did);
        self.host.emit(&Event::CarrierStateChanged(CarrierState { did: did.to_owned(), state: "declined".into() }));
        self.carrier_overview().await
    }

    /// The last step for `did`, when it still waits for the user's decision.
    fn undecided(&self, did: &str) -> Result<super::carrier_update::Latest, CoreError> {
        let did = Did::parse(did).map_err(|e| CoreError::Refused(e.to_string()))?.to_string();
        match self.carrier_updates.latest(&did) {
            Some(latest)
                if !latest.last.declined && matches!(latest.last.step, ReconcileState::NeedsUserDecision { .. }) =>
            {
                Ok(latest)
            }
            _ => Err(CoreError::Refused(format!("the carrier has no corrections waiting for {did}"))),
        }
    }

    /// What "sync now" updates for `account_id`: the callback number and the place in force, when the account
    /// places 911 calls under carrier update; none otherwise (the overview alone is the sync).
    async fn sync_target(&self, account_id: &str) -> Result<Option<UpdateTarget>, CoreError> {
        if self.emergency_plan().is_none_or(|p| p.account_id != account_id) {
            return Ok(None);
        }
        let strategy = E911Book::load(&self.paths)?.accounts.get(account_id).map(|s| s.strategy);
        if strategy != Some(EmergencyStrategy::CarrierUpdate) {
            return Ok(None);
        }
        let place = self.place_in_force().await.ok_or_else(|| {
            CoreError::Refused(
                "Locus does not know where you are yet: confirm your location first, then sync the carrier".into(),
            )
        })?;
        Ok(self.carrier_update_target(&place.id, &place.address))
    }

    /// The location in force, when the network is resolved to one.
    async fn place_in_force(&self) -> Option<locus_location::Location> {
        let locate = self.locate().await;
        let resolved = locate.is_resolved();
        locate.location.filter(|_| resolved)
    }

    /// Saves the accepted correction into the personal place it was for; an IT site is left as the IT map has
    /// it.
    async fn correct_place(&self, target: &UpdateTarget, at: OffsetDateTime) -> Result<(), CoreError> {
        let Some(place) = self.places.get(&target.location_id).await? else { return Ok(()) };
        let edit = LocationEdit { location_id: place.id, label: place.label, address: target.address.clone() };
        match self.update_location(edit, at).await {
            Err(CoreError::Location(LocationError::ReadOnly(_))) => Ok(()),
            other => other.map(drop),
        }
    }
}

fn carrier_kind(settings: &CarrierSettings) -> &'static str {
    match settings {
        CarrierSettings::Voipms { .. } => "voipms",
        CarrierSettings::Webhook { .. } => "webhook",
    }
}
