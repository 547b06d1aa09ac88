//! The PSAP callback window in the running service (in-process, with its password in a sandboxed keychain):
//! `alice` registers with a real Kamailio with do-not-disturb on, and SIPp calls her through it. Before any 911
//! call the caller gets 486 Busy Here and nothing rings. After a 911 call (SIPp as the carrier's gateway) the same
//! call rings through do-not-disturb: `CallIncoming` marked as a possible emergency callback, the host asked to
//! ring loudly, `emergency.callback_received` in the audit log; answered, it is established and ends with the
//! caller's BYE, and the call history keeps it as an answered incoming call from "Bob Caller".

mod support;

use locus_core::calls::{CallKind, CallState, CallView};
use locus_core::events::Event;
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use locus_location::CallDirection;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::audio::tone;
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use support::pcap::rtp_pcap;
use support::sip_account::write_account_with_did;
use support::sip_cli::{add_account, text};
use support::sipp::Sipp;
use support::sipp_caller::SippCaller;

const TEST: &str = "a_call_after_911_rings_through_do_not_disturb_as_a_possible_callback";

/// Waits for the first event `pick` accepts.
async fn event<T>(host: &HeadlessHost, what: &str, pick: impl Fn(&Event) -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(found) = host.events().iter().find_map(&pick) {
            return found;
        }
        assert!(Instant::now() < deadline, "no {what} within 15 s: {:#?}", host.events());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn call_us(kamailio: &Kamailio) -> SippCaller {
    let voice = rtp_pcap(&tone(1_000.0, 1.0));
    SippCaller::call("sipp-call-us.xml", kamailio.port, "alice", &[("caller.pcap", &voice)])
}

fn sipp_finished(sipp: &mut SippCaller) -> bool {
    tokio::task::block_in_place(|| sipp.finished_ok(Duration::from_secs(15)))
}

#[test]
fn a_call_after_911_rings_through_do_not_disturb_as_a_possible_callback() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST, Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    let kamailio = Kamailio::start(Digest::Md5);
    let added = add_account("work", kamailio.port, PASSWORD);
    assert!(added.status.success(), "{}", text(&added));
    let paths = LocusPaths::from_env().expect("LOCUS_HOME");
    std::fs::write(paths.config_file(), json!({"calls": {"do_not_disturb": true}}).to_string()).expect("config");

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        let host = Arc::new(HeadlessHost::default());
        let service = LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host.clone())
            .await
            .expect("the service opens");
        service.start_registrations().await;
        event(&host, "RegisterOk", |e| matches!(e, Event::RegisterOk(_)).then_some(())).await;

        // No 911 call yet: do-not-disturb refuses the call as busy, and nothing rings.
        let mut sipp = call_us(&kamailio);
        assert!(sipp_finished(&mut sipp), "{}", sipp.explain());
        assert!(sipp.response(486).is_some(), "busy at the caller: {}", sipp.explain());
        assert!(host.rings().is_empty() && !host.events().iter().any(|e| matches!(e, Event::CallIncoming(_))));

        // A 911 call (the gateway says busy; the INVITE went, which is what opens the window).
        let mut gateway = Sipp::start("sipp-busy.xml");
        let config_dir = paths.config_file().parent().expect("config dir").to_path_buf();
        let kamailio_account = std::fs::read(config_dir.join("accounts.json")).expect("accounts.json");
        write_account_with_did(&config_dir, gateway.port, "3125550142");
        service.prepare_emergency().await;
        let mut emergency = service.dial("911", Default::default()).await.expect("911 dials").call;
        while emergency.next_event().await.is_some() {}
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
        assert!(gateway.request("INVITE").is_some(), "the 911 INVITE reached the gateway");
        std::fs::write(config_dir.join("accounts.json"), kamailio_account).expect("restore accounts.json");
        service.prepare_emergency().await;
        assert!(paths.data_dir.join("emergency-callback.json").exists(), "the 911 call's time is kept for a restart");

        // The same call now rings, through do-not-disturb, as a possible PSAP callback.
        let mut sipp = call_us(&kamailio);
        let ringing: CallView =
            event(&host, "CallIncoming", |e| if let Event::CallIncoming(view) = e { Some(view.clone()) } else { None })
                .await;
        assert_eq!((ringing.kind, ringing.state), (CallKind::Incoming, CallState::Ringing));
        assert!(ringing.possible_emergency_callback, "{ringing:?}");
        assert_eq!(ringing.remote, "+13125550199");
        assert_eq!(ringing.remote_name.as_deref(), Some("Bob Caller"), "the caller's display name");
        assert_eq!(host.rings(), [(ringing.call_id.clone(), true)], "rung loudly");
        assert!(service.calls().iter().any(|call| call.call_id == ringing.call_id), "listed while ringing");
        let audit = service.audit_entries().await.expect("audit");
        let callback = audit.iter().find(|entry| entry.kind == "emergency.callback_received").expect("audited");
        let payload: serde_json::Value = serde_json::from_str(&callback.payload).expect("JSON payload");
        assert_eq!(payload["caller"], "+13125550199");
        assert_eq!(payload["overrode_do_not_disturb"], true);

        let answered = service.answer_call(&ringing.call_id).await.expect("answered");
        assert_eq!(answered.call_id, ringing.call_id);
        let established = event(&host, "CallEstablished", |e| match e {
            Event::CallEstablished(view) if view.call_id == ringing.call_id => Some(view.clone()),
            _ => None,
        })
        .await;
        assert!(established.possible_emergency_callback);
        let ended = event(&host, "CallEnded", |e| match e {
            Event::CallEnded(view) if view.call_id == ringing.call_id => Some(view.clone()),
            _ => None,
        })
        .await;
        assert_eq!(ended.end_reason.as_deref(), Some("remote_hung_up"));
        // The call history keeps it as an answered incoming call, marked as a possible callback.
        let row = event(&host, "CallHistoryChanged", |e| match e {
            Event::CallHistoryChanged(row) if row.call_id == ringing.call_id => Some(row.clone()),
            _ => None,
        })
        .await;
        assert_eq!((row.direction, row.kind.as_str()), (CallDirection::Incoming, "incoming"));
        assert_eq!((row.remote.as_str(), row.remote_name.as_deref()), ("+13125550199", Some("Bob Caller")));
        assert!(row.answered_at.is_some() && row.possible_emergency_callback, "{row:?}");
        assert!(sipp_finished(&mut sipp), "the caller's side went through: {}", sipp.explain());
        assert!(sipp.response(180).is_some() && sipp.response(200).is_some(), "{}", sipp.explain());
        assert!(service.decline_call(&ringing.call_id).is_err(), "nothing left ringing");
        service.stop_registrations().await;
    });
}
