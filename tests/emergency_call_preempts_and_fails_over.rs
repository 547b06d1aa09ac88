//! Issue #7 item 4 in the running service: an emergency call puts every other answered call on hold — after its
//! own INVITE, with a re-INVITE offering `a=sendonly` that the other line accepts — and an emergency INVITE that
//! goes unheard on the account's transport goes out again at once over the next one. The service runs
//! in-process in a laptop network namespace (the ordinary call's password in a sandboxed gnome-keyring); SIPp
//! plays the ordinary line and the carrier's 911 gateway.

mod support;

use locus_core::calls::{CallKind, CallState, CallView};
use locus_core::events::Event;
use locus_core::secrets::{OsKeychain, SecretKey, SecretStore};
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use support::lab::{inside_laptop, rerun_inside_laptop};
use support::sip_account::write_account_with_did;
use support::sipp::{Sipp, body, header};

const DID: &str = "3125550177";

/// One account whose calls (ordinary and 911) go to 127.0.0.1:`port` over UDP, with its E911 DID.
fn point_account_at(home: &Path, port: u16) {
    write_account_with_did(&home.join("config"), port, DID);
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime")
}

async fn open_service(home: &Path) -> (Arc<LocusService>, Arc<HeadlessHost>) {
    let host = Arc::new(HeadlessHost::default());
    let service = LocusService::open(LocusPaths::under(home), Arc::new(SystemSource::default()), host.clone())
        .await
        .expect("the service opens");
    (service, host)
}

