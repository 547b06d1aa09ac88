// The call history on screen, as an immutable list newest first, and pure updates to it.

import type { CallRecord } from '../platform/bindings';

/** How many finished calls the History page reads and keeps. */
export const HISTORY_LIMIT = 200;

/** How many recent numbers the dialer offers. */
export const RECENT_LIMIT = 5;

function startedAt(record: CallRecord): number {
  const time = Date.parse(record.started_at);
  return Number.isNaN(time) ? 0 : time;
}

/**
 * `records` with `added` merged in: each call once (an added record replaces the one with its id), newest
 * started first, at most `limit`. Records that start at the same time keep their order, added ones first.
 */
export function mergeRecords(records: CallRecord[], added: CallRecord[], limit = HISTORY_LIMIT): CallRecord[] {
  const ids = new Set(added.map((r) => r.call_id));
  const merged = [...added, ...records.filter((r) => !ids.has(r.call_id))];
  return merged.sort((a, b) => startedAt(b) - startedAt(a)).slice(0, limit);
}
