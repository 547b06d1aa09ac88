// Wording for the E911 page: carriers, DIDs and where each DID's E911 record stands. Pure, so it can be tested.

import type { CarrierOverview, DidStatus } from '../platform/bindings';

/** Said for an account whose 911 callback number follows the place in force. */
export const FOLLOWS_LOCATION_NOTE = 'The 911 callback number follows your confirmed location';

/** The command that sets up an account's carrier, with placeholders. */
export const CARRIER_SET_COMMAND = 'locusctl carrier set --account <id> ...';

/** `3125550100` → `(312) 555-0100`; a leading country code 1 is dropped; anything else stays as it is. */
export function formatDid(did: string): string {
  const match = /^1?(\d{3})(\d{3})(\d{4})$/.exec(did.trim());
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : did;
}

const CARRIER_NAMES: Record<string, string> = {
  voipms: 'VoIP.ms',
  webhook: 'Organisation webhook',
};

/** The carrier's name for people; an unknown kind is shown as sent. */
export function carrierName(carrier: string): string {
  return CARRIER_NAMES[carrier] ?? carrier;
}

const STATUS_LABELS: Record<DidStatus, string> = {
  active: 'Active',
  pending: 'Pending',
  mismatch: 'Mismatch',
  needs_user_decision: 'Needs your decision',
  declined: 'Kept your address',
  failed: 'Failed',
  not_provisioned: 'Not provisioned',
};

/** Where a DID's E911 record stands, in words. */
export function didStatusText(status: DidStatus): string {
  return STATUS_LABELS[status] ?? status;
}

/** The readiness colours: green fine, amber waiting (on the carrier or on you), red wrong; grey for no E911. */
export type StatusTone = 'green' | 'amber' | 'red' | 'unknown';

/**
 * The colour of a DID's status. A DID without E911 service is only wrong (red) when it is the 911 caller ID;
 * any other line (a fax) is neutral.
 */
export function didStatusTone(status: DidStatus, emergencyCallerId: boolean): StatusTone {
  switch (status) {
    case 'active':
      return 'green';
    case 'pending':
    case 'needs_user_decision':
    case 'declined':
      return 'amber';
    case 'mismatch':
    case 'failed':
      return 'red';
    case 'not_provisioned':
      return emergencyCallerId ? 'red' : 'unknown';
    default:
      return 'unknown';
  }
}

/** A carrier field name for people: `street_name` → `street name`. */
export function fieldLabel(field: string): string {
  return field.replace(/_/g, ' ').trim();
}

/** An empty value in a difference or a correction, so "nothing" is visible. */
export function fieldValue(value: string): string {
  return value.trim() === '' ? '(empty)' : value;
}

/**
 * What changed between two overviews, for a live region: "(312) 555-0100: Active" for each DID whose status
 * changed, joined with "; ". DIDs that appear or disappear are not announced; neither is the first overview.
 */
export function statusChanges(before: CarrierOverview | null, after: CarrierOverview | null): string {
  if (before === null || after === null) return '';
  const was = new Map<string, DidStatus>();
  for (const account of before.accounts) for (const d of account.dids) was.set(d.did, d.status);
  const changes: string[] = [];
  for (const account of after.accounts) {
    for (const d of account.dids) {
      const old = was.get(d.did);
      if (old !== undefined && old !== d.status) changes.push(`${formatDid(d.did)}: ${didStatusText(d.status)}`);
    }
  }
  return changes.join('; ');
}
