//! The managed drop folder, a real directory watched by `locusctl map watch`: a map copied in is applied; a
//! half-written file (the copy still in progress, or abandoned) is refused with a clear error while the map in
//! force stays, and completing it applies it; an atomic rename into place is seen; other files are ignored.

mod support;

use serde_json::{Value, json};
use std::time::Duration;
use support::{MapHome, MapWatch, example_with_serial};

/// `locusctl map watch`, looking only at map events (it also reports where each map leaves this machine).
struct Watcher(MapWatch);

impl Watcher {
    fn start(home: &MapHome) -> Self {
        Self(MapWatch::start(home))
    }

    fn next_event(&self) -> Value {
        self.0.next_of("Map", Duration::from_secs(20)).expect("a map event within 20 s")
    }

    fn quiet_for(&self, wait: Duration) -> Option<Value> {
        self.0.next_of("Map", wait)
    }
}

fn signed_bytes(home: &MapHome, serial: u64) -> (Vec<u8>, Vec<u8>) {
    let path = home.signed(&format!("src-{serial}.json"), &example_with_serial(serial));
    (std::fs::read(&path).expect("map"), std::fs::read(path.with_extension("json.minisig")).expect("sig"))
}

#[test]
fn maps_dropped_into_the_folder_are_applied_and_half_written_ones_refused() {
    let home = MapHome::new(json!({}));
    let drop = home.path().join("drop");
    std::fs::create_dir(&drop).expect("drop dir");
    home.write_policy(json!({ "drop_folder": drop }));
    let watcher = Watcher::start(&home);

    // 1. A complete map and signature copied in.
    let (body, signature) = signed_bytes(&home, 2);
    std::fs::write(drop.join("map.json.minisig"), &signature).expect("sig");
    std::fs::write(drop.join("map.json"), &body).expect("map");
    let event = watcher.next_event();
    assert_eq!(event["type"], "MapApplied", "{event}");
    assert_eq!(event["payload"]["serial"], 2, "{event}");

    // 2. The next map is left half-written: refused, and serial 2 stays in force.
    let (body, signature) = signed_bytes(&home, 3);
    std::fs::write(drop.join("map.json.minisig"), &signature).expect("sig");
    std::fs::write(drop.join("map.json"), &body[..body.len() / 2]).expect("half a map");
    let event = watcher.next_event();
    assert_eq!(event["type"], "MapRejected", "{event}");
    assert!(event["payload"]["errors"].to_string().contains("does not match the map"), "{event}");
    assert_eq!(home.serial_in_force(), Some(2));
    let status = home.status();
    assert!(status["sources"][0]["last_error"].as_str().unwrap_or_default().contains("map rejected"), "{status}");

    // 3. The copy completes: applied.
    std::fs::write(drop.join("map.json"), &body).expect("whole map");
    let event = watcher.next_event();
    assert_eq!((event["type"].as_str(), event["payload"]["serial"].as_u64()), (Some("MapApplied"), Some(3)), "{event}");

    // 4. Software distribution's usual way: write elsewhere, rename into place (signature first).
    let (body, signature) = signed_bytes(&home, 4);
    std::fs::write(drop.join(".map.json.minisig.tmp"), &signature).expect("tmp sig");
    std::fs::write(drop.join(".map.json.tmp"), &body).expect("tmp map");
    assert!(watcher.quiet_for(Duration::from_millis(1500)).is_none(), "temporary files are not maps");
    std::fs::rename(drop.join(".map.json.minisig.tmp"), drop.join("map.json.minisig")).expect("rename sig");
    std::fs::rename(drop.join(".map.json.tmp"), drop.join("map.json")).expect("rename map");
    let mut event = watcher.next_event();
    // Between the two renames the new signature sits beside the old map: that may be refused first.
    if event["type"] == "MapRejected" {
        event = watcher.next_event();
    }
    assert_eq!((event["type"].as_str(), event["payload"]["serial"].as_u64()), (Some("MapApplied"), Some(4)), "{event}");
    assert_eq!(home.serial_in_force(), Some(4));
}
