//! Applying IT maps, whatever delivered them: size limit → signature against the pinned keys → parse →
//! validate every field → serial newer than the one in force → one transaction → re-resolve the current network
//! → `MapApplied` or `MapRejected`, with an audit entry either way. Any failure leaves the map in force (S6).

use super::LocusService;
use crate::FieldError;
use crate::events::{Event, MapRef, MapRejection};
use crate::ipc::MapStatusReport;
use locus_itmap::MapProblem;
use locus_location::{ItMapRecord, ItMapUpdate, LocationError};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// What became of a delivered map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapOutcome {
    /// Applied and in force.
    Applied(MapRef),
    /// The map in force is this very map; nothing to do.
    AlreadyInForce(MapRef),
    /// Refused; the previous map stays in force.
    Rejected(MapRejection),
}

impl LocusService {
    /// Verifies, validates and applies a map delivered from `source` (a URL or file path).
    /// Takes the bytes by value so a large map's text is freed as soon as it is parsed.
    pub async fn apply_map(&self, source: &str, body: Vec<u8>, signature: &str, at: OffsetDateTime) -> MapOutcome {
        let _one_at_a_time = self.map_apply.lock().await;
        let sha256 = hex::encode(Sha256::digest(&body));
        match self.places.it_map().await {
            Ok(Some(current)) if current.sha256 == sha256 => {
                return MapOutcome::AlreadyInForce(MapRef { org: current.org, serial: current.serial });
            }
            _ => {}
        }
        // The compiled index of the map in force (~130 MB for a million rules) is freed while the new map is
        // converted, so the two never sit in memory together; the next resolution rebuilds it from the store.
        self.invalidate_rules().await;
        match self.check_and_apply(source, body, signature, &sha256, at).await {
            Ok(applied) => {
                tracing::info!(source, org = %applied.org, serial = applied.serial, "IT map applied");
                // Again: a resolution during the apply may have compiled the previous map's rules.
                self.invalidate_rules().await;
                self.refresh_confirm_policy().await;
                // The map first, then where it leaves this machine (location and readiness events).
                self.host.emit(&Event::MapApplied(applied.clone()));
                match self.relocate(true).await {
                    Ok(report) => tracing::info!(
                        state = ?report.state,
                        location = ?report.location.as_ref().map(|l| &l.id),
                        "location re-resolved under the new IT map"
                    ),
                    Err(err) => tracing::error!(%err, "could not resolve the location after applying the IT map"),
                }
                MapOutcome::Applied(applied)
            }
            Err(problems) => {
                let errors: Vec<FieldError> =
                    problems.into_iter().map(|p| FieldError { field: p.pointer, message: p.message }).collect();
                tracing::warn!(source, ?errors, "IT map rejected; the previous map stays in force");
                let payload = serde_json::json!({ "source": source, "sha256": sha256, "errors": errors });
                if let Err(err) = self.places.record_map_rejected(payload, at).await {
                    tracing::error!(%err, "could not audit a rejected map");
                }
                let rejection = MapRejection { source: source.to_owned(), errors };
                self.host.emit(&Event::MapRejected(rejection.clone()));
                MapOutcome::Rejected(rejection)
            }
        }
    }

    async fn check_and_apply(
        &self,
        source: &str,
        body: Vec<u8>,
        signature: &str,
        sha256: &str,
        at: OffsetDateTime,
    ) -> Result<MapRef, Vec<MapProblem>> {
        let started = std::time::Instant::now();
        let whole = |message: String| vec![MapProblem::new("", message)];
        let policy = &self.policy.policy;
        if !self.policy.errors.is_empty() {
            return Err(whole(format!(
                "the managed policy {} is invalid, so no map can be trusted: {}",
                self.policy.path.display(),
                self.policy.errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
            )));
        }
        let limit = policy.maps.max_bytes;
        if body.len() as u64 > limit {
            return Err(whole(locus_itmap::MapError::TooLarge { size: body.len() as u64, limit }.to_string()));
        }
        let signer =
            locus_itmap::signature::verify(&body, signature, &policy.keys()).map_err(|e| whole(e.to_string()))?;
        let verified = started.elapsed();
        // One pass: each site is checked and converted as it is read, never the whole document at once.
        let map = locus_itmap::parse_and_validate(&body, at)?;
        drop(body);
        let validated = started.elapsed();
        let format_time = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
        let record = ItMapRecord {
            org: map.meta.org.clone(),
            serial: map.meta.serial,
            issued: format_time(map.meta.issued),
            expires: format_time(map.meta.expires),
            source: source.to_owned(),
            sha256: sha256.to_owned(),
            signed_by: signer.key_id.clone(),
            policy: serde_json::to_value(&map.meta.policy).unwrap_or_default(),
            applied_at: String::new(),
        };
        let content = &map.content;
        let summary = serde_json::json!({
            "org": record.org, "serial": record.serial, "source": source, "sha256": sha256,
            "signed_by": signer.key_id, "places": content.locations.len(), "rules": content.rules.len(),
            "dids": content.dids.len(), "trusted_public_ips": content.trusted_public_ips,
        });
        let update = ItMapUpdate {
            locations: &content.locations,
            rules: &content.rules,
            trusted_public_ips: &content.trusted_public_ips,
            dids: &content.dids,
        };
        // Stamped now, not when the delivery began: verifying and converting a large map takes seconds, and a
        // confirmation committed meanwhile answered the old map — it must not look newer than the change.
        let applied = self.places.apply_it_map(update, &record, summary, OffsetDateTime::now_utc()).await;
        tracing::info!(?verified, ?validated, stored = ?started.elapsed(), "map apply phases (cumulative)");
        match applied {
            Ok(()) => Ok(MapRef { org: record.org, serial: record.serial }),
            // Checked inside the apply's transaction, so two deliveries racing cannot both pass.
            Err(LocationError::StaleMapSerial { current, offered }) => Err(vec![MapProblem::new(
                "/serial",
                format!("serial {offered} is not newer than the map in force ({current}); maps never roll back"),
            )]),
            Err(err) => Err(whole(err.to_string())),
        }
    }

    /// The IT map in force, the policy and every source's last check (the Organization panel).
    pub async fn map_status(&self) -> Result<MapStatusReport, crate::CoreError> {
        Ok(MapStatusReport {
            map: self.places.it_map().await?.map(Into::into),
            sources: self.places.map_sources().await?.into_iter().map(Into::into).collect(),
            policy_file: self.policy.path.display().to_string(),
            policy_source: self.policy.source,
            policy_errors: self.policy.errors.clone(),
            policy_user_writable: self.policy.user_writable,
            trusted_key_ids: self.policy.policy.keys().iter().map(|k| k.key_id()).collect(),
        })
    }

    /// Takes the re-confirm age from the IT map's policy hints (90 days without one).
    pub(crate) async fn refresh_confirm_policy(&self) {
        let mut policy = locus_location::confirmation::ConfirmPolicy::default();
        if let Ok(Some(map)) = self.places.it_map().await
            && let Some(days) = map.policy.get("reconfirm_after_days").and_then(serde_json::Value::as_u64)
        {
            policy.reconfirm_after = time::Duration::days(days as i64);
        }
        *self.confirm_policy.write().await = policy;
    }

    /// The managed policy in force.
    pub fn policy(&self) -> &crate::PolicyLoad {
        &self.policy
    }
}
