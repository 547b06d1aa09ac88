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
        tls_ca_file: String::new(),
    }
}

/// Writes `accounts.json` and `e911.json` into `config_dir`: account `work` (alice@locus.test) sending every
/// call, 911 included, to 127.0.0.1:`port` over UDP, with `did` as its one E911-active DID (carrier update).
pub fn write_account_with_did(config_dir: &std::path::Path, port: u16, did: &str) {
    std::fs::create_dir_all(config_dir).expect("config dir");
    let accounts = serde_json::json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
        "registrar": format!("127.0.0.1:{port}")}]});
    std::fs::write(config_dir.join("accounts.json"), accounts.to_string()).expect("accounts");
    let e911 = serde_json::json!({"accounts": {"work": {"strategy": "carrier_update", "dids": [{"number": did,
        "carrier": "voipms", "status": "active"}]}}});
    std::fs::write(config_dir.join("e911.json"), e911.to_string()).expect("e911 settings");
}
