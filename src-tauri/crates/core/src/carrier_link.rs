//! Each SIP account's E911 carrier: its settings in `carriers.json` in the config directory (VoIP.ms or a signed
//! webhook), its API password or signing secret in the OS keychain under `carrier:<account id>` and never in a
//! file (S7), and the two things done with it from here: list the account's DIDs with the address the carrier
//! holds, and reconcile one DID with a confirmed address (validate → update → read back until verified).
//! Nothing here runs on the emergency path (S4). Auditing each state is the service's job, not this module's.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use locus_carrier::normalize::location_differences;
use locus_carrier::voipms::Language;
use locus_carrier::{
    Carrier, CarrierError, Did, DidRecord, FieldDifference, PollSchedule, ReconcileState, Reconciler, Secret,
    TokioSleeper, VoipMsCarrier, VoipMsSettings, WebhookCarrier, WebhookSettings, check_credential_url,
};
use locus_location::civic::CivicAddress;
use serde::{Deserialize, Serialize};

use crate::config::write_file;
use crate::secrets::{SecretKey, SecretStore, blocking};
use crate::{CoreError, FieldError, LocusPaths};

/// How long one carrier API call may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// One account's carrier, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CarrierSettings {
    /// VoIP.ms over its REST API; the API password is in the keychain.
    Voipms {
        /// The API user name (the VoIP.ms account's e-mail address).
        api_username: String,
        /// Where VoIP.ms sends E911 notices.
        email: String,
        /// The REST endpoint; empty for VoIP.ms's own (set it for a sandbox).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        base_url: String,
        /// The name on the E911 record when the address has none.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        full_name: String,
        /// The record's language, `EN` or `FR`.
        #[serde(default)]
        language: Language,
    },
    /// An organisation's own backend; the signing secret is in the keychain.
    Webhook {
        /// Where confirmed locations are POSTed.
        submit_url: String,
        /// Where each DID's record is read back.
        status_url: String,
    },
}

impl CarrierSettings {
    /// Every problem, each with its field (`api_username`, `base_url`, …).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut problem = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
        match self {
            CarrierSettings::Voipms { api_username, email, base_url, .. } => {
                if api_username.trim().is_empty() {
                    problem("api_username", "the VoIP.ms API user name (your account's e-mail) is empty".into());
                }
                if !looks_like_email(email) {
                    problem("email", format!("\"{email}\" is not an e-mail address for E911 notices"));
                }
                if !base_url.is_empty()
                    && let Err(err) = check_credential_url(base_url, "the base URL")
                {
                    problem("base_url", setting_message(err));
                }
            }
            CarrierSettings::Webhook { submit_url, status_url } => {
                for (field, url) in [("submit_url", submit_url), ("status_url", status_url)] {
                    if let Err(err) = check_credential_url(url, &format!("the {}", field.replace('_', " "))) {
                        problem(field, setting_message(err));
                    }
                }
            }
        }
        errors
    }

    /// A carrier client for these settings authenticating with `secret`.
    fn connect(&self, secret: Secret) -> Result<Box<dyn Carrier>, CarrierError> {
        Ok(match self.clone() {
            CarrierSettings::Voipms { api_username, email, base_url, full_name, language } => {
                let mut settings = VoipMsSettings::new(api_username, email);
                if !base_url.is_empty() {
                    settings.base_url = base_url;
                }
                settings.full_name = full_name;
                settings.language = language;
                settings.timeout = REQUEST_TIMEOUT;
                Box::new(VoipMsCarrier::new(settings, secret)?)
            }
            CarrierSettings::Webhook { submit_url, status_url } => {
                let settings = WebhookSettings { submit_url, status_url, timeout: REQUEST_TIMEOUT };
                Box::new(WebhookCarrier::new(settings, secret)?)
            }
        })
    }
}

/// What can go wrong with an account's carrier.
#[derive(Debug, thiserror::Error)]
pub enum CarrierLinkError {
    /// Settings, files or the keychain.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The carrier's API.
    #[error(transparent)]
    Carrier(#[from] CarrierError),
    /// No carrier (or no secret) is set up for the account; the message says what to run.
    #[error("{0}")]
    NotConfigured(String),
}

impl CarrierLinkError {
    /// A stable code: the carrier's own code, `not_configured`, or the core error's.
    pub fn code(&self) -> String {
        match self {
            CarrierLinkError::Core(err) => format!("{:?}", err.code()),
            CarrierLinkError::Carrier(err) => err.code().to_owned(),
            CarrierLinkError::NotConfigured(_) => "not_configured".to_owned(),
        }
    }
}

/// The content of `carriers.json`: each account id's carrier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarrierBook {
    /// Carrier settings by SIP account id.
    #[serde(default)]
    pub carriers: BTreeMap<String, CarrierSettings>,
}

