// Wording for the Organization page (IT map, managed policy, delivery sources). Pure, so each phrase can be
// tested without rendering.

import type { PolicySource } from '../platform/bindings';
import { plural } from './format';

/** A map that expires within this many days is flagged. */
export const EXPIRY_WARNING_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TimeFormatOptions {
  /** Defaults to the user's locale. */
  locale?: string | string[];
  /** Defaults to the user's time zone. */
  timeZone?: string;
}

/**
 * An RFC 3339 time as people read it in their locale, with the time zone: "Mar 1, 2025, 9:00 AM UTC" in
 * en-US. Anything that does not parse is shown as given.
 */
export function formatTime(value: string, options: TimeFormatOptions = {}): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  try {
    return new Intl.DateTimeFormat(options.locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    }).format(new Date(time));
  } catch {
    return value;
  }
}

export type ExpiryState = 'ok' | 'soon' | 'expired' | 'unknown';

export interface Expiry {
  state: ExpiryState;
  /** The warning to show, or null when the map is good for more than `EXPIRY_WARNING_DAYS` days. */
  warning: string | null;
}

/** Whether a map expiring at `expires` (RFC 3339) has expired or expires within 14 days of `now`. */
export function mapExpiry(expires: string, now: Date): Expiry {
  const time = Date.parse(expires);
  if (Number.isNaN(time)) return { state: 'unknown', warning: null };
  const left = time - now.getTime();
  if (left <= 0) {
    const ago = Math.floor(-left / DAY_MS);
    const when = ago === 0 ? 'today' : `${plural(ago, 'day', 'days')} ago`;
    return {
      state: 'expired',
      warning: `This map expired ${when}. Ask your IT department to publish a new one.`,
    };
  }
  if (left > EXPIRY_WARNING_DAYS * DAY_MS) return { state: 'ok', warning: null };
  const days = Math.floor(left / DAY_MS);
  const when = days === 0 ? 'in less than a day' : `in ${plural(days, 'day', 'days')}`;
  return {
    state: 'soon',
    warning: `This map expires ${when}. Your IT department should publish a new one before then.`,
  };
}

/** "Signature verified, key RWQ…": a map is only ever in force after its signature verified. */
export function signatureText(signedBy: string): string {
  return `Signature verified, key ${signedBy}`;
}

/** "URL" for a map delivered over HTTP(S), "File" for one from a drop folder or applied by hand. */
export function mapSourceKind(source: string): 'URL' | 'File' {
  return /^https?:\/\//i.test(source) ? 'URL' : 'File';
}

export function policySourceLabel(source: PolicySource): string {
  switch (source) {
    case 'file':
      return 'Found and valid';
    case 'none':
      return 'Not found: IT maps are not set up on this computer';
    case 'invalid':
      return 'Invalid: nothing in it is used, so no new map can be applied (the map in force stays)';
  }
}

export const NO_MAP_TEXT = 'No IT map: locations come only from your own confirmations';

export const POLICY_WRITABLE_WARNING =
  'This policy file can be changed by your user account; it should be writable by administrators only.';
