//! The SIP account the interop tests use: user `alice` at `locus.test`, its registrar (or far end) on loopback.

use locus_sip::{Account, Transport};

/// `alice@locus.test` with the registrar at 127.0.0.1:`port`, no caller ID, 300 s registrations.
pub fn loopback_account(port: u16, transport: Transport) -> Account {
    Account {
        id: "work".into(),
        display_name: String::new(),
        user: "alice".into(),
        domain: "locus.test".into(),
        registrar: format!("127.0.0.1:{port}"),
        transport,
        outbound_proxy: String::new(),
        auth_user: String::new(),
        caller_id: String::new(),
        register_interval: 300,
    }
}
