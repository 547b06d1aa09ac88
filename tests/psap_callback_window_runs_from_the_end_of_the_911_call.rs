//! The PSAP callback window runs from the end of the 911 call, not from its INVITE: a dispatcher calls back after
//! a call drops or ends, so a long call must not use the window up. The service (in-process) calls SIPp as the
//! carrier's 911 gateway on loopback; the time kept in `emergency-callback.json` (which a restart reads) is checked
//! to be the hang-up's, not the INVITE's.

mod support;

use locus_core::calls::CallState;
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::sip_account::write_account_with_did;
use support::sipp::Sipp;
use time::OffsetDateTime;

fn kept_time(paths: &LocusPaths) -> Option<OffsetDateTime> {
    let text = std::fs::read_to_string(paths.data_dir.join("emergency-callback.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let kept = value["last_emergency_call"].as_str()?;
    OffsetDateTime::parse(kept, &time::format_description::well_known::Rfc3339).ok()
}

#[test]
fn the_callback_window_starts_when_the_911_call_ends() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let paths = LocusPaths::under(home.path());
        let mut gateway = Sipp::start("sipp-answer.xml");
        write_account_with_did(&paths.config_dir, gateway.port, "3125550177");
        let host = Arc::new(HeadlessHost::default());
        let service = LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host).await.expect("open");

        let placed_at = OffsetDateTime::now_utc();
        let call = service.place_call("911").await.expect("911 goes out");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !service.calls().iter().any(|c| c.call_id == call.call_id && c.state == CallState::Established) {
            assert!(Instant::now() < deadline, "911 was never answered: {:?}", service.calls());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(1500)).await; // the call goes on for a while
        let hung_up_at = OffsetDateTime::now_utc();
        service.hang_up(&call.call_id).expect("hang up");
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());

        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let kept = kept_time(&paths);
            if kept.is_some_and(|at| at >= hung_up_at) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the window still runs from {kept:?}; the call was placed at {placed_at} and ended at {hung_up_at}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        service.shutdown().await;
    });
}
