//! The user's SIP accounts: `accounts.json` in the config directory. Settings only — passwords live in the OS
//! keychain and never in this file (S7). A malformed file is reported field by field and nothing is lost: it is
//! left as it is for the user to fix, and no account is changed until it parses.

use crate::config::write_file;
use crate::secrets::{SecretKey, SecretStore, blocking};
use crate::{CoreError, FieldError, LocusPaths};
use locus_sip::{Account, RegisterOptions};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// The accounts file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountBook {
    /// Every account, in the order the user added them (the first is the default for calls).
    #[serde(default)]
    pub accounts: Vec<Account>,
}

impl AccountBook {
    /// Where the accounts live.
    pub fn file(paths: &LocusPaths) -> PathBuf {
        paths.config_dir.join("accounts.json")
    }

    /// Reads the accounts; none yet is an empty book. A file that does not parse or holds an invalid account is
    /// an error naming each problem (`accounts[1].registrar`), and the file is left untouched.
    pub fn load(paths: &LocusPaths) -> Result<Self, CoreError> {
        crate::json_file::read_checked(&Self::file(paths), Self::problems)
    }

    /// Adds `account` (or replaces the one with its id) and writes the file; an invalid account changes nothing.
    pub fn upsert(paths: &LocusPaths, account: Account) -> Result<Self, CoreError> {
        let mut book = Self::load(paths)?;
        match book.accounts.iter_mut().find(|a| a.id == account.id) {
            Some(existing) => *existing = account,
            None => book.accounts.push(account),
        }
        book.save(paths)?;
        Ok(book)
    }

    /// Removes the account `id`; false when there was none.
    pub fn remove(paths: &LocusPaths, id: &str) -> Result<bool, CoreError> {
        let mut book = Self::load(paths)?;
        let before = book.accounts.len();
        book.accounts.retain(|a| a.id != id);
        if book.accounts.len() == before {
            return Ok(false);
        }
        book.save(paths)?;
        Ok(true)
    }

    /// The account `id`.
    pub fn get(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    fn save(&self, paths: &LocusPaths) -> Result<(), CoreError> {
        let errors = self.problems();
        if !errors.is_empty() {
            return Err(CoreError::ConfigInvalid { path: Self::file(paths).display().to_string(), errors });
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| CoreError::Internal(e.to_string()))?;
        paths.create_all()?;
        write_file(&Self::file(paths), &text)
    }

    /// Every problem in every account, with its path (`accounts[0].user`), and ids used twice.
    fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (i, account) in self.accounts.iter().enumerate() {
            errors.extend(
                account
                    .validate()
                    .into_iter()
                    .map(|p| FieldError { field: format!("accounts[{i}].{}", p.field), message: p.message }),
            );
            if self.accounts[..i].iter().any(|a| a.id == account.id) {
                errors.push(FieldError {
                    field: format!("accounts[{i}].id"),
                    message: format!("account id \"{}\" is used twice", account.id),
                });
            }
        }
        errors
    }
}

/// Saves `account` with its password: the password to the keychain first, then the settings; if the settings
/// cannot be written, the password just stored is removed again. An invalid account stores nothing.
pub async fn add_account(
    paths: &LocusPaths,
    secrets: Arc<dyn SecretStore>,
    account: Account,
    password: String,
) -> Result<(), CoreError> {
    let problems = account.validate();
    if !problems.is_empty() {
        let errors = problems.into_iter().map(|p| FieldError { field: p.field, message: p.message }).collect();
        return Err(CoreError::ConfigInvalid { path: AccountBook::file(paths).display().to_string(), errors });
    }
    let key = SecretKey::sip_password(account.id.clone());
    blocking(Arc::clone(&secrets), {
        let key = key.clone();
        move |store| store.set(&key, &password)
    })
    .await?;
    if let Err(err) = AccountBook::upsert(paths, account) {
        let _ = blocking(secrets, move |store| store.delete(&key)).await;
        return Err(err);
    }
    Ok(())
}

/// Removes account `id` and its password; false when there was no such account.
pub async fn remove_account(paths: &LocusPaths, secrets: Arc<dyn SecretStore>, id: &str) -> Result<bool, CoreError> {
    if !AccountBook::remove(paths, id)? {
        return Ok(false);
    }
    let key = SecretKey::sip_password(id.to_owned());
    blocking(secrets, move |store| store.delete(&key)).await?;
    Ok(true)
}

