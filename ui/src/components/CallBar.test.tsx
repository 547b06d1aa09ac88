import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { CallView } from '../platform/bindings';
import { callView } from '../test/fixtures';
import { CallBar } from './CallBar';

function renderBar(
  calls: CallView[],
  onHangUp = vi.fn(() => Promise.resolve()),
  onToggleHold = vi.fn((_call: CallView) => Promise.resolve()),
  onSetMuted = vi.fn((_callId: string, _muted: boolean) => Promise.resolve()),
  onSendDtmf = vi.fn((_callId: string, _digits: string) => Promise.resolve()),
) {
  const onClose = vi.fn();
  const onAnswerTest = vi.fn();
  const answering = { onAnswer: vi.fn(() => Promise.resolve()), onDecline: vi.fn(() => Promise.resolve()) };
  const onTransfer = vi.fn((_callId: string, _target: string) => Promise.resolve());
  const bar = (list: CallView[]) => (
    <CallBar
      calls={list}
      onHangUp={onHangUp}
      onToggleHold={onToggleHold}
      onSetMuted={onSetMuted}
      onSendDtmf={onSendDtmf}
      onTransfer={onTransfer}
      onClose={onClose}
      onAnswerTest={onAnswerTest}
      {...answering}
    />
  );
  const view = render(bar(calls));
  const rerender = (next: CallView[]) => view.rerender(bar(next));
  return { onHangUp, onToggleHold, onSetMuted, onSendDtmf, onClose, onAnswerTest, rerender };
}

