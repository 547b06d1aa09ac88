//! The Accounts screen's requests: list the SIP accounts with their registration state, check a form field by
//! field, test a connection with the settings and password as typed (one REGISTER, nothing saved), save (the
//! password to the OS keychain, S7) and remove. Saving or removing starts the registrations over and recomputes
//! the emergency plan, so readiness follows at once.

use super::LocusService;
use crate::account_view::{AccountSettings, AccountView, ConnectionTest, RegistrationStatus};
use crate::accounts::{AccountBook, add_account, remove_account};
use crate::events::Event;
use crate::{CoreError, FieldError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How long "Test connection" waits for the registrar.
const TEST_TIMEOUT: Duration = Duration::from_secs(8);

/// The latest registration state of each account, kept from the registration events.
#[derive(Debug, Default)]
pub(crate) struct RegistrationStatuses {
    latest: Mutex<HashMap<String, RegistrationStatus>>,
}

impl RegistrationStatuses {
    /// Notes what a `Registering`, `RegisterOk` or `RegisterFailed` event says; other events change nothing.
    pub(crate) fn record(&self, event: &Event) {
        let (account_id, status) = match event {
            Event::Registering(account) => (&account.account_id, status("registering", None)),
            Event::RegisterOk(account) => (&account.account_id, status("registered", None)),
            Event::RegisterFailed(failure) => {
                (&failure.account_id, status("failed", Some((failure.code.clone(), failure.message.clone()))))
            }
            _ => return,
        };
        self.latest.lock().unwrap_or_else(PoisonError::into_inner).insert(account_id.clone(), status);
    }

    fn of(&self, account_id: &str) -> RegistrationStatus {
        let latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        latest.get(account_id).cloned().unwrap_or_else(RegistrationStatus::not_started)
    }
}

fn status(state: &str, failure: Option<(String, String)>) -> RegistrationStatus {
    let (code, message) = failure.map_or((None, None), |(code, message)| (Some(code), Some(message)));
    RegistrationStatus { state: state.to_owned(), code, message }
}

impl LocusService {
    /// Every configured account with its password state and registration.
    pub async fn list_accounts(&self) -> Result<Vec<AccountView>, CoreError> {
        let book = AccountBook::load(&self.paths)?;
        let mut views = Vec::with_capacity(book.accounts.len());
        for account in &book.accounts {
            views.push(AccountView {
                settings: AccountSettings::from(account),
                has_password: self.sip_password(&account.id).await.is_ok(),
                registration: self.registration_statuses.of(&account.id),
            });
        }
        Ok(views)
    }

    /// Every problem with `settings`, each with its field; empty when they can be saved.
    pub fn validate_account(&self, settings: &AccountSettings) -> Vec<FieldError> {
        settings.to_account().err().unwrap_or_default()
    }

    /// Registers once with `settings` and `password` (the stored password when `None`), then unregisters:
    /// whether the registrar takes them, and if not why, in words. Nothing is saved.
    pub async fn test_account(
        &self,
        settings: &AccountSettings,
        password: Option<String>,
    ) -> Result<ConnectionTest, CoreError> {
        let account = settings.to_account().map_err(|errors| self.invalid_account(errors))?;
        let password = match password.filter(|p| !p.is_empty()) {
            Some(password) => password,
            None => self.sip_password(&account.id).await.map_err(CoreError::Keychain)?,
        };
        let options = locus_sip::RegisterOptions { bind: None, timeout: TEST_TIMEOUT, keep_alive: None };
        let registrar = account.registrar_uri();
        Ok(match locus_sip::check_registration(&account, &password, options).await {
            Ok(registered) => ConnectionTest {
                ok: true,
                registrar: registered.registrar,
                code: None,
                message: None,
                took_ms: registered.took.as_millis() as u64,
            },
            Err(err) => ConnectionTest {
                ok: false,
                registrar,
                code: Some(err.code().to_owned()),
                message: Some(err.to_string()),
                took_ms: 0,
            },
        })
    }

    /// Saves `settings` — with `password` into the OS keychain when given; an account without a stored password
    /// needs one — then registers every account again and recomputes the emergency plan.
    pub async fn save_account(
        self: &Arc<Self>,
        settings: &AccountSettings,
        password: Option<String>,
    ) -> Result<AccountView, CoreError> {
        let account = settings.to_account().map_err(|errors| self.invalid_account(errors))?;
        match password.filter(|p| !p.is_empty()) {
            Some(password) => add_account(&self.paths, Arc::clone(&self.secrets), account.clone(), password).await?,
            None if self.sip_password(&account.id).await.is_ok() => {
                AccountBook::upsert(&self.paths, account.clone())?;
            }
            None => {
                let message = "enter the account's password (it is kept in the OS keychain)".to_owned();
                return Err(self.invalid_account(vec![FieldError { field: "password".into(), message }]));
            }
        }
        tracing::info!(account = %account.id, "SIP account saved from the window");
        self.settings_applied();
        self.start_registrations().await;
        self.prepare_emergency().await;
        Ok(AccountView {
            settings: AccountSettings::from(&account),
            has_password: true,
            registration: self.registration_statuses.of(&account.id),
        })
    }

    /// Removes account `id` and its password, then registers the others again and recomputes the plan.
    pub async fn remove_sip_account(self: &Arc<Self>, id: &str) -> Result<(), CoreError> {
        if !remove_account(&self.paths, Arc::clone(&self.secrets), id).await? {
            return Err(CoreError::Refused(format!("there is no account \"{id}\"")));
        }
        tracing::info!(account = %id, "SIP account removed from the window");
        self.settings_applied();
        self.start_registrations().await;
        self.prepare_emergency().await;
        Ok(())
    }

    fn invalid_account(&self, errors: Vec<FieldError>) -> CoreError {
        CoreError::ConfigInvalid { path: AccountBook::file(&self.paths).display().to_string(), errors }
    }
}
