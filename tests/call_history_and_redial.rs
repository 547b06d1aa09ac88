//! Call history and redial in the running service (in-process, the line's password in a sandboxed
//! gnome-keyring), against SIPp: an answered ordinary call and a busy 911 call each land in the SQLite history
//! with what the window needs (direction, kind, answer time, end reason, the callback number sent), recent
//! numbers come once each, newest first, and redial dials the last number through the dial plan again — so a
//! 911 in the history goes out as an emergency call, with the E911 DID and `Priority: emergency` (issue #7 item 1).

mod support;

use locus_core::calls::CallKind;
use locus_core::events::Event;
use locus_core::secrets::{OsKeychain, SecretKey, SecretStore};
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use locus_location::{CallDirection, CallRecord};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use support::sip_account::write_account_with_did;
use support::sipp::{Sipp, header};

const TEST: &str = "finished_calls_are_in_the_history_and_redial_recognises_911";
const DID: &str = "3125550166";

/// One account whose calls (ordinary and 911) go to 127.0.0.1:`port` over UDP, with its E911 DID.
fn point_account_at(home: &Path, port: u16) {
    write_account_with_did(&home.join("config"), port, DID);
}

/// Waits for the history row of the call `call_id` (the `CallHistoryChanged` event).
async fn history_row(host: &HeadlessHost, call_id: &str) -> CallRecord {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let written = host.events().into_iter().find_map(|event| match event {
            Event::CallHistoryChanged(record) if record.call_id == call_id => Some(record),
            _ => None,
        });
        if let Some(record) = written {
            return record;
        }
        assert!(Instant::now() < deadline, "call {call_id} never reached the history: {:#?}", host.events());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn finished_calls_are_in_the_history_and_redial_recognises_911() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST, Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    let home = std::path::PathBuf::from(std::env::var_os("LOCUS_HOME").expect("the sandbox sets LOCUS_HOME"));
    OsKeychain::new().set(&SecretKey::sip_password("work"), "line-password").expect("store the SIP password");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let mut line = Sipp::start("sipp-answer-and-hang-up.xml");
        point_account_at(&home, line.port);
        let host = Arc::new(HeadlessHost::default());
        let service = LocusService::open(LocusPaths::under(&home), Arc::new(SystemSource::default()), host.clone())
            .await
            .expect("the service opens");
        assert!(service.redial().await.is_err(), "nothing to redial before the first call");

        // An ordinary call, answered, then hung up by the far end.
        let ordinary = service.place_call("312-555-0199").await.expect("the ordinary call");
        let row = history_row(&host, &ordinary.call_id).await;
        assert!(line.finished_ok(Duration::from_secs(5)), "{}", line.errors());
        assert_eq!(
            (row.direction, row.kind.as_str(), row.remote.as_str()),
            (CallDirection::Outgoing, "normal", "3125550199")
        );
        assert!(row.answered_at.is_some(), "answered: {row:?}");
        assert_eq!(row.end_reason, "remote_hung_up");
        assert_eq!(row.callback_did, None);

        // 911, and the carrier's gateway says busy.
        let mut gateway = Sipp::start("sipp-busy.xml");
        point_account_at(&home, gateway.port);
        service.prepare_emergency().await;
        let emergency = service.place_call("911").await.expect("911 dials");
        let row = history_row(&host, &emergency.call_id).await;
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
        assert_eq!((row.kind.as_str(), row.remote.as_str()), ("emergency", "911"));
        assert_eq!(row.answered_at, None, "a busy call was never answered");
        assert_eq!(row.end_reason, "busy");
        assert_eq!(row.callback_did.as_deref(), Some(DID));

        assert_eq!(service.recent_numbers(10).await.expect("recent numbers"), ["911", "3125550199"]);

        // Redial takes the last number, 911, through the dial plan: an emergency call with the DID again.
        let mut gateway = Sipp::start("sipp-answer-and-hang-up.xml");
        point_account_at(&home, gateway.port);
        service.prepare_emergency().await;
        let redialed = service.redial().await.expect("redial");
        assert_eq!((redialed.kind, redialed.remote.as_str()), (CallKind::Emergency, "911"));
        let row = history_row(&host, &redialed.call_id).await;
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
        let invite = gateway.request("INVITE").expect("the gateway got the redialed INVITE");
        assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"));
        assert!(header(&invite, "From").is_some_and(|from| from.contains(DID)), "{invite}");
        assert_eq!((row.kind.as_str(), row.end_reason.as_str()), ("emergency", "remote_hung_up"));

        let history = service.call_history(10).await.expect("history");
        let ids: Vec<&str> = history.iter().map(|call| call.call_id.as_str()).collect();
        assert_eq!(ids, [redialed.call_id.as_str(), emergency.call_id.as_str(), ordinary.call_id.as_str()]);
        assert_eq!(service.clear_call_history().await.expect("clear"), 3);
        assert!(service.call_history(10).await.expect("history").is_empty());
    });
}