describe('CallBar', () => {
  it('shows nothing but the live region without calls', () => {
    renderBar([]);
    expect(screen.queryByTestId('calls')).toBeNull();
    expect(screen.getByTestId('call-announcer').getAttribute('aria-live')).toBe('polite');
  });

  it('one panel per call with its state and Hang up', () => {
    const { onHangUp } = renderBar([callView({ call_id: 'a', state: 'ringing' })]);
    const panel = screen.getByTestId('call-panel');
    expect(within(panel).getByRole('heading').textContent).toBe('Call to 312-555-0199');
    expect(within(panel).getByTestId('call-state').textContent).toBe('Ringing…');
    fireEvent.click(within(panel).getByTestId('call-hang-up'));
    expect(onHangUp).toHaveBeenCalledWith('a');
    expect(within(panel).queryByTestId('emergency-call-summary')).toBeNull();
  });

  it('the emergency panel comes first and says what the dispatcher got', () => {
    renderBar([callView({ call_id: 'n' }), callView({ call_id: 'e', kind: 'emergency', state: 'established' })]);
    const panels = screen.getAllByTestId('call-panel');
    expect(panels.map((p) => p.getAttribute('data-kind'))).toEqual(['emergency', 'normal']);
    const emergency = panels[0]!;
    expect(emergency.hasAttribute('data-emergency')).toBe(true);
    expect(within(emergency).getByRole('heading').textContent).toBe('Emergency call — 911');
    expect(within(emergency).getByTestId('call-state').textContent).toBe('Connected');
    expect(within(emergency).getByTestId('emergency-call-summary').textContent).toBe(
      'Location sent: 200 N Main St, Floor 3, Springfield, IL 62701 · Callback number: 614-555-0100',
    );
    expect(within(emergency).getByTestId('call-hang-up').textContent).toBe('Hang up');
  });

  it('an emergency call without a location tells the caller to give their address', () => {
    renderBar([
      callView({
        call_id: 'e',
        kind: 'emergency',
        emergency: { call_id: 'e', callback_did: '3125550100', location_text: null },
      }),
    ]);
    expect(screen.getByTestId('emergency-call-summary').textContent).toBe(
      'No location was sent — tell the dispatcher your address · Callback number: 312-555-0100',
    );
  });

  it('a 911 call that did not go through says to use another phone', () => {
    renderBar([callView({ call_id: 'e', kind: 'emergency', state: 'ended', end_reason: 'failed' })]);
    expect(screen.getByTestId('call-state').textContent).toBe('Ended: the call failed');
    expect(screen.getByTestId('emergency-call-not-through').textContent).toContain('Use another phone for 911.');
    expect(screen.queryByTestId('call-hang-up')).toBeNull();
  });

  it('ended calls offer Close; an ended readback test offers its question', () => {
    const { onClose, onAnswerTest } = renderBar([
      callView({ call_id: 'n', state: 'ended', end_reason: 'busy' }),
      callView({ call_id: 't', kind: 'emergency_test', state: 'ended', end_reason: 'hung_up' }),
    ]);
    const [normal, test] = screen.getAllByTestId('call-panel');
    expect(within(normal!).getByTestId('call-state').textContent).toBe('Ended: the line is busy');
    expect(within(normal!).queryByTestId('call-test-answer')).toBeNull();
    fireEvent.click(within(normal!).getByTestId('call-close'));
    expect(onClose).toHaveBeenCalledWith('n');
    fireEvent.click(within(test!).getByTestId('call-test-answer'));
    expect(onAnswerTest).toHaveBeenCalledWith('t');
  });

  it('a failed hang-up is shown in the panel', async () => {
    renderBar([callView({ call_id: 'a' })], vi.fn(() => Promise.reject({ code: 'call_failed', message: 'socket closed' })));
    fireEvent.click(screen.getByTestId('call-hang-up'));
    const error = await screen.findByTestId('call-error');
    expect(error.textContent).toBe('Could not hang up: socket closed.');
    expect(error.getAttribute('role')).toBe('alert');
  });

  it('announces each state change once', async () => {
    const { rerender } = renderBar([callView({ call_id: 'a' })]);
    const announcer = screen.getByTestId('call-announcer');
    await waitFor(() => expect(announcer.textContent).toBe('Call to 312-555-0199: Calling…'));
    act(() => rerender([callView({ call_id: 'a', state: 'established' })]));
    await waitFor(() => expect(announcer.textContent).toBe('Call to 312-555-0199: Connected'));
    act(() => rerender([callView({ call_id: 'a', state: 'ended', end_reason: 'remote_hung_up' })]));
    await waitFor(() => expect(announcer.textContent).toBe('Call to 312-555-0199: Ended: the other side hung up'));
  });

  it('an answered ordinary call can be held and resumed; a refusal is said out loud', async () => {
    const refuse = vi.fn((_call: CallView) => Promise.reject({ code: 'refused', message: 'the far end said no' }));
    const { onToggleHold, rerender } = renderBar([callView({ call_id: 'a', state: 'ringing' })], undefined, refuse);
    expect(screen.queryByTestId('call-hold')).toBeNull();
    rerender([callView({ call_id: 'a', state: 'established' })]);
    const hold = screen.getByTestId('call-hold');
    expect(hold.getAttribute('aria-pressed')).toBe('false');
    expect(hold.textContent).toBe('Hold');
    await act(async () => {
      fireEvent.click(hold);
    });
    expect(onToggleHold).toHaveBeenCalledWith(expect.objectContaining({ call_id: 'a', state: 'established' }));
    await waitFor(() => expect(screen.getByTestId('call-hold-error').textContent).toContain('the far end said no'));
    rerender([callView({ call_id: 'a', state: 'on_hold' })]);
    expect(screen.getByTestId('call-state').textContent).toBe('On hold');
    expect(screen.getByTestId('call-hold').textContent).toBe('Resume');
    expect(screen.getByTestId('call-hold').getAttribute('aria-pressed')).toBe('true');
  });

  it('emergency calls are never offered a hold button', () => {
    renderBar([callView({ call_id: 'e', kind: 'emergency', state: 'established' })]);
    expect(screen.queryByTestId('call-hold')).toBeNull();
  });
});