/// The result of a registration check (the account screen's "Test connection", `locusctl register --check`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterReport {
    /// Account id.
    pub account: String,
    /// The registrar asked.
    pub registrar: String,
    /// True when the registrar accepted us.
    pub ok: bool,
    /// Lifetime granted, in seconds (0 on failure).
    pub expires: u32,
    /// Our address as the registrar saw it.
    pub public_address: Option<String>,
    /// Milliseconds from the first REGISTER to the 200 OK.
    pub took_ms: u64,
    /// What went wrong, for people.
    pub error: Option<String>,
}

/// Registers account `id` (the first account when `None`) once with its keychain password, then unregisters.
/// A failed registration is a report with `ok: false`; a missing account or password is an error.
pub async fn check_account(
    paths: &LocusPaths,
    secrets: Arc<dyn SecretStore>,
    id: Option<&str>,
    options: RegisterOptions,
) -> Result<RegisterReport, CoreError> {
    let book = AccountBook::load(paths)?;
    let account = match id {
        Some(id) => book.get(id),
        None => book.accounts.first(),
    }
    .cloned()
    .ok_or_else(|| CoreError::Internal(format!("there is no SIP account \"{}\"", id.unwrap_or("(any)"))))?;
    let key = SecretKey::sip_password(account.id.clone());
    let password = blocking(secrets, move |store| store.get(&key)).await?.ok_or_else(|| {
        CoreError::Keychain(format!(
            "no password is stored for account \"{}\"; add it again with `locusctl account add`",
            account.id
        ))
    })?;
    let registrar = account.registrar_uri();
    Ok(match locus_sip::check_registration(&account, &password, options).await {
        Ok(registered) => RegisterReport {
            account: account.id,
            registrar: registered.registrar,
            ok: true,
            expires: registered.expires,
            public_address: registered.public_address,
            took_ms: registered.took.as_millis() as u64,
            error: None,
        },
        Err(err) => RegisterReport {
            account: account.id,
            registrar,
            ok: false,
            expires: 0,
            public_address: None,
            took_ms: 0,
            error: Some(err.to_string()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use locus_sip::Transport;

    fn account(id: &str) -> Account {
        Account {
            id: id.into(),
            display_name: "Alice".into(),
            user: "alice".into(),
            domain: "pbx.example.com".into(),
            registrar: String::new(),
            transport: Transport::Tls,
            outbound_proxy: String::new(),
            auth_user: String::new(),
            caller_id: String::new(),
            register_interval: 600,
            tls_ca_file: String::new(),
        }
    }

    #[test]
    fn accounts_are_added_replaced_and_removed_and_a_bad_one_changes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let paths = LocusPaths::under(dir.path());
        paths.create_all().expect("dirs");
        assert_eq!(AccountBook::load(&paths).expect("empty").accounts, vec![]);
        AccountBook::upsert(&paths, account("work")).expect("add");
        AccountBook::upsert(&paths, account("support")).expect("add");
        let renamed = Account { display_name: "Alice A.".into(), ..account("work") };
        AccountBook::upsert(&paths, renamed).expect("replace");
        let book = AccountBook::load(&paths).expect("load");
        assert_eq!(book.accounts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["work", "support"]);
        assert_eq!(book.get("work").map(|a| a.display_name.as_str()), Some("Alice A."));

        let before = std::fs::read_to_string(AccountBook::file(&paths)).expect("file");
        let err = AccountBook::upsert(&paths, Account { user: "".into(), ..account("third") }).expect_err("bad");
        assert!(err.to_string().contains("accounts[2].user"), "{err}");
        assert_eq!(std::fs::read_to_string(AccountBook::file(&paths)).expect("file"), before, "nothing changed");

        assert!(AccountBook::remove(&paths, "support").expect("remove"));
        assert!(!AccountBook::remove(&paths, "support").expect("again"));
        assert_eq!(AccountBook::load(&paths).expect("load").accounts.len(), 1);
    }

    #[test]
    fn a_hand_edited_file_with_mistakes_is_reported_by_field_and_left_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let paths = LocusPaths::under(dir.path());
        paths.create_all().expect("dirs");
        let text = r#"{"accounts": [{"id": "work", "user": "alice", "domain": "pbx", "transport": "sctp"}]}"#;
        std::fs::write(AccountBook::file(&paths), text).expect("write");
        let err = AccountBook::load(&paths).expect_err("bad transport");
        assert!(err.to_string().contains("accounts[0].transport"), "{err}");
        let err = AccountBook::upsert(&paths, account("more")).expect_err("refuses to overwrite a broken file");
        assert!(err.to_string().contains("transport"), "{err}");
        assert_eq!(std::fs::read_to_string(AccountBook::file(&paths)).expect("file"), text);
    }
}
