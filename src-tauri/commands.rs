//! IPC commands: each one forwards to `LocusService` and turns errors into `IpcError` (code + message).
//! The names are listed once in `locus_core::ipc::COMMANDS`.

use locus_core::PlanSummary;
use locus_core::account_view::{AccountSettings, AccountView, ConnectionTest};
use locus_core::audio_view::AudioDevicesView;
use locus_core::calls::{CallView, NumberCheck, TestAnswer, TestCallView};
use locus_core::carrier_view::CarrierOverview;
use locus_core::dial_link::DialLink;
use locus_core::events::TestCallResult;
use locus_core::ipc::{IpcError, MapStatusReport, StatusReport};
use locus_core::locating::{ConfirmRequest, LocateReport, LocationEdit};
use locus_core::{AudioConfig, AuditVerification, FieldError, LocusService, NetworkSnapshot};
use locus_location::civic::{CivicAddress, Validation};
use locus_location::{CallRecord, Location};
use std::sync::Arc;
use tauri::State;
use time::OffsetDateTime;

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

#[tauri::command]
pub(crate) async fn locate(service: Service<'_>) -> Result<LocateReport, IpcError> {
    Ok(service.locate().await)
}

#[tauri::command]
pub(crate) async fn confirm_location(service: Service<'_>, request: ConfirmRequest) -> Result<LocateReport, IpcError> {
    service.confirm_location(request, OffsetDateTime::now_utc()).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn report_moved(service: Service<'_>) -> Result<LocateReport, IpcError> {
    service.report_moved().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn list_locations(service: Service<'_>) -> Result<Vec<Location>, IpcError> {
    service.list_locations().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn update_location(service: Service<'_>, edit: LocationEdit) -> Result<Location, IpcError> {
    service.update_location(edit, OffsetDateTime::now_utc()).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn delete_location(service: Service<'_>, location_id: String) -> Result<(), IpcError> {
    service.delete_location(&location_id, OffsetDateTime::now_utc()).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn validate_address(service: Service<'_>, address: CivicAddress) -> Validation {
    service.validate_address(&address)
}

#[tauri::command]
pub(crate) async fn map_status(service: Service<'_>) -> Result<MapStatusReport, IpcError> {
    service.map_status().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn check_maps(service: Service<'_>) -> Result<MapStatusReport, IpcError> {
    service.check_maps_now().await;
    service.map_status().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn emergency_plan(service: Service<'_>) -> Option<PlanSummary> {
    service.emergency_plan()
}

#[tauri::command]
pub(crate) fn check_number(service: Service<'_>, text: String) -> NumberCheck {
    service.check_number(&text)
}

#[tauri::command]
pub(crate) async fn dial(service: Service<'_>, number: String) -> Result<CallView, IpcError> {
    service.place_call(&number).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn hang_up(service: Service<'_>, call_id: String) -> Result<(), IpcError> {
    service.hang_up(&call_id).map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn hold_call(service: Service<'_>, call_id: String) -> Result<(), IpcError> {
    service.hold_call(&call_id).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn resume_call(service: Service<'_>, call_id: String) -> Result<(), IpcError> {
    service.resume_call(&call_id).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn answer_call(service: Service<'_>, call_id: String) -> Result<CallView, IpcError> {
    service.answer_call(&call_id).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn decline_call(service: Service<'_>, call_id: String) -> Result<(), IpcError> {
    service.decline_call(&call_id).map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn mute_call(service: Service<'_>, call_id: String, muted: bool) -> Result<CallView, IpcError> {
    service.mute_call(&call_id, muted).map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn send_dtmf(service: Service<'_>, call_id: String, digits: String) -> Result<(), IpcError> {
    service.send_dtmf(&call_id, &digits).map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn transfer_call(service: Service<'_>, call_id: String, target: String) -> Result<(), IpcError> {
    service.transfer_call(&call_id, &target).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn list_accounts(service: Service<'_>) -> Result<Vec<AccountView>, IpcError> {
    service.list_accounts().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn validate_account(service: Service<'_>, settings: AccountSettings) -> Vec<FieldError> {
    service.validate_account(&settings)
}

#[tauri::command]
pub(crate) async fn test_account(
    service: Service<'_>,
    settings: AccountSettings,
    password: Option<String>,
) -> Result<ConnectionTest, IpcError> {
    service.test_account(&settings, password).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn save_account(
    service: Service<'_>,
    settings: AccountSettings,
    password: Option<String>,
) -> Result<AccountView, IpcError> {
    service.save_account(&settings, password).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn remove_account(service: Service<'_>, account_id: String) -> Result<(), IpcError> {
    service.remove_sip_account(&account_id).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn list_calls(service: Service<'_>) -> Vec<CallView> {
    service.calls()
}

#[tauri::command]
pub(crate) async fn call_history(service: Service<'_>, limit: u32) -> Result<Vec<CallRecord>, IpcError> {
    service.call_history(limit).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn recent_numbers(service: Service<'_>, limit: u32) -> Result<Vec<String>, IpcError> {
    service.recent_numbers(limit).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn redial(service: Service<'_>) -> Result<CallView, IpcError> {
    service.redial().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn clear_call_history(service: Service<'_>) -> Result<u64, IpcError> {
    service.clear_call_history().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn audio_devices(service: Service<'_>) -> Result<AudioDevicesView, IpcError> {
    service.audio_devices().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn choose_audio_devices(
    service: Service<'_>,
    choice: AudioConfig,
) -> Result<AudioDevicesView, IpcError> {
    service.choose_audio_devices(choice).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn open_dial_link(service: Service<'_>, link: String) -> Result<DialLink, IpcError> {
    service.open_dial_link(&link).map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) fn take_dial_link(service: Service<'_>) -> Option<DialLink> {
    service.take_dial_link()
}

#[tauri::command]
pub(crate) async fn start_test_call(service: Service<'_>) -> Result<TestCallView, IpcError> {
    service.start_test_call().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn answer_test_call(
    service: Service<'_>,
    call_id: String,
    answer: TestAnswer,
) -> Result<TestCallResult, IpcError> {
    service.answer_test_call(&call_id, answer, OffsetDateTime::now_utc()).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn dismiss_test_suggestion(service: Service<'_>) -> Result<(), IpcError> {
    service.dismiss_test_suggestion().await;
    Ok(())
}

#[tauri::command]
pub(crate) async fn carrier_overview(service: Service<'_>) -> Result<CarrierOverview, IpcError> {
    service.carrier_overview().await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn sync_carrier(service: Service<'_>, account_id: String) -> Result<CarrierOverview, IpcError> {
    service.sync_carrier(&account_id).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn accept_carrier_suggestion(
    service: Service<'_>,
    did: String,
    index: usize,
) -> Result<CarrierOverview, IpcError> {
    service.accept_carrier_suggestion(&did, index, OffsetDateTime::now_utc()).await.map_err(|e| e.to_ipc())
}

#[tauri::command]
pub(crate) async fn decline_carrier_suggestions(
    service: Service<'_>,
    did: String,
) -> Result<CarrierOverview, IpcError> {
    service.decline_carrier_suggestions(&did, OffsetDateTime::now_utc()).await.map_err(|e| e.to_ipc())
}
