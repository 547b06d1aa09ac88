// Pure wording helpers, kept apart from components so they can be tested and reused.

import type { AuditVerification, ConfigSource, InterfaceKind, ReadinessLevel } from '../platform/bindings';
import type { Operation } from './appState';

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function describeAudit(result: AuditVerification): { intact: boolean; text: string } {
  if (result.first_broken_seq === null) {
    return { intact: true, text: `Intact: ${plural(result.entries_checked, 'entry', 'entries')}` };
  }
  const reason = result.reason ?? 'no reason given';
  return { intact: false, text: `Broken at entry ${result.first_broken_seq}: ${reason}` };
}

const KIND_LABELS: Record<InterfaceKind, string> = {
  wired: 'Wired',
  wifi: 'Wi-Fi',
  tunnel: 'Tunnel',
  virtual: 'Virtual',
  loopback: 'Loopback',
  other: 'Other',
};

export function kindLabel(kind: InterfaceKind): string {
  return KIND_LABELS[kind] ?? kind;
}

export const LEVEL_LABELS: Record<ReadinessLevel, string> = {
  green: 'Ready',
  amber: 'Action needed',
  red: 'Not ready',
};

export function configWarningHeading(source: ConfigSource): string {
  const inForce = source === 'defaults' ? 'the default settings are in force' : 'the last good settings are in force';
  return `Your config.json has problems; ${inForce}`;
}

export function configSourceLabel(source: ConfigSource): string {
  switch (source) {
    case 'file':
      return 'config.json';
    case 'last_good':
      return 'Last good copy of config.json';
    case 'defaults':
      return 'Built-in defaults';
  }
}

const OPERATION_LABELS: Record<Operation, string> = {
  load: 'Could not read the status',
  refresh: 'Could not refresh the network',
  verify: 'Could not verify the audit log',
  subscribe: 'Could not listen for live updates',
  locate: 'Could not read your location',
  moved: 'Could not ask for your location again',
  locations: 'Could not read your places',
  maps: "Could not read your organisation's map status",
  check_maps: 'Could not check for a new IT map',
  carrier: "Could not read your carriers' E911 records",
  sync_carrier: 'Could not sync with the carrier',
  calls: 'Could not read the calls in progress',
  history: 'Could not read the call history',
  clear_history: 'Could not clear the call history',
  dial: 'Could not place the call',
  accounts: 'Could not read your calling accounts',
  save_account: 'Could not save the account',
  test_account: 'Could not test the connection',
  audio: 'Could not read the sound devices',
  save_audio: 'Could not save the sound devices',
};

export function operationLabel(op: Operation): string {
  return OPERATION_LABELS[op];
}