impl CarrierBook {
    /// Where the carriers live.
    pub fn file(paths: &LocusPaths) -> PathBuf {
        paths.config_dir.join("carriers.json")
    }

    /// Reads the file; none yet is an empty book. Problems are named `carriers.<id>.<field>`.
    pub fn load(paths: &LocusPaths) -> Result<Self, CoreError> {
        crate::json_file::read_checked(&Self::file(paths), Self::problems)
    }

    fn problems(&self) -> Vec<FieldError> {
        self.carriers
            .iter()
            .flat_map(|(id, settings)| {
                settings
                    .problems()
                    .into_iter()
                    .map(move |e| FieldError { field: format!("carriers.{id}.{}", e.field), message: e.message })
            })
            .collect()
    }

    /// The account whose carrier is meant: `account_id`, or the only one configured.
    pub fn pick(&self, account_id: Option<&str>) -> Result<(String, CarrierSettings), CarrierLinkError> {
        let id = match account_id {
            Some(id) => id.to_owned(),
            None => match self.carriers.keys().collect::<Vec<_>>().as_slice() {
                [only] => (*only).clone(),
                [] => return Err(not_configured("no carrier is set up; add one with `locusctl carrier set`")),
                several => {
                    let ids = several.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                    return Err(not_configured(&format!("several accounts have a carrier ({ids}); choose --account")));
                }
            },
        };
        match self.carriers.get(&id) {
            Some(settings) => Ok((id, settings.clone())),
            None => Err(not_configured(&format!(
                "account \"{id}\" has no carrier; set one with `locusctl carrier set --account {id}`"
            ))),
        }
    }
}

/// Saves `settings` as the carrier of `account_id` with its `secret` (API password or signing secret): the
/// secret to the keychain first, then the settings; if the settings cannot be written the secret just stored is
/// removed again. Invalid settings store nothing and name each field.
pub async fn set_carrier(
    paths: &LocusPaths,
    secrets: Arc<dyn SecretStore>,
    account_id: &str,
    settings: CarrierSettings,
    secret: String,
) -> Result<(), CoreError> {
    let mut errors = settings.problems();
    if account_id.is_empty() || !account_id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        errors.push(FieldError {
            field: "account".into(),
            message: format!("\"{account_id}\" is not a valid account id (letters, digits, '-', '_' or '.')"),
        });
    }
    if secret.is_empty() {
        errors.push(FieldError { field: "secret".into(), message: "the API password or secret is empty".into() });
    }
    if !errors.is_empty() {
        return Err(invalid(paths, errors));
    }
    let mut book = CarrierBook::load(paths)?;
    let key = SecretKey::carrier_api_key(account_id);
    blocking(Arc::clone(&secrets), {
        let key = key.clone();
        move |store| store.set(&key, &secret)
    })
    .await?;
    book.carriers.insert(account_id.to_owned(), settings);
    if let Err(err) = save(paths, &book) {
        let _ = blocking(secrets, move |store| store.delete(&key)).await;
        return Err(err);
    }
    Ok(())
}

/// Every DID on the carrier account of `account_id` (or the only account with a carrier), with its E911 state
/// and the address the carrier holds. Returns the account id used.
pub async fn list_dids(
    paths: &LocusPaths,
    secrets: Arc<dyn SecretStore>,
    account_id: Option<&str>,
) -> Result<(String, Vec<DidRecord>), CarrierLinkError> {
    let (id, carrier) = open(paths, secrets, account_id).await?;
    Ok((id, carrier.list_dids().await?))
}

/// `list_dids`, and for `wanted` (a DID and the address it should hold) the location fields where the carrier's
/// record differs from it, compared in the carrier's own fields (empty when it holds it, or holds nothing).
pub async fn list_dids_compared(
    paths: &LocusPaths,
    secrets: Arc<dyn SecretStore>,
    account_id: &str,
    wanted: Option<(&Did, &CivicAddress)>,
) -> Result<(Vec<DidRecord>, Vec<FieldDifference>), CarrierLinkError> {
    let (_, carrier) = open(paths, secrets, Some(account_id)).await?;
    let records = carrier.list_dids().await?;
    let held = wanted.and_then(|(did, address)| {
        let record = records.iter().find(|r| &r.did == did)?.carrier_has.as_ref()?;
        Some((address, record))
    });
    let differences = match held {
        Some((address, record)) => location_differences(&carrier.carrier_form(address)?, &record.fields),
        None => Vec::new(),
    };
    Ok((records, differences))
}

