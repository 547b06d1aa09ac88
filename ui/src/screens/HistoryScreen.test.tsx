// Tests for the History page, through the whole app on the fake platform: the table, the Call buttons (through
// the dialer's dial path), "Clear history" and the refresh on `CallHistoryChanged`.

import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import type { CallRecord } from '../platform/bindings';
import { createFakePlatform, type FakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { callRecord } from '../test/fixtures';
import { formatTime } from '../state/mapFormat';

/** An outgoing call, an emergency call, a readback test, a missed call and an answered possible 911 callback. */
function sampleHistory(): CallRecord[] {
  return [
    callRecord({
      call_id: 'in-cb',
      kind: 'incoming',
      remote: '6145550911',
      remote_name: 'Franklin County 911',
      started_at: '2025-03-10T16:00:00Z',
      answered_at: '2025-03-10T16:00:03Z',
      ended_at: '2025-03-10T16:00:48Z',
      end_reason: 'remote_hung_up',
      possible_emergency_callback: true,
    }),
    callRecord({
      call_id: 'in-missed',
      kind: 'incoming',
      remote: '3125550142',
      started_at: '2025-03-10T15:30:00Z',
      answered_at: null,
      ended_at: '2025-03-10T15:30:20Z',
      end_reason: 'cancelled',
    }),
    callRecord({ call_id: 'e-1', kind: 'emergency', started_at: '2025-03-10T15:00:00Z', end_reason: 'remote_hung_up' }),
    callRecord({ call_id: 't-1', kind: 'emergency_test', started_at: '2025-03-10T14:30:00Z' }),
    callRecord({ call_id: 'out-1', started_at: '2025-03-10T14:00:00Z', answered_at: null, end_reason: 'busy' }),
  ];
}

async function openHistory(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const platform = createFakePlatform({ history: sampleHistory(), ...options });
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  fireEvent.click(screen.getByTestId('nav-history'));
  await waitFor(() => expect(screen.queryByTestId('history-loading')).toBeNull());
  return platform;
}

const row = (id: string) => screen.getByTestId(`history-row-${id}`);
const cell = (id: string, name: string) => within(row(id)).getByTestId(name).textContent;

describe('History page', () => {
  it('is the tab after Status; opening it reads the last 200 calls once', async () => {
    const platform = await openHistory();
    const tabs = within(screen.getByRole('navigation', { name: 'Pages' })).getAllByRole('button');
    expect(tabs.map((t) => t.textContent)).toEqual(['Status', 'History', 'Locations', 'Organization', 'E911', 'Accounts']);
    expect(screen.getByTestId('nav-history').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('history-screen')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('History');
    expect(platform.callHistory).toHaveBeenCalledOnce();
    expect(platform.callHistory).toHaveBeenCalledWith(200);
  });

  it('lists the calls newest first in a captioned table', async () => {
    await openHistory();
    const table = screen.getByRole('table', { name: 'Calls, newest first' });
    const ids = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.getAttribute('data-testid'));
    expect(ids).toEqual(['in-cb', 'in-missed', 'e-1', 't-1', 'out-1'].map((id) => `history-row-${id}`));
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Call',
      'With',
      'Started',
      'Duration',
      'Ended',
      'Actions',
    ]);
  });

  it('shows direction, who, badges, start time, duration and why each call ended', async () => {
    await openHistory();
    expect(cell('out-1', 'history-direction')).toContain('Outgoing');
    expect(cell('out-1', 'history-duration')).toBe('—');
    expect(cell('out-1', 'history-end-reason')).toBe('The line is busy');
    expect(cell('out-1', 'history-remote')).toBe('312-555-0199');

    expect(cell('in-missed', 'history-direction')).toContain('Missed');
    expect(row('in-missed').getAttribute('data-direction')).toBe('missed');
    expect(cell('in-missed', 'history-duration')).toBe('—');
    expect(cell('in-missed', 'history-end-reason')).toBe('The caller hung up before it was answered');

    expect(cell('in-cb', 'history-direction')).toContain('Incoming');
    expect(cell('in-cb', 'history-remote')).toBe('Franklin County 911 (614-555-0911)');
    expect(cell('in-cb', 'history-badge-callback')).toBe('Possible 911 callback');
    expect(cell('in-cb', 'history-duration')).toBe('45 s');
    expect(within(row('in-cb')).queryByTestId('history-emergency')).toBeNull();

    const started = within(row('out-1')).getByTestId('history-started');
    expect(started.getAttribute('datetime')).toBe('2025-03-10T14:00:00Z');
    expect(started.textContent).toBe(formatTime('2025-03-10T14:00:00Z'));
  });

  it('badges emergency and test calls and gives their callback number and location sent', async () => {
    await openHistory();
    expect(cell('e-1', 'history-badge-emergency')).toBe('Emergency');
    expect(cell('e-1', 'history-duration')).toBe('2 min 5 s');
    expect(cell('e-1', 'history-emergency')).toBe(
      'Callback number: 614-555-0100 · Location sent: 200 N Main St, Floor 3, Springfield, IL 62701',
    );
    expect(cell('t-1', 'history-badge-test')).toBe('Test call');
    expect(cell('t-1', 'history-emergency')).toContain('Callback number: 614-555-0100');
    expect(within(row('out-1')).queryByTestId('history-badge-emergency')).toBeNull();
  });

  it('Call dials the number through the dialer path; the call shows on the call bar', async () => {
    const platform = await openHistory();
    const button = screen.getByTestId('history-call-out-1');
    expect(button.textContent).toBe('Call');
    expect(screen.getByRole('button', { name: 'Call 312-555-0199' })).toBe(button);
    fireEvent.click(button);
    expect(platform.dial).toHaveBeenCalledWith('3125550199');
    expect(await screen.findByTestId('call-panel')).toBeTruthy();
  });

  it('Call on a 911 row says it is an emergency call and dials it as one', async () => {
    const platform = await openHistory();
    const button = screen.getByTestId('history-call-e-1');
    expect(button.textContent).toBe('Call 911 (emergency)');
    expect(screen.getByRole('button', { name: 'Call 911 (emergency)' })).toBe(button);
    fireEvent.click(button);
    expect(platform.dial).toHaveBeenCalledWith('911');
    const panel = await screen.findByTestId('call-panel');
    expect(panel.getAttribute('data-kind')).toBe('emergency');
    expect(within(panel).getByTestId('emergency-call-summary')).toBeTruthy();
  });

  it('a call that cannot be placed is shown in an alert, with the 911 advice for an emergency call', async () => {
    await openHistory({ dial: { reject: { code: 'no_account', message: 'no SIP account is set up' } } });
    fireEvent.click(screen.getByTestId('history-call-e-1'));
    const alert = await within(screen.getByTestId('history-screen')).findByTestId('error-alert');
    expect(alert.textContent).toContain('Could not place the call.');
    expect(within(alert).getByTestId('error-message').textContent).toBe(
      'no SIP account is set up. Use another phone for 911.',
    );
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(within(screen.getByTestId('history-screen')).queryByTestId('error-alert')).toBeNull();
  });

  it('Clear history asks first; "Keep history" keeps it', async () => {
    const platform = await openHistory();
    fireEvent.click(screen.getByTestId('history-clear'));
    const question = screen.getByRole('alertdialog');
    expect(question.textContent).toContain('Clear the call history?');
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep history' }));
    expect(platform.clearCallHistory).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('history-clear-cancel'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(platform.clearCallHistory).not.toHaveBeenCalled();
    expect(screen.getAllByRole('row')).toHaveLength(6);
  });

  it('confirming clears the history, reads it again and says so', async () => {
    const platform = await openHistory({ recent: ['3125550199'] });
    fireEvent.click(screen.getByTestId('history-clear'));
    fireEvent.click(screen.getByTestId('history-clear-confirm'));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(screen.getByTestId('history-empty')).toBeTruthy();
    expect(platform.clearCallHistory).toHaveBeenCalledOnce();
    expect(platform.callHistory).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByTestId('history-cleared').textContent).toBe('The call history was cleared.');
    expect((screen.getByTestId('history-clear') as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Call history' })));
    // The recent numbers went with it: Redial has nothing to dial.
    fireEvent.click(screen.getByTestId('nav-status'));
    expect((screen.getByTestId('dialer-redial') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a history that cannot be cleared stays, and the confirmation says why', async () => {
    await openHistory({ clearHistory: { reject: { code: 'database', message: 'database is locked' } } });
    fireEvent.click(screen.getByTestId('history-clear'));
    fireEvent.click(screen.getByTestId('history-clear-confirm'));
    const question = screen.getByRole('alertdialog');
    const alert = await within(question).findByTestId('error-alert');
    expect(alert.textContent).toContain('Could not clear the call history.');
    expect(within(alert).getByTestId('error-code').textContent).toBe('database');
    expect(screen.getAllByRole('row')).toHaveLength(6);
  });

  it('a finished call (CallHistoryChanged) is added at the top without another read', async () => {
    const platform = await openHistory();
    const record = callRecord({ call_id: 'new-1', remote: '6145550177', started_at: '2025-03-10T17:00:00Z' });
    act(() => platform.emit({ type: 'CallHistoryChanged', payload: record }));
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows[0]!.getAttribute('data-testid')).toBe('history-row-new-1');
    expect(rows).toHaveLength(6);
    expect(platform.callHistory).toHaveBeenCalledOnce();
    // The recent numbers are read again for the dialer.
    await waitFor(() => expect(platform.recentNumbers).toHaveBeenCalledTimes(2));
  });

  it('the first finished call replaces "No calls yet"', async () => {
    const platform = await openHistory({ history: [] });
    expect(screen.getByTestId('history-empty')).toBeTruthy();
    act(() => platform.emit({ type: 'CallHistoryChanged', payload: callRecord({ call_id: 'first' }) }));
    expect(screen.getByTestId('history-row-first')).toBeTruthy();
    expect(screen.queryByTestId('history-empty')).toBeNull();
  });

  it('a call that ends while the history is being read is not lost', async () => {
    let finish!: (records: CallRecord[]) => void;
    const platform = createFakePlatform();
    platform.callHistory = vi.fn(() => new Promise<CallRecord[]>((r) => (finish = r)));
    render(<App platform={platform} />);
    await screen.findByRole('heading', { name: 'About this install' });
    fireEvent.click(screen.getByTestId('nav-history'));
    expect(screen.getByTestId('history-loading')).toBeTruthy();
    act(() => platform.emit({ type: 'CallHistoryChanged', payload: callRecord({ call_id: 'late' }) }));
    await act(async () => finish([callRecord({ call_id: 'old', started_at: '2025-03-09T10:00:00Z' })]));
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['history-row-late', 'history-row-old']);
  });

  it('a history that cannot be read is shown in the alert, with "Try again"', async () => {
    const platform = await openHistory({ history: { reject: { code: 'database', message: 'database is locked' } } });
    const alert = screen.getByTestId('error-alert');
    expect(alert.textContent).toContain('Could not read the call history.');
    expect(screen.getByTestId('history-unread')).toBeTruthy();
    platform.options.history = sampleHistory();
    fireEvent.click(screen.getByTestId('history-retry'));
    await screen.findByTestId('history-row-out-1');
    expect(screen.queryByTestId('error-alert')).toBeNull();
  });
});
