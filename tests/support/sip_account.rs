//! The SIP account the interop tests use: user `alice` at `locus.test`, its registrar (or far end) on loopback.

use super::kamailio::{Kamailio, PASSWORD};
use locus_sip::{
    Account, IncomingCall, RegisterOptions, RegistrationHandle, RegistrationState, Transport, keep_registered,
};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::mpsc;

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

/// `alice` kept registered with `kamailio` over UDP from our SIP socket on `bind` (any free port when `None`),
/// taking her calls; returns once Kamailio has accepted her.
pub async fn registered_alice(
    kamailio: &Kamailio,
    bind: Option<SocketAddr>,
) -> (RegistrationHandle, mpsc::UnboundedReceiver<IncomingCall>) {
    let (states, mut changes) = mpsc::unbounded_channel();
    let options = RegisterOptions { bind, timeout: Duration::from_secs(3), keep_alive: None };
    let handle =
        keep_registered(loopback_account(kamailio.port, Transport::Udp), PASSWORD.into(), options, move |state| {
            let _ = states.send(state);
        });
    let calls = handle.incoming_calls();
    loop {
        let state = tokio::time::timeout(Duration::from_secs(10), changes.recv()).await.expect("registered in 10 s");
        match state.expect("registration reports") {
            RegistrationState::Registered(_) => return (handle, calls),
            RegistrationState::Failed { message, .. } => panic!("{message}\n{}", kamailio.log_text()),
            RegistrationState::Registering => {}
        }
    }
}