/// Makes the carrier of `account_id` hold `confirmed` for `did` and proves it, reading back after each wait of
/// `schedule`. `on_state` sees every state; the last one is returned.
pub async fn sync(
    paths: &LocusPaths,
    secrets: Arc<dyn SecretStore>,
    account_id: Option<&str>,
    did: &Did,
    confirmed: &CivicAddress,
    schedule: &PollSchedule,
    on_state: impl FnMut(&ReconcileState) + Send,
) -> Result<ReconcileState, CarrierLinkError> {
    let (_, carrier) = open(paths, secrets, account_id).await?;
    Ok(Reconciler::new(carrier.as_ref(), schedule, &TokioSleeper).run(did, confirmed, on_state).await)
}

/// Reads the carrier's record for `did` once and says whether it holds `confirmed`; changes nothing.
pub async fn check(
    paths: &LocusPaths,
    secrets: Arc<dyn SecretStore>,
    account_id: Option<&str>,
    did: &Did,
    confirmed: &CivicAddress,
) -> Result<ReconcileState, CarrierLinkError> {
    let (_, carrier) = open(paths, secrets, account_id).await?;
    let schedule = PollSchedule::new(Vec::new());
    Ok(Reconciler::new(carrier.as_ref(), &schedule, &TokioSleeper).check(did, confirmed).await)
}

/// The carrier client of the chosen account, with its secret from the keychain.
async fn open(
    paths: &LocusPaths,
    secrets: Arc<dyn SecretStore>,
    account_id: Option<&str>,
) -> Result<(String, Box<dyn Carrier>), CarrierLinkError> {
    let (id, settings) = CarrierBook::load(paths)?.pick(account_id)?;
    let key = SecretKey::carrier_api_key(id.clone());
    let secret = blocking(secrets, move |store| store.get(&key)).await?.ok_or_else(|| {
        not_configured(&format!(
            "the OS keychain holds no carrier password for account \"{id}\"; run `locusctl carrier set --account \
             {id}` again"
        ))
    })?;
    let carrier = settings.connect(Secret::new(secret))?;
    Ok((id, carrier))
}

fn save(paths: &LocusPaths, book: &CarrierBook) -> Result<(), CoreError> {
    let text = serde_json::to_string_pretty(book).map_err(|e| CoreError::Internal(e.to_string()))?;
    paths.create_all()?;
    write_file(&CarrierBook::file(paths), &text)
}

fn invalid(paths: &LocusPaths, errors: Vec<FieldError>) -> CoreError {
    CoreError::ConfigInvalid { path: CarrierBook::file(paths).display().to_string(), errors }
}

fn not_configured(message: &str) -> CarrierLinkError {
    CarrierLinkError::NotConfigured(message.to_owned())
}

/// The message of a settings error without the carrier's "settings are not valid" preamble.
fn setting_message(err: CarrierError) -> String {
    match err {
        CarrierError::InvalidSettings(message) => message,
        other => other.to_string(),
    }
}

fn looks_like_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
        && !text.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voipms(base_url: &str) -> CarrierSettings {
        CarrierSettings::Voipms {
            api_username: "me@example.test".into(),
            email: "notices@example.test".into(),
            base_url: base_url.into(),
            full_name: String::new(),
            language: Language::En,
        }
    }

    #[test]
    fn settings_are_checked_field_by_field() {
        assert!(voipms("").problems().is_empty());
        assert!(voipms("http://127.0.0.1:8080/api/v1/rest.php").problems().is_empty());
        let bad = CarrierSettings::Voipms {
            api_username: " ".into(),
            email: "nobody".into(),
            base_url: "http://voip.example.test/rest.php".into(),
            full_name: String::new(),
            language: Language::En,
        };
        let fields: Vec<String> = bad.problems().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["api_username", "email", "base_url"]);
        let webhook = CarrierSettings::Webhook { submit_url: "ftp://x".into(), status_url: "https://x.test/s".into() };
        let errors = webhook.problems();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "submit_url");
        assert!(errors[0].message.contains("https://"), "{}", errors[0].message);
    }

    #[test]
    fn the_file_form_names_the_kind() {
        let book = CarrierBook { carriers: BTreeMap::from([("work".to_owned(), voipms(""))]) };
        let json = serde_json::to_value(&book).expect("json");
        assert_eq!(json["carriers"]["work"]["kind"], "voipms");
        assert_eq!(json["carriers"]["work"]["language"], "EN");
        assert!(json["carriers"]["work"].get("base_url").is_none());
    }

    #[test]
    fn the_only_carrier_is_picked_when_none_is_named() {
        let mut book = CarrierBook::default();
        assert_eq!(book.pick(None).map(|_| ()).map_err(|e| e.code()), Err("not_configured".to_owned()));
        book.carriers.insert("work".into(), voipms(""));
        assert_eq!(book.pick(None).map(|(id, _)| id).ok().as_deref(), Some("work"));
        book.carriers.insert("home".into(), voipms(""));
        let err = book.pick(None).map(|_| ()).expect_err("two carriers");
        assert!(err.to_string().contains("home, work"), "{err}");
        assert!(book.pick(Some("nope")).is_err());
    }
}
