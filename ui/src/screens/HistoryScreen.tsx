// The History page: finished calls, newest first, each with a Call button, and "Clear history".

import { useEffect, useId, useState } from 'preact/hooks';
import { ClearHistory } from '../components/ClearHistory';
import { ErrorAlert } from '../components/ErrorAlert';
import { HistoryRow } from '../components/HistoryRow';
import type { CallRecord } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import type { UiError } from '../state/appState';
import { OTHER_PHONE, mayBeEmergency, sentence } from '../state/callFormat';

export interface HistoryScreenProps {
  /** Null until first read. */
  history: CallRecord[] | null;
  loading: boolean;
  /** Reads the history (when the page opens, and "Try again"); `CallHistoryChanged` keeps it current after. */
  onLoad: () => void;
  /** The dialer's dial path: a 911 in the history is dialed as an emergency call. Rejects with an `IpcError`. */
  onDial: (number: string) => Promise<unknown>;
  /** Clears the history (after the user confirmed); rejects with an `IpcError`. */
  onClear: () => Promise<unknown>;
}

export function HistoryScreen({ history, loading, onLoad, onDial, onClear }: HistoryScreenProps) {
  const uid = useId();
  const [dialing, setDialing] = useState<string | null>(null);
  const [dialError, setDialError] = useState<UiError | null>(null);

  useEffect(() => {
    onLoad();
  }, []); // once, when the page opens

  const call = async (record: CallRecord) => {
    const emergency = record.kind === 'emergency' || mayBeEmergency(record.remote);
    // Only one ordinary call is placed at a time; an emergency call is never held back (S1).
    if (dialing !== null && !emergency) return;
    setDialError(null);
    setDialing(record.call_id);
    try {
      await onDial(record.remote);
    } catch (reason) {
      const error = toIpcError(reason);
      const message = emergency ? `${sentence(error.message)} ${OTHER_PHONE}` : error.message;
      setDialError({ op: 'dial', code: error.code, message });
    } finally {
      setDialing((current) => (current === record.call_id ? null : current));
    }
  };

  return (
    <div class="screen" data-testid="history-screen" aria-busy={loading}>
      <section class="card" aria-labelledby={`${uid}-title`}>
        <header class="card__header history__header">
          <h2 id={`${uid}-title`} tabIndex={-1}>
            Call history
          </h2>
          <ClearHistory disabled={!history || history.length === 0} onClear={onClear} titleId={`${uid}-title`} />
        </header>
        {dialError && <ErrorAlert error={dialError} onDismiss={() => setDialError(null)} />}
        {history === null ? (
          loading ? (
            <p class="muted" data-testid="history-loading">
              Reading the call history…
            </p>
          ) : (
            <p class="muted" data-testid="history-unread">
              The call history has not been read.{' '}
              <button type="button" class="button--quiet" data-testid="history-retry" onClick={onLoad}>
                Try again
              </button>
            </p>
          )
        ) : history.length === 0 ? (
          <p class="muted" data-testid="history-empty">
            No calls yet. Calls you make and receive are listed here once they end.
          </p>
        ) : (
          <div class="table-wrap">
            <table class="table history" data-testid="history-table">
              <caption class="visually-hidden">Calls, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Call</th>
                  <th scope="col">With</th>
                  <th scope="col">Started</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Ended</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((record) => (
                  <HistoryRow
                    key={record.call_id}
                    record={record}
                    dialing={dialing === record.call_id}
                    onCall={() => void call(record)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
