//! `transfer_call` in the running service (in-process, against SIPp): an emergency call is never transferred
//! away from the dispatcher, and no call is transferred to an emergency number (911, 933, 112) — each refused with
//! the `emergency_transfer` code the window shows, before anything is sent (no re-INVITE, no REFER). An empty
//! target is `invalid_transfer_target`. An ordinary call does transfer: the window hears `CallTransferring` with
//! the number as typed, `CallHeld`, `CallTransferred`, then `CallEnded` with the end reason `transferred`, and
//! the line sees the REFER naming that number at the account's domain. The ordinary call's password lives in a
//! sandboxed gnome-keyring; 911 needs none.

mod support;

use locus_core::calls::{CallKind, CallState, CallView};
use locus_core::events::Event;
use locus_core::secrets::{OsKeychain, SecretKey, SecretStore};
use locus_core::{ErrorCode, HeadlessHost, LocusPaths, LocusService, SystemSource};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use support::sip_account::write_account_with_did;
use support::sipp::{Sipp, header};

const DID: &str = "3125550188";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime")
}

async fn open_service(home: &Path, line_port: u16) -> (Arc<LocusService>, Arc<HeadlessHost>) {
    write_account_with_did(&home.join("config"), line_port, DID);
    let host = Arc::new(HeadlessHost::default());
    let service = LocusService::open(LocusPaths::under(home), Arc::new(SystemSource::default()), host.clone())
        .await
        .expect("the service opens");
    (service, host)
}

/// Waits until the call `call_id` is in `state` on the service's board.
async fn until_state(service: &LocusService, call_id: &str, state: CallState) -> CallView {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let view = service.calls().into_iter().find(|c| c.call_id == call_id);
        if let Some(view) = view.filter(|v| v.state == state) {
            return view;
        }
        assert!(Instant::now() < deadline, "call {call_id} never reached {state:?}: {:?}", service.calls());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The call `call_id` as `CallEnded` gave it.
async fn until_ended(host: &HeadlessHost, call_id: &str) -> CallView {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let ended = host.events().into_iter().find_map(|event| match event {
            Event::CallEnded(view) if view.call_id == call_id => Some(view),
            _ => None,
        });
        if let Some(view) = ended {
            return view;
        }
        assert!(Instant::now() < deadline, "call {call_id} never ended: {:#?}", host.events());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The error code `transfer_call` answers with; panics when it went through.
async fn refusal(service: &LocusService, call_id: &str, target: &str) -> ErrorCode {
    match service.transfer_call(call_id, target).await {
        Ok(()) => panic!("transferring {call_id} to {target:?} must be refused"),
        Err(err) => err.code(),
    }
}

/// The transfer events the window heard, as (name, target, reason).
fn transfer_events(host: &HeadlessHost) -> Vec<(&'static str, String, Option<String>)> {
    host.events()
        .into_iter()
        .filter_map(|event| match event {
            Event::CallTransferring(t) => Some(("CallTransferring", t.target, t.reason)),
            Event::CallTransferred(t) => Some(("CallTransferred", t.target, t.reason)),
            Event::CallTransferFailed(t) => Some(("CallTransferFailed", t.target, t.reason)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_emergency_call_is_never_transferred() {
    runtime().block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let mut gateway = Sipp::start("sipp-answer.xml");
        let (service, host) = open_service(home.path(), gateway.port).await;

        let emergency = service.place_call("911").await.expect("the emergency call");
        assert_eq!(emergency.kind, CallKind::Emergency);
        until_state(&service, &emergency.call_id, CallState::Established).await;

        assert_eq!(refusal(&service, &emergency.call_id, "3125550142").await, ErrorCode::EmergencyTransfer);
        assert_eq!(refusal(&service, &emergency.call_id, "").await, ErrorCode::EmergencyTransfer);
        assert_eq!(refusal(&service, "no-such-call", "3125550142").await, ErrorCode::NotFound);
        let message = service.transfer_call(&emergency.call_id, "3125550142").await.expect_err("refused").to_string();
        assert!(message.contains("emergency call cannot be transferred"), "{message}");

        // Still up with the dispatcher, and nothing was sent for the refused transfers.
        until_state(&service, &emergency.call_id, CallState::Established).await;
        assert!(transfer_events(&host).is_empty(), "{:?}", transfer_events(&host));
        service.hang_up(&emergency.call_id).expect("hang up 911");
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
        assert!(gateway.request("REFER").is_none(), "no REFER reached the gateway");
        let invites = gateway.received().into_iter().filter(|m| m.starts_with("INVITE ")).count();
        assert_eq!(invites, 1, "no hold re-INVITE either");
    });
}

#[test]
fn an_ordinary_call_transfers_but_never_to_an_emergency_number() {
    const TEST: &str = "an_ordinary_call_transfers_but_never_to_an_emergency_number";
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST, Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    let home = std::path::PathBuf::from(std::env::var_os("LOCUS_HOME").expect("the sandbox sets LOCUS_HOME"));
    OsKeychain::new().set(&SecretKey::sip_password("work"), "line-password").expect("store the SIP password");
    runtime().block_on(async {
        let mut line = Sipp::start("sipp-answer-accept-refer.xml");
        let (service, host) = open_service(&home, line.port).await;
        let call = service.place_call("3125550199").await.expect("the ordinary call");
        assert_eq!(call.kind, CallKind::Normal);
        until_state(&service, &call.call_id, CallState::Established).await;

        for emergency_number in ["911", "tel:911", "sip:911@locus.test", "933", "112"] {
            let code = refusal(&service, &call.call_id, emergency_number).await;
            assert_eq!(code, ErrorCode::EmergencyTransfer, "{emergency_number}");
        }
        assert_eq!(refusal(&service, &call.call_id, "   ").await, ErrorCode::InvalidTransferTarget);
        assert!(transfer_events(&host).is_empty(), "nothing started: {:?}", transfer_events(&host));

        service.transfer_call(&call.call_id, "312-555-0142").await.unwrap_or_else(|err| {
            panic!("the line takes the transfer: {err}\n{}", line.errors());
        });
        let ended = until_ended(&host, &call.call_id).await;
        assert_eq!(ended.end_reason.as_deref(), Some("transferred"));
        let typed = "312-555-0142".to_owned();
        assert_eq!(
            transfer_events(&host),
            [("CallTransferring", typed.clone(), None), ("CallTransferred", typed, None)],
            "the window heard the transfer with the number as typed"
        );
        let events = host.events();
        let position = |wanted: fn(&Event) -> bool| events.iter().position(wanted).expect("the event");
        let held = position(|e| matches!(e, Event::CallHeld(_)));
        let transferred = position(|e| matches!(e, Event::CallTransferred(_)));
        let call_ended = position(|e| matches!(e, Event::CallEnded(_)));
        assert!(held < transferred && transferred < call_ended, "held, transferred, ended: {events:#?}");

        assert!(
            line.finished_ok(Duration::from_secs(5)),
            "the line saw the REFER and our BYE: {}\n{}",
            line.errors(),
            line.log()
        );
        let refer = line.request("REFER").expect("the REFER");
        assert_eq!(header(&refer, "Refer-To").as_deref(), Some("<sip:3125550142@locus.test>"));
    });
}
