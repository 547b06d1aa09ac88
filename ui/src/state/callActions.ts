// The user's call actions, run against a Platform: dialing, hanging up, the readback test and its suggestion.
// Part of the controller (controller.ts builds it and routes `TestCallRequested` and readiness events here).

import type { CallView, NumberCheck, TestAnswer } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import type { Platform } from '../platform/types';
import { applyFailure, type AppState } from './appState';
import { findCall, markEnded, mergeCalls, removeCall, upsertCall } from './calls';
import {
  closeTestFlow,
  openTestAnswer,
  openTestFlow,
  testAnswered,
  testBusy,
  testFailed,
  testStarted,
} from './testFlow';

export interface CallActions {
  /** What the typed text would dial (for the dialer's label). Rejects with an `IpcError`. */
  checkNumber(text: string): Promise<NumberCheck>;
  /** Places a call and puts it on screen. Rejects with an `IpcError` for the caller to show. */
  dial(number: string): Promise<CallView>;
  /** Hangs up; rejects with an `IpcError`. A call the shell no longer knows is marked ended instead. */
  hangUp(callId: string): Promise<void>;
  /** Puts an answered call on hold, or takes a held one off hold. Rejects with an `IpcError`. */
  toggleHold(call: CallView): Promise<void>;
  /**
   * Mutes or unmutes a call and applies the call the shell answers with (no event follows a mute). Rejects with
   * an `IpcError`, leaving the state as it was.
   */
  setMuted(callId: string, muted: boolean): Promise<void>;
  /** Sends DTMF digits on an answered call (no event follows; the state is unchanged). Rejects with an `IpcError`. */
  sendDtmf(callId: string, digits: string): Promise<void>;
  /**
   * Blind-transfers an answered call to `target`; resolves once the target answered (`CallEnded` with
   * `transferred` follows). Rejects with an `IpcError` (`emergency_transfer`, `invalid_transfer_target`,
   * `transfer_failed`: the call goes on).
   */
  transferCall(callId: string, target: string): Promise<void>;
  /** Answers a ringing incoming call; rejects with an `IpcError` for the panel to show. */
  answerCall(callId: string): Promise<void>;
  /** Declines a ringing incoming call; rejects with an `IpcError`. One that stopped ringing is marked ended. */
  declineCall(callId: string): Promise<void>;
  /** Takes an ended call off the screen. */
  closeCall(callId: string): void;
  /** Reads the calls in progress (at start). Failures are shown as an alert. */
  loadCalls(): Promise<void>;
  /** Reads the emergency plan again (after a readiness change, or for the test dialog). */
  refreshPlan(): Promise<void>;

  /** Opens the test dialog (the status page button, the suggestion, or `TestCallRequested`). */
  openTest(): void;
  /** Opens the test dialog on "Did the readback match?" for a test call that ended while it was closed. */
  openTestAnswer(callId: string): void;
  /** Closes the test dialog, hanging up a test call still going. */
  closeTest(): void;
  startTest(): Promise<void>;
  hangUpTest(): Promise<void>;
  answerTest(answer: TestAnswer): Promise<void>;
  /** "Not now" on the suggestion. Rejects with an `IpcError` for the banner to show. */
  dismissSuggestion(): Promise<void>;
}

