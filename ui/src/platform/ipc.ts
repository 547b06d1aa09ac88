import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type {
  AuditVerification,
  CivicAddress,
  CommandName,
  ConfirmRequest,
  LocateReport,
  Location,
  LocationEdit,
  MapStatusReport,
  NetworkSnapshot,
  StatusReport,
  Validation,
} from './bindings';
import { toIpcError } from './errors';

/**
 * Invokes a shell command; a rejection is always an `IpcError`. Tauri names command arguments in camelCase
 * on this side (Rust `location_id` is `locationId` here).
 */
async function call<T>(command: CommandName, args?: InvokeArgs): Promise<T> {
  try {
    return args === undefined ? await invoke<T>(command) : await invoke<T>(command, args);
  } catch (reason) {
    throw toIpcError(reason);
  }
}

export function getStatus(): Promise<StatusReport> {
  return call<StatusReport>('get_status');
}

export function getNetwork(): Promise<NetworkSnapshot> {
  return call<NetworkSnapshot>('get_network');
}

export function refreshNetwork(): Promise<NetworkSnapshot> {
  return call<NetworkSnapshot>('refresh_network');
}

export function verifyAuditLog(): Promise<AuditVerification> {
  return call<AuditVerification>('verify_audit_log');
}

export function reportFirstPaint(): Promise<void> {
  return call<void>('report_first_paint');
}

export function locate(): Promise<LocateReport> {
  return call<LocateReport>('locate');
}

export function confirmLocation(request: ConfirmRequest): Promise<LocateReport> {
  return call<LocateReport>('confirm_location', { request });
}

export function reportMoved(): Promise<LocateReport> {
  return call<LocateReport>('report_moved');
}

export function listLocations(): Promise<Location[]> {
  return call<Location[]>('list_locations');
}

export function updateLocation(edit: LocationEdit): Promise<Location> {
  return call<Location>('update_location', { edit });
}

export async function deleteLocation(locationId: string): Promise<void> {
  await call<null>('delete_location', { locationId });
}

export function validateAddress(address: CivicAddress): Promise<Validation> {
  return call<Validation>('validate_address', { address });
}

export function mapStatus(): Promise<MapStatusReport> {
  return call<MapStatusReport>('map_status');
}

export function checkMaps(): Promise<MapStatusReport> {
  return call<MapStatusReport>('check_maps');
}
