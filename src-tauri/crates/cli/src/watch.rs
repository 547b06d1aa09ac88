//! `locusctl net --watch`: one JSON line with the current snapshot, then one per material network change (the
//! same `NetworkChanged` events the desktop app receives), until interrupted.

use locus_core::events::Event;
use locus_core::{CoreError, Host, LocusPaths, LocusService, NetworkSnapshot, SystemSource};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// Prints each `NetworkChanged` as a JSON line on stdout.
#[derive(Debug, Default)]
struct JsonLinesHost;

impl Host for JsonLinesHost {
    fn emit(&self, event: &Event) {
        if let Event::NetworkChanged(snapshot) = event {
            print_line(snapshot);
        }
    }
}

fn print_line(snapshot: &NetworkSnapshot) {
    if let Ok(line) = serde_json::to_string(snapshot) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
}

pub(crate) async fn run(paths: LocusPaths) -> Result<ExitCode, CoreError> {
    let service = LocusService::open(paths, Arc::new(SystemSource::default()), Arc::new(JsonLinesHost)).await?;
    print_line(&service.network().await);
    tokio::select! {
        () = service.watch_network() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    service.shutdown().await;
    Ok(ExitCode::SUCCESS)
}
