//! SIP accounts as the window's Accounts screen sees them: the settings (the `sip` crate's `Account`, mirrored
//! for TypeScript), whether a password is in the keychain, the registration's latest state, and the result of
//! "Test connection". Pure conversions.

use crate::FieldError;
use locus_sip::{Account, Transport};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One account's settings, as the form edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountSettings {
    /// Stable id (`work`, `support-line`).
    pub id: String,
    /// Name shown to the people we call.
    pub display_name: String,
    /// User part of the address of record.
    pub user: String,
    /// Domain of the address of record.
    pub domain: String,
    /// Registrar as `host` or `host:port`; the domain when empty.
    pub registrar: String,
    /// `udp`, `tcp` or `tls`.
    pub transport: String,
    /// Outbound proxy as `host:port`, when the provider asks for one.
    pub outbound_proxy: String,
    /// Authentication user name when it differs from `user`.
    pub auth_user: String,
    /// Caller ID presented on calls, when the provider lets us set it.
    pub caller_id: String,
    /// Registration lifetime asked for, in seconds (60 to 86,400).
    pub register_interval: u32,
    /// For TLS: full path of a PEM file of extra CA certificates to trust; empty for the OS trust store alone.
    #[serde(default)]
    pub tls_ca_file: String,
}

/// Where an account's registration is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RegistrationStatus {
    /// `not_started`, `registering`, `registered` or `failed`.
    pub state: String,
    /// For `failed`: a stable code (`wrong_password`, `unreachable`, `no_password`, …).
    pub code: Option<String>,
    /// For `failed`: what went wrong, for people.
    pub message: Option<String>,
}

impl RegistrationStatus {
    /// Before the first attempt.
    pub fn not_started() -> Self {
        Self { state: "not_started".into(), code: None, message: None }
    }
}

/// One account on the Accounts screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountView {
    /// Its settings.
    pub settings: AccountSettings,
    /// A password for it is in the OS keychain.
    pub has_password: bool,
    /// Its registration, as last reported.
    pub registration: RegistrationStatus,
}

/// What "Test connection" found: one REGISTER with the settings and password as typed, then un-REGISTER.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConnectionTest {
    /// The registrar accepted us.
    pub ok: bool,
    /// The registrar asked (`sip:host:port;transport=…`).
    pub registrar: String,
    /// A stable code when it failed (`wrong_password`, `unreachable`, `rejected`, `transport`, …).
    pub code: Option<String>,
    /// What went wrong, for people, when it failed.
    pub message: Option<String>,
    /// Milliseconds from the first REGISTER to the 200 OK.
    pub took_ms: u64,
}

impl From<&Account> for AccountSettings {
    fn from(account: &Account) -> Self {
        Self {
            id: account.id.clone(),
            display_name: account.display_name.clone(),
            user: account.user.clone(),
            domain: account.domain.clone(),
            registrar: account.registrar.clone(),
            transport: transport_name(account.transport).to_owned(),
            outbound_proxy: account.outbound_proxy.clone(),
            auth_user: account.auth_user.clone(),
            caller_id: account.caller_id.clone(),
            register_interval: account.register_interval,
            tls_ca_file: account.tls_ca_file.clone(),
        }
    }
}

fn transport_name(transport: Transport) -> &'static str {
    match transport {
        Transport::Udp => "udp",
        Transport::Tcp => "tcp",
        Transport::Tls => "tls",
    }
}

impl AccountSettings {
    /// The account these settings describe, or every problem with its field (nothing is saved then).
    pub fn to_account(&self) -> Result<Account, Vec<FieldError>> {
        let transport = match self.transport.trim().to_ascii_lowercase().as_str() {
            "udp" | "" => Transport::Udp,
            "tcp" => Transport::Tcp,
            "tls" => Transport::Tls,
            other => {
                let message = format!("\"{other}\" is not a transport; choose udp, tcp or tls");
                return Err(vec![FieldError { field: "transport".into(), message }]);
            }
        };
        let account = Account {
            id: self.id.trim().to_owned(),
            display_name: self.display_name.trim().to_owned(),
            user: self.user.trim().to_owned(),
            domain: self.domain.trim().to_owned(),
            registrar: self.registrar.trim().to_owned(),
            transport,
            outbound_proxy: self.outbound_proxy.trim().to_owned(),
            auth_user: self.auth_user.trim().to_owned(),
            caller_id: self.caller_id.trim().to_owned(),
            register_interval: self.register_interval,
            tls_ca_file: self.tls_ca_file.trim().to_owned(),
        };
        let problems = account.validate();
        if problems.is_empty() {
            Ok(account)
        } else {
            Err(problems.into_iter().map(|p| FieldError { field: p.field, message: p.message }).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> AccountSettings {
        AccountSettings {
            id: "work".into(),
            display_name: "Alice Agent".into(),
            user: " alice ".into(),
            domain: "pbx.example.com".into(),
            registrar: String::new(),
            transport: "TCP".into(),
            outbound_proxy: String::new(),
            auth_user: String::new(),
            caller_id: "6145550100".into(),
            register_interval: 600,
            tls_ca_file: String::new(),
        }
    }

    #[test]
    fn settings_become_an_account_and_back_trimmed() {
        let account = settings().to_account().expect("valid");
        assert_eq!((account.user.as_str(), account.transport), ("alice", Transport::Tcp));
        let back = AccountSettings::from(&account);
        assert_eq!((back.user.as_str(), back.transport.as_str()), ("alice", "tcp"));
    }

    #[test]
    fn every_problem_names_its_field() {
        let mut bad = settings();
        bad.transport = "sctp".into();
        assert_eq!(bad.to_account().expect_err("bad transport")[0].field, "transport");
        let mut bad = settings();
        bad.user = String::new();
        bad.register_interval = 5;
        let fields: Vec<String> = bad.to_account().expect_err("invalid").into_iter().map(|e| e.field).collect();
        assert!(fields.contains(&"user".to_owned()) && fields.contains(&"register_interval".to_owned()), "{fields:?}");
    }
}