/// Waits until the call `call_id` is in `state` on the service's board.
async fn until_state(service: &LocusService, call_id: &str, state: CallState) -> CallView {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let view = service.calls().into_iter().find(|c| c.call_id == call_id);
        if let Some(view) = view.filter(|v| v.state == state) {
            return view;
        }
        assert!(Instant::now() < deadline, "call {call_id} never reached {state:?}: {:?}", service.calls());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Re-runs `test` inside a laptop network namespace and then a keychain sandbox holding the ordinary line's
/// password (an ordinary call needs it; 911 never does). Inside both, returns `LOCUS_HOME`.
fn laptop_with_line_password(test: &str, purpose: &str, subnet: &str, mac: &str) -> Option<PathBuf> {
    if !inside_laptop() {
        rerun_inside_laptop(purpose, subnet, mac, test, &[]);
        return None;
    }
    let Some(_sandbox) = sandbox() else {
        rerun_in_sandbox(test, Bus::PrivateSessionWithGnomeKeyring);
        return None;
    };
    start_unlocked_gnome_keyring();
    OsKeychain::new().set(&SecretKey::sip_password("work"), "line-password").expect("store the SIP password");
    Some(PathBuf::from(std::env::var_os("LOCUS_HOME").expect("the sandbox sets LOCUS_HOME")))
}

#[test]
fn an_emergency_call_puts_the_other_call_on_hold() {
    let test = "an_emergency_call_puts_the_other_call_on_hold";
    let Some(home) = laptop_with_line_password(test, "preempt", "10.207.8", "02:00:5e:70:00:08") else { return };
    runtime().block_on(async {
        let mut line = Sipp::start("sipp-answer-then-held.xml");
        point_account_at(&home, line.port);
        let (service, host) = open_service(&home).await;

        let ordinary = service.place_call("3125550199").await.expect("the ordinary call");
        assert_eq!(ordinary.kind, CallKind::Normal);
        until_state(&service, &ordinary.call_id, CallState::Established).await;

        // 911 goes to the carrier's gateway; the ordinary line is put on hold behind it.
        let mut gateway = Sipp::start("sipp-answer.xml");
        point_account_at(&home, gateway.port);
        service.prepare_emergency().await;
        let emergency = service.place_call("911").await.expect("the emergency call");
        assert_eq!(emergency.kind, CallKind::Emergency);
        let held = until_state(&service, &ordinary.call_id, CallState::OnHold).await;
        let held_at = SystemTime::now();
        assert!(
            host.events().iter().any(|e| matches!(e, Event::CallHeld(view) if view.call_id == held.call_id)),
            "CallHeld for the ordinary call: {:?}",
            host.events()
        );
        until_state(&service, &emergency.call_id, CallState::Established).await;

        // The line saw a re-INVITE in the same dialog offering sendonly, and only after the 911 INVITE left.
        let invites: Vec<String> = line.received().into_iter().filter(|m| m.starts_with("INVITE ")).collect();
        assert_eq!(invites.len(), 2, "the INVITE and the hold re-INVITE: {invites:?}");
        assert_eq!(header(&invites[1], "Call-ID"), header(&invites[0], "Call-ID"), "same dialog");
        assert!(body(&invites[1]).contains("a=sendonly"), "{}", invites[1]);
        let gateway_invite = gateway.received_at("INVITE").expect("the gateway got the 911 INVITE");
        assert!(gateway_invite <= held_at, "the 911 INVITE left before the other call was held");
        let emergency_invite = gateway.request("INVITE").expect("911 INVITE");
        assert!(header(&emergency_invite, "From").is_some_and(|from| from.contains(DID)), "{emergency_invite}");

        // The emergency call itself is never held.
        assert!(
            !host.events().iter().any(|e| matches!(e, Event::CallHeld(view) if view.call_id == emergency.call_id)),
            "the emergency call was held"
        );
        service.hang_up(&emergency.call_id).expect("hang up 911");
        service.hang_up(&ordinary.call_id).expect("hang up the held call");
        assert!(line.finished_ok(Duration::from_secs(5)), "the held line saw BYE: {}", line.errors());
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
    });
}

#[test]
fn an_emergency_call_mutes_a_line_that_refuses_the_hold_and_the_readback_test_waits_for_it() {
    let test = "an_emergency_call_mutes_a_line_that_refuses_the_hold_and_the_readback_test_waits_for_it";
    let Some(home) = laptop_with_line_password(test, "mute911", "10.207.10", "02:00:5e:70:00:0a") else { return };
    runtime().block_on(async {
        let mut line = Sipp::start("sipp-answer-then-refuse-hold.xml");
        point_account_at(&home, line.port);
        let (service, _host) = open_service(&home).await;
        let ordinary = service.place_call("3125550199").await.expect("the ordinary call");
        until_state(&service, &ordinary.call_id, CallState::Established).await;

        let mut gateway = Sipp::start("sipp-answer.xml");
        point_account_at(&home, gateway.port);
        service.prepare_emergency().await;
        let emergency = service.place_call("911").await.expect("the emergency call");
        until_state(&service, &emergency.call_id, CallState::Established).await;
        // The line refuses to be held: it stays up, and muted, so it cannot hear the 911 call.
        let deadline = Instant::now() + Duration::from_secs(5);
        while !line.received().iter().any(|m| m.starts_with("ACK ") && m.contains("CSeq: 2 ACK")) {
            assert!(Instant::now() < deadline, "the refused re-INVITE was never ACKed: {:?}", line.received());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let view = service.calls().into_iter().find(|c| c.call_id == ordinary.call_id).expect("the line is up");
        assert_eq!(view.state, CallState::Established, "the hold was refused");
        assert!(view.muted, "a line that refuses the hold is muted for the emergency call: {view:?}");

        // The readback test would take the microphone from the 911 call: it waits until 911 ends.
        let refused = service.start_test_call().await.expect_err("no readback test during a 911 call");
        assert!(refused.to_string().contains("911 call is in progress"), "{refused}");
        let still = service.calls().into_iter().find(|c| c.call_id == emergency.call_id).expect("911 is up");
        assert_eq!((still.state, still.muted), (CallState::Established, false), "911 untouched: {still:?}");

        service.hang_up(&emergency.call_id).expect("hang up 911");
        service.hang_up(&ordinary.call_id).expect("hang up the line");
        assert!(line.finished_ok(Duration::from_secs(5)), "{}", line.errors());
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
    });
}

#[test]
fn an_unheard_emergency_invite_goes_out_again_over_tcp() {
    if !inside_laptop() {
        return rerun_inside_laptop(
            "failover",
            "10.207.9",
            "02:00:5e:70:00:09",
            "an_unheard_emergency_invite_goes_out_again_over_tcp",
            &[],
        );
    }
    runtime().block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        // The gateway listens on TCP only; the account says UDP, where nobody answers.
        let mut gateway = Sipp::start_over_tcp("sipp-answer-and-hang-up.xml");
        point_account_at(home.path(), gateway.port);
        let (service, _host) = open_service(home.path()).await;

        let dialed_at = SystemTime::now();
        let placed = service.dial("911", Default::default()).await.expect("dial 911");
        assert!(placed.dial_to_invite < Duration::from_millis(50), "the first INVITE left at once");
        let mut call = placed.call;
        let mut changed = None;
        while let Some(event) = tokio::time::timeout(Duration::from_secs(15), call.next_event()).await.expect("events")
        {
            if let locus_sip::CallEvent::TransportChanged { transport, .. } = event {
                changed = Some(transport);
            }
        }
        assert_eq!(changed, Some(locus_sip::Transport::Tcp), "the INVITE moved to TCP");
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
        let invite = gateway.request("INVITE").expect("the INVITE reached the gateway over TCP");
        assert!(header(&invite, "Via").is_some_and(|via| via.contains("TCP")), "{invite}");
        assert!(header(&invite, "From").is_some_and(|from| from.contains(DID)), "{invite}");
        assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"));
        let arrived = gateway.received_at("INVITE").expect("arrival time");
        let after = arrived.duration_since(dialed_at).unwrap_or_default();
        assert!(after < Duration::from_secs(4), "over TCP {after:?} after dialing (failover after 2 s)");
    });
}