export function createCallActions(
  platform: Platform,
  update: (next: (current: AppState) => AppState) => void,
  read: () => AppState,
): CallActions {
  /** Changes whenever the dialog is opened fresh or closed, so a test started before that is abandoned. */
  let testSession = 0;

  async function refreshPlan(): Promise<void> {
    try {
      const plan = await platform.emergencyPlan();
      update((s) => (s.plan === plan ? s : { ...s, plan }));
    } catch {
      // The plan from the last status report stays on screen.
    }
  }

  async function hangUp(callId: string): Promise<void> {
    try {
      await platform.hangUp(callId);
    } catch (reason) {
      const error = toIpcError(reason);
      if (error.code !== 'not_found') throw error;
      update((s) => ({ ...s, calls: markEnded(s.calls, callId) }));
    }
  }

  return {
    async checkNumber(text) {
      try {
        return await platform.checkNumber(text);
      } catch (reason) {
        throw toIpcError(reason);
      }
    },

    async dial(number) {
      let view: CallView;
      try {
        view = await platform.dial(number);
      } catch (reason) {
        throw toIpcError(reason);
      }
      update((s) => ({ ...s, calls: upsertCall(s.calls, view) }));
      return view;
    },

    hangUp,

    async toggleHold(call) {
      try {
        if (call.state === 'on_hold') await platform.resumeCall(call.call_id);
        else await platform.holdCall(call.call_id);
      } catch (reason) {
        throw toIpcError(reason);
      }
    },

    async setMuted(callId, muted) {
      let view: CallView;
      try {
        view = await platform.muteCall(callId, muted);
      } catch (reason) {
        throw toIpcError(reason);
      }
      // A call closed while the answer was on its way is not brought back.
      update((s) => (findCall(s.calls, view.call_id) === null ? s : { ...s, calls: upsertCall(s.calls, view) }));
    },

    async sendDtmf(callId, digits) {
      try {
        await platform.sendDtmf(callId, digits);
      } catch (reason) {
        throw toIpcError(reason);
      }
    },

    async transferCall(callId, target) {
      try {
        await platform.transferCall(callId, target);
      } catch (reason) {
        throw toIpcError(reason);
      }
    },

    async answerCall(callId) {
      let view: CallView;
      try {
        view = await platform.answerCall(callId);
      } catch (reason) {
        throw toIpcError(reason);
      }
      update((s) => ({ ...s, calls: upsertCall(s.calls, view) }));
    },

    async declineCall(callId) {
      try {
        await platform.declineCall(callId);
      } catch (reason) {
        const error = toIpcError(reason);
        if (error.code !== 'not_found') throw error;
        update((s) => ({ ...s, calls: markEnded(s.calls, callId) }));
      }
    },

    closeCall(callId) {
      update((s) => {
        const call = findCall(s.calls, callId);
        return call?.state === 'ended' ? { ...s, calls: removeCall(s.calls, callId) } : s;
      });
    },

    async loadCalls() {
      try {
        const views = await platform.listCalls();
        update((s) => ({ ...s, calls: mergeCalls(s.calls, views) }));
      } catch (reason) {
        update((s) => applyFailure(s, 'calls', toIpcError(reason)));
      }
    },

    refreshPlan,

    openTest() {
      const before = read().test;
      const after = openTestFlow(before);
      if (after === before) return;
      if (after.step === 'intro') {
        testSession += 1;
        void refreshPlan();
      }
      update((s) => ({ ...s, test: after }));
    },

    openTestAnswer(callId) {
      const call = findCall(read().calls, callId);
      if (call === null || call.kind !== 'emergency_test') return;
      testSession += 1;
      update((s) => ({ ...s, test: openTestAnswer(call) }));
    },

    closeTest() {
      const { test, calls } = read();
      const call = findCall(calls, test.callId);
      // Closing mid-call hangs up; the call then waits (on the call bar) for its answer.
      if (test.step === 'calling' && call !== null && call.state !== 'ended') {
        void hangUp(call.call_id).catch(() => undefined);
      }
      testSession += 1;
      update((s) => ({ ...s, test: closeTestFlow(s.test) }));
    },

    async startTest() {
      if (read().test.busy) return;
      const session = testSession;
      update((s) => ({ ...s, test: testBusy(s.test) }));
      try {
        const view = await platform.startTestCall();
        const abandoned = session !== testSession || !read().test.open;
        update((s) => {
          const calls = upsertCall(s.calls, view.call);
          return abandoned ? { ...s, calls } : { ...s, calls, test: testStarted(s.test, view, calls) };
        });
        // The dialog was closed while the call was being placed: hang it up, as closing mid-call does.
        if (abandoned) void hangUp(view.call.call_id).catch(() => undefined);
      } catch (reason) {
        if (session === testSession) update((s) => ({ ...s, test: testFailed(s.test, 'start', toIpcError(reason)) }));
      }
    },

    async hangUpTest() {
      const callId = read().test.callId;
      if (callId === null) return;
      try {
        await hangUp(callId);
      } catch (reason) {
        update((s) => ({ ...s, test: testFailed(s.test, 'hang_up', toIpcError(reason)) }));
      }
    },

    async answerTest(answer) {
      const { callId, busy } = read().test;
      if (callId === null || busy) return;
      update((s) => ({ ...s, test: testBusy(s.test) }));
      try {
        const result = await platform.answerTestCall(callId, answer);
        update((s) => ({
          ...s,
          calls: removeCall(s.calls, callId),
          testSuggestion: null,
          test: testAnswered(s.test, result),
        }));
      } catch (reason) {
        update((s) => (s.test.callId === callId ? { ...s, test: testFailed(s.test, 'answer', toIpcError(reason)) } : s));
      }
    },

    async dismissSuggestion() {
      try {
        await platform.dismissTestSuggestion();
      } catch (reason) {
        throw toIpcError(reason);
      }
      update((s) => (s.testSuggestion === null ? s : { ...s, testSuggestion: null }));
    },
  };
}
