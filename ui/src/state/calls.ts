// The calls on screen, as an immutable list in the order they were first seen, and pure updates to it.
// Views arrive from several places (the dial result, list_calls, call events) in no guaranteed order.

import type { CallState, CallView, EmergencyCallRef } from '../platform/bindings';

/** How far along each state is: a call never moves back (a late `dial` answer after `CallRinging`). */
const PROGRESS: Record<CallState, number> = { calling: 0, ringing: 1, established: 2, on_hold: 2, ended: 3 };

/**
 * Adds `view`, or updates the call it describes. A view of an earlier state than the one held is ignored,
 * and the emergency details (callback number, location sent) are kept if the newer view lacks them.
 */
export function upsertCall(calls: CallView[], view: CallView): CallView[] {
  const index = calls.findIndex((c) => c.call_id === view.call_id);
  if (index < 0) return [...calls, view];
  const held = calls[index]!;
  if (PROGRESS[view.state] < PROGRESS[held.state]) return calls;
  const merged: CallView = {
    ...view,
    remote_name: view.remote_name ?? held.remote_name ?? null,
    emergency: view.emergency ?? held.emergency,
  };
  return calls.map((c, i) => (i === index ? merged : c));
}

/** Merges every view of a list (e.g. `list_calls` at start) into the calls held. */
export function mergeCalls(calls: CallView[], views: CallView[]): CallView[] {
  return views.reduce(upsertCall, calls);
}

export function removeCall(calls: CallView[], callId: string): CallView[] {
  return calls.some((c) => c.call_id === callId) ? calls.filter((c) => c.call_id !== callId) : calls;
}

/** Marks a call over without a reason (the shell no longer knows it), so it can be closed. */
export function markEnded(calls: CallView[], callId: string): CallView[] {
  return calls.map((c) => (c.call_id === callId && c.state !== 'ended' ? { ...c, state: 'ended' } : c));
}

/** `EmergencyCallStarted`: fills in the callback number and location of a call that has none yet. */
export function attachEmergency(calls: CallView[], ref: EmergencyCallRef): CallView[] {
  const index = calls.findIndex((c) => c.call_id === ref.call_id && c.emergency === null);
  if (index < 0) return calls;
  return calls.map((c, i) => (i === index ? { ...c, emergency: ref } : c));
}

export function findCall(calls: CallView[], callId: string | null): CallView | null {
  return callId === null ? null : (calls.find((c) => c.call_id === callId) ?? null);
}
