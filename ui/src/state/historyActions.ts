// The call history, recent numbers, redial and dial links, run against a Platform. Part of the controller
// (controller.ts builds it and routes `CallHistoryChanged` and `DialLinkOpened` here).
//
// A dial link only ever fills the dialer: nothing here dials because of a link (a web page must not be able to
// place a call, least of all to 911). The user presses Call.

import type { CallRecord, CallView, DialLink, Event } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import type { Platform } from '../platform/types';
import { applyFailure, applyHistory, type AppState } from './appState';
import { upsertCall } from './calls';
import { HISTORY_LIMIT, RECENT_LIMIT, mergeRecords } from './history';

export interface HistoryActions {
  /** Reads the call history for the History page. Failures are shown as an alert. */
  loadHistory(): Promise<void>;
  /** "Clear history" (after the user confirmed); rejects with an `IpcError`. Reads the history again after. */
  clearHistory(): Promise<number>;
  /** Reads the recent numbers for the dialer. A failure keeps the ones on screen. */
  loadRecent(): Promise<void>;
  /** Dials the most recent number again and puts the call on screen. Rejects with an `IpcError`. */
  redial(): Promise<CallView>;
  /** Normalises a pasted `tel:`/`sip:` link into dialer text; rejects with an `IpcError` (`invalid_link`). */
  openDialLink(link: string): Promise<DialLink>;
  /** Takes the link the app was opened with, if any, for the dialer (at start). */
  takeDialLink(): Promise<void>;
  /** The dialer has put the waiting link into its field. */
  dialLinkShown(): void;
}

export interface HistoryPart {
  actions: HistoryActions;
  /** Handles the events this part owns (`CallHistoryChanged`, `DialLinkOpened`); false for any other event. */
  handleEvent(event: Event): boolean;
}

export function createHistoryActions(
  platform: Platform,
  update: (next: (current: AppState) => AppState) => void,
): HistoryPart {
  /** Records that arrived (`CallHistoryChanged`) while a read was under way, merged into its answer. */
  let arrived: CallRecord[] = [];
  let historyReads = 0;
  /** Recent-number reads are applied newest-started first. */
  let recentTickets = 0;
  let appliedRecent = 0;

  async function loadHistory(): Promise<void> {
    historyReads += 1;
    update((s) => (s.loadingHistory ? s : { ...s, loadingHistory: true }));
    try {
      const records = await platform.callHistory(HISTORY_LIMIT);
      const extra = arrived;
      update((s) => applyHistory(s, mergeRecords(records, extra)));
    } catch (reason) {
      update((s) => applyFailure(s, 'history', toIpcError(reason)));
    } finally {
      historyReads -= 1;
      if (historyReads === 0) arrived = [];
    }
  }

  async function loadRecent(): Promise<void> {
    const ticket = (recentTickets += 1);
    try {
      const numbers = await platform.recentNumbers(RECENT_LIMIT);
      if (ticket <= appliedRecent) return;
      appliedRecent = ticket;
      update((s) => ({ ...s, recentNumbers: numbers }));
    } catch {
      // The numbers on screen stay; the dialer works without them.
    }
  }

  function recordAdded(record: CallRecord): void {
    if (historyReads > 0) arrived = [...arrived, record];
    // Once the History page has read the list, it is kept current here; until then there is nothing to update.
    update((s) => (s.history === null ? s : { ...s, history: mergeRecords(s.history, [record]) }));
    void loadRecent();
  }

  async function linkOpened(sent: DialLink): Promise<void> {
    // Consume the shell's pending link, so it is not handed over a second time (e.g. when the window reloads).
    let taken: DialLink | null = null;
    try {
      taken = await platform.takeDialLink();
    } catch {
      // The event carries the link.
    }
    update((s) => ({ ...s, dialLink: taken ?? sent }));
  }

  const actions: HistoryActions = {
    loadHistory,

    async clearHistory() {
      let removed: number;
      try {
        removed = await platform.clearCallHistory();
      } catch (reason) {
        throw toIpcError(reason);
      }
      update((s) => ({ ...s, history: [], recentNumbers: [] }));
      await Promise.all([loadHistory(), loadRecent()]);
      return removed;
    },

    loadRecent,

    async redial() {
      let view: CallView;
      try {
        view = await platform.redial();
      } catch (reason) {
        throw toIpcError(reason);
      }
      update((s) => ({ ...s, calls: upsertCall(s.calls, view) }));
      return view;
    },

    async openDialLink(link) {
      try {
        return await platform.openDialLink(link);
      } catch (reason) {
        throw toIpcError(reason);
      }
    },

    async takeDialLink() {
      try {
        const link = await platform.takeDialLink();
        if (link !== null) update((s) => ({ ...s, dialLink: link }));
      } catch {
        // No link to prefill: the dialer starts empty.
      }
    },

    dialLinkShown() {
      update((s) => (s.dialLink === null ? s : { ...s, dialLink: null }));
    },
  };

  return {
    actions,
    handleEvent(event) {
      if (event.type === 'CallHistoryChanged') {
        recordAdded(event.payload);
        return true;
      }
      if (event.type === 'DialLinkOpened') {
        void linkOpened(event.payload);
        return true;
      }
      return false;
    },
  };
}
