import { invoke } from '@tauri-apps/api/core';
import type { AuditVerification, CommandName, NetworkSnapshot, StatusReport } from './bindings';
import { toIpcError } from './errors';

/** Invokes a shell command; a rejection is always an `IpcError`. */
async function call<T>(command: CommandName): Promise<T> {
  try {
    return await invoke<T>(command);
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
