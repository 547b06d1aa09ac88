//! The running service follows the settings files: when `e911.json` is edited outside the window (by
//! `locusctl e911 set`, IT tooling or an editor), the 911 plan takes the new callback DID within moments, with no
//! restart; an edit that breaks the file leaves the last good plan in force. Real files, a real inotify watch.

use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn write_e911(paths: &LocusPaths, did: &str) {
    let e911 = json!({"accounts": {"work": {"strategy": "carrier_update",
        "dids": [{"number": did, "carrier": "voipms", "status": "active"}]}}});
    std::fs::write(paths.config_dir.join("e911.json"), e911.to_string()).expect("e911 settings");
}

fn callback_did(service: &LocusService) -> String {
    service.emergency_plan().expect("a plan").caller_id
}

#[test]
fn an_outside_edit_of_the_e911_settings_reaches_the_911_plan() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let paths = LocusPaths::under(home.path());
        paths.create_all().expect("directories");
        // Registration goes to the discard port on loopback, and fails; only the plan matters here.
        let accounts = json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
            "registrar": "127.0.0.1:9"}]});
        std::fs::write(paths.config_dir.join("accounts.json"), accounts.to_string()).expect("accounts");
        write_e911(&paths, "3125550100");
        let host = Arc::new(HeadlessHost::default());
        let service = LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host).await.expect("open");
        tokio::spawn(service.watch_settings());
        assert_eq!(callback_did(&service), "3125550100");
        tokio::time::sleep(Duration::from_millis(200)).await; // the watch is in place

        write_e911(&paths, "3125550177");
        let deadline = Instant::now() + Duration::from_secs(10);
        while callback_did(&service) != "3125550177" {
            assert!(Instant::now() < deadline, "the plan still sends {}", callback_did(&service));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // A broken edit (an 11-digit DID) changes nothing: the last good plan stays in force.
        write_e911(&paths, "13125550199");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(callback_did(&service), "3125550177", "the last good settings stay in force");
        service.shutdown().await;
    });
}
