// Wording for the call history: direction, duration, why a call ended, badges and the Call button. Pure, so
// each phrase can be tested without rendering.

import type { CallRecord } from '../platform/bindings';
import { POSSIBLE_EMERGENCY_CALLBACK, callerText, endReasonText, spokenNumber } from './callFormat';

/** How a finished call went, from the user's side: placed, taken, or rang here and was never answered. */
export type HistoryDirection = 'outgoing' | 'incoming' | 'missed';

export function historyDirection(record: Pick<CallRecord, 'direction' | 'answered_at'>): HistoryDirection {
  if (record.direction === 'outgoing') return 'outgoing';
  return record.answered_at === null ? 'missed' : 'incoming';
}

const DIRECTIONS: Record<HistoryDirection, { label: string; icon: string }> = {
  outgoing: { label: 'Outgoing', icon: '↗' },
  incoming: { label: 'Incoming', icon: '↙' },
  missed: { label: 'Missed', icon: '✕' },
};

/** "Outgoing", "Incoming" or "Missed" (an incoming call never answered). */
export function directionLabel(direction: HistoryDirection): string {
  return DIRECTIONS[direction].label;
}

/** A small arrow for the direction; decorative (the label says it in words). */
export function directionIcon(direction: HistoryDirection): string {
  return DIRECTIONS[direction].icon;
}

/** How long the call was connected, in whole seconds; null when it was never answered or a time is unreadable. */
export function durationSeconds(record: Pick<CallRecord, 'answered_at' | 'ended_at'>): number | null {
  if (record.answered_at === null) return null;
  const answered = Date.parse(record.answered_at);
  const ended = Date.parse(record.ended_at);
  if (Number.isNaN(answered) || Number.isNaN(ended)) return null;
  return Math.max(0, Math.round((ended - answered) / 1000));
}

/** "45 s", "2 min 5 s", "1 h 2 min"; "—" for a call never answered. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return secs > 0 ? `${minutes} min ${secs} s` : `${minutes} min`;
  return `${secs} s`;
}

/** The duration as an ISO 8601 duration for `<time dateTime>` ("PT2M5S"); null when there is none. */
export function isoDuration(seconds: number | null): string | null {
  return seconds === null ? null : `PT${seconds}S`;
}

/** The duration column: answered→ended, or "—" when the call was never answered. */
export function historyDuration(record: Pick<CallRecord, 'answered_at' | 'ended_at'>): string {
  return formatDuration(durationSeconds(record));
}

/** Why an incoming call ended, from the side of the person it rang for. */
const INCOMING_REASONS: Record<string, string> = {
  hung_up: 'you hung up',
  remote_hung_up: 'the caller hung up',
  cancelled: 'the caller hung up before it was answered',
  declined: 'you declined',
  no_answer: 'not answered',
};

/** Why a call ended, as a sentence start: "You hung up", "The line is busy", "The caller hung up". */
export function historyEndReason(record: Pick<CallRecord, 'direction' | 'end_reason'>): string {
  const reason = record.end_reason;
  const words =
    (record.direction === 'incoming' ? INCOMING_REASONS[reason] : undefined) ?? endReasonText(reason) ?? 'ended';
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface HistoryBadge {
  id: 'emergency' | 'test' | 'callback';
  text: string;
}

/** "Emergency", "Test call" and "Possible 911 callback", as they apply. */
export function historyBadges(record: Pick<CallRecord, 'kind' | 'possible_emergency_callback'>): HistoryBadge[] {
  const badges: HistoryBadge[] = [];
  if (record.kind === 'emergency') badges.push({ id: 'emergency', text: 'Emergency' });
  if (record.kind === 'emergency_test') badges.push({ id: 'test', text: 'Test call' });
  if (record.possible_emergency_callback) badges.push({ id: 'callback', text: POSSIBLE_EMERGENCY_CALLBACK });
  return badges;
}

export function isEmergencyRecord(record: Pick<CallRecord, 'kind'>): boolean {
  return record.kind === 'emergency' || record.kind === 'emergency_test';
}

/**
 * For emergency and test calls: "Callback number: 614-555-0100 · Location sent: 200 N Main St, …"; null for
 * other calls.
 */
export function emergencyDetails(
  record: Pick<CallRecord, 'kind' | 'callback_did' | 'location_sent'>,
): string | null {
  if (!isEmergencyRecord(record)) return null;
  const callback = record.callback_did ? spokenNumber(record.callback_did) : 'unknown';
  const location = record.location_sent ? record.location_sent : 'none';
  return `Callback number: ${callback} · Location sent: ${location}`;
}

/** Who the call was with: "Alice Smith (312-555-0199)", or the number. */
export function historyRemote(record: Pick<CallRecord, 'remote' | 'remote_name'>): string {
  return callerText(record.remote, record.remote_name);
}

/**
 * The Call button of a row: what it shows and its accessible name. An emergency call is said to be one before
 * it is dialed again: "Call 911 (emergency)".
 */
export function historyCallLabel(record: Pick<CallRecord, 'kind' | 'remote' | 'remote_name'>): {
  text: string;
  name: string;
} {
  switch (record.kind) {
    case 'emergency': {
      const text = `Call ${record.remote} (emergency)`;
      return { text, name: text };
    }
    case 'emergency_test': {
      const text = `Call ${record.remote} (emergency test)`;
      return { text, name: text };
    }
    default:
      return { text: 'Call', name: `Call ${historyRemote(record)}` };
  }
}
