//! IPC commands: each one forwards to `LocusService` and turns errors into `IpcError` (code + message).
//! The names are listed once in `locus_core::ipc::COMMANDS`.

use locus_core::ipc::{IpcError, StatusReport};
use locus_core::{AuditVerification, LocusService, NetworkSnapshot};
use std::sync::Arc;
use tauri::State;

type Service<'a> = State<'a, Arc<LocusService>>;

#[tauri::command]
pub(crate) async fn get_status(service: Service<'_>) -> Result<StatusReport, IpcError> {
    service.status().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn get_network(service: Service<'_>) -> Result<NetworkSnapshot, IpcError> {
    Ok(service.network().await)
}

#[tauri::command]
pub(crate) async fn refresh_network(service: Service<'_>) -> Result<NetworkSnapshot, IpcError> {
    service.refresh_network().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn verify_audit_log(service: Service<'_>) -> Result<AuditVerification, IpcError> {
    service.verify_audit_log().await.map_err(|e| e.to_ipc())
}

/// The UI calls this once, after the first frame with live data. Logged with the time since launch, so
/// `docs/BENCHMARKS.md` can measure launch-to-first-paint from the log of a real run.
#[tauri::command]
pub(crate) fn report_first_paint() {
    let elapsed = crate::LAUNCHED.get().map(|t| t.elapsed().as_secs_f64() * 1000.0).unwrap_or_default();
    tracing::info!(elapsed_ms = format!("{elapsed:.1}"), "first paint");
}
