//! Keeping the user's SIP accounts registered while Locus runs: one registration per account (settings from
//! `accounts.json`, password from the OS keychain), its progress reported to the host as `Registering`,
//! `RegisterOk` and `RegisterFailed`, and every registration started over when the network changes. The calls
//! reaching each registration go to `incoming`.

use super::LocusService;
use crate::accounts::AccountBook;
use crate::events::{AccountRef, Event, RegisterFailure};
use crate::secrets::SecretKey;
use locus_sip::{RegisterOptions, RegistrationState};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

/// How long a registrar may take to answer before the attempt counts as unreachable.
const REGISTER_TIMEOUT: Duration = Duration::from_secs(8);

impl LocusService {
    /// Starts registering every configured account (replacing any registrations already running). An account
    /// whose password is not in the keychain, or an unreadable accounts file, is reported as `RegisterFailed`.
    pub async fn start_registrations(self: &Arc<Self>) {
        let accounts = match AccountBook::load(&self.paths) {
            Ok(book) => book.accounts,
            Err(err) => {
                tracing::error!(%err, "the SIP accounts file is invalid; no account is registered");
                return;
            }
        };
        let mut handles = Vec::with_capacity(accounts.len());
        for account in accounts {
            let id = account.id.clone();
            let password = match self.sip_password(&id).await {
                Ok(password) => password,
                Err(message) => {
                    if let Some(readiness) = self.emergency.set_registration(&id, Some(false)) {
                        self.host.emit(&Event::ReadinessChanged(readiness));
                    }
                    let failure = RegisterFailure { account_id: id.clone(), code: "no_password".into(), message };
                    for event in [Event::Registering(AccountRef { account_id: id }), Event::RegisterFailed(failure)] {
                        self.registration_statuses.record(&event);
                        self.host.emit(&event);
                    }
                    continue;
                }
            };
            let host = Arc::clone(&self.host);
            let emergency = Arc::clone(&self.emergency);
            let statuses = Arc::clone(&self.registration_statuses);
            let options = RegisterOptions { bind: None, timeout: REGISTER_TIMEOUT, keep_alive: None };
            let calls_to = account.clone();
            let handle = locus_sip::keep_registered(account, password, options, move |state| {
                let registered = match &state {
                    RegistrationState::Registering => None,
                    RegistrationState::Registered(_) => Some(true),
                    RegistrationState::Failed { .. } => Some(false),
                };
                // The emergency plan follows registration (a failed one is amber, and the INVITE still goes).
                let readiness = emergency.set_registration(&id, registered);
                let event = event_for(&id, state);
                statuses.record(&event);
                host.emit(&event);
                if let Some(readiness) = readiness {
                    host.emit(&Event::ReadinessChanged(readiness));
                }
            });
            self.take_incoming_calls(calls_to, handle.incoming_calls());
            handles.push(handle);
        }
        // Dropping the previous handles stops (and unregisters) those registrations.
        *self.registrations.lock().unwrap_or_else(PoisonError::into_inner) = handles;
    }

    /// Stops every registration, removing each binding from its registrar (waits for that, within the timeout).
    pub async fn stop_registrations(&self) {
        let handles = std::mem::take(&mut *self.registrations.lock().unwrap_or_else(PoisonError::into_inner));
        for handle in handles {
            handle.stop().await;
        }
    }

    /// Starts every running registration over at once (new network, or the machine resumed).
    pub(crate) fn register_again(&self) {
        for handle in self.registrations.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            handle.register_again();
        }
    }

    pub(crate) async fn sip_password(&self, account_id: &str) -> Result<String, String> {
        let secrets = Arc::clone(&self.secrets);
        let key = SecretKey::sip_password(account_id.to_owned());
        let found = tokio::task::spawn_blocking(move || secrets.get(&key))
            .await
            .map_err(|e| format!("keychain task failed: {e}"))?
            .map_err(|e| e.to_string())?;
        found.ok_or_else(|| {
            format!("no password is stored for account \"{account_id}\"; add it again with `locusctl account add`")
        })
    }
}

/// The event a registration state becomes.
fn event_for(account_id: &str, state: RegistrationState) -> Event {
    let account = || AccountRef { account_id: account_id.to_owned() };
    match state {
        RegistrationState::Registering => Event::Registering(account()),
        RegistrationState::Registered(_) => Event::RegisterOk(account()),
        RegistrationState::Failed { code, message, .. } => {
            Event::RegisterFailed(RegisterFailure { account_id: account_id.to_owned(), code: code.into(), message })
        }
    }
}
