//! Mute against SIPp on loopback: SIPp echoes our RTP, so what comes back is what we sent. While muted the tone
//! we play is replaced by silence, but packets keep flowing (the line stays live, unlike hold); unmuted, the tone
//! is back. In the running service (the line's password in a sandboxed gnome-keyring), `mute_call` mutes a call
//! the window follows and says so in its view; an unknown call is refused.

mod support;

use locus_core::calls::CallState;
use locus_core::secrets::{OsKeychain, SecretKey, SecretStore};
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use locus_sip::{Call, CallEnd, CallEvent, CallOptions, CallRequest, Transport, place_call};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::audio::{power_at, tone};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use support::sip_account::{loopback_account, write_account_with_did};
use support::sipp::Sipp;

const SERVICE_TEST: &str = "the_service_mutes_a_call_it_follows";

async fn next(call: &mut Call) -> CallEvent {
    tokio::time::timeout(Duration::from_secs(10), call.next_event())
        .await
        .expect("a call event within 10 s")
        .expect("the call reports until it ends")
}

/// The samples between `from` and `to` seconds into the recording.
fn window(samples: &[i16], from: f64, to: f64) -> &[i16] {
    let index = |seconds: f64| ((seconds * 8000.0) as usize).min(samples.len());
    &samples[index(from)..index(to)]
}

#[tokio::test]
async fn muting_sends_silence_on_a_live_line_and_unmuting_brings_the_tone_back() {
    let mut sipp = Sipp::start("sipp-answer.xml");
    let request = CallRequest { target: "3125550199".into(), play: tone(440.0, 20.0), ..CallRequest::default() };
    let account = loopback_account(sipp.port, Transport::Udp);
    let mut call = place_call(&account, "unused", request, CallOptions::default()).await.expect("INVITE");
    let control = call.control();
    while !matches!(next(&mut call).await, CallEvent::Established { .. }) {}
    let established_at = Instant::now();

    tokio::time::sleep(Duration::from_millis(1500)).await;
    control.set_muted(true);
    assert!(control.is_muted());
    let muted_at = established_at.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(2000)).await;
    control.set_muted(false);
    let unmuted_at = established_at.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    call.hang_up();
    let (end, media) = loop {
        if let CallEvent::Ended { end, media } = next(&mut call).await {
            break (end, media);
        }
    };
    let talked = established_at.elapsed().as_secs_f64();
    assert_eq!(end, CallEnd::HungUp);
    assert!(sipp.finished_ok(Duration::from_secs(5)), "{}", sipp.errors());

    // The echo's timeline is ours (SIPp sends our packets back as they are).
    let samples = &media.received.samples;
    let before = window(samples, 0.2, muted_at - 0.3);
    let during = window(samples, muted_at + 0.3, unmuted_at - 0.3);
    let after = window(samples, unmuted_at + 0.3, unmuted_at + 1.0);
    for (name, part) in [("before muting", before), ("while muted", during), ("after unmuting", after)] {
        assert!(part.len() > 4000, "{name}: only {} samples came back", part.len());
    }
    let (loud_before, quiet, loud_after) = (power_at(before, 440.0), power_at(during, 440.0), power_at(after, 440.0));
    assert!(quiet * 1000.0 < loud_before, "muted, the tone is gone: {quiet} vs {loud_before} before");
    assert!(quiet * 1000.0 < loud_after, "unmuted, the tone is back: {loud_after} vs {quiet} while muted");

    // No gap: about 50 packets a second went out and came back the whole time, muted or not.
    let (sent, received) = (media.packets_sent as f64, media.received.packets as f64);
    assert!(sent > 50.0 * talked * 0.8, "sent {sent} packets in {talked:.2} s");
    assert!(received > 50.0 * (unmuted_at - muted_at + 2.0) * 0.8, "{received} packets came back in {talked:.2} s");
}

#[test]
fn the_service_mutes_a_call_it_follows() {
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(SERVICE_TEST, Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    let home = std::path::PathBuf::from(std::env::var_os("LOCUS_HOME").expect("the sandbox sets LOCUS_HOME"));
    OsKeychain::new().set(&SecretKey::sip_password("work"), "line-password").expect("store the SIP password");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let mut line = Sipp::start("sipp-answer.xml");
        write_account_with_did(&home.join("config"), line.port, "3125550155");
        let host = Arc::new(HeadlessHost::default());
        let service = LocusService::open(LocusPaths::under(&home), Arc::new(SystemSource::default()), host)
            .await
            .expect("the service opens");
        let call = service.place_call("3125550199").await.expect("the call");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !service.calls().iter().any(|c| c.call_id == call.call_id && c.state == CallState::Established) {
            assert!(Instant::now() < deadline, "never answered: {:?}", service.calls());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(!call.muted);
        let muted = service.mute_call(&call.call_id, true).expect("mute");
        assert!(muted.muted, "{muted:?}");
        assert!(service.calls().iter().any(|c| c.call_id == call.call_id && c.muted), "listed as muted");
        assert!(!service.mute_call(&call.call_id, false).expect("unmute").muted);
        assert!(service.mute_call("no-such-call", true).is_err(), "an unknown call is refused");
        // The keypad goes through the same call (SIPp's line takes no telephone events, so these leave as INFO
        // — which this scenario does not expect, so only the refusals are checked here; tests/sip_dtmf_with_sipp.rs
        // checks the digits on the wire).
        assert!(service.send_dtmf(&call.call_id, "12x").is_err(), "off-keypad characters are refused");
        assert!(service.send_dtmf("no-such-call", "1").is_err(), "an unknown call is refused");
        service.hang_up(&call.call_id).expect("hang up");
        assert!(line.finished_ok(Duration::from_secs(5)), "{}", line.errors());
    });
}
