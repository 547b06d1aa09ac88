import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { callView } from '../test/fixtures';
import { IncomingCallPanel } from './IncomingCallPanel';
import { CallBar } from './CallBar';

const ringing = (possible_emergency_callback: boolean) =>
  callView({ call_id: 'in-1', kind: 'incoming', state: 'ringing', remote: '3125550199', possible_emergency_callback });

describe('IncomingCallPanel', () => {
  it('says who is calling and answers or declines', () => {
    const onAnswer = vi.fn(() => Promise.resolve());
    const onDecline = vi.fn(() => Promise.resolve());
    render(<IncomingCallPanel call={ringing(false)} onAnswer={onAnswer} onDecline={onDecline} />);
    const panel = screen.getByTestId('incoming-call');
    expect(within(panel).getByRole('heading').textContent).toBe('Call from 312-555-0199');
    expect(within(panel).queryByTestId('possible-emergency-callback')).toBeNull();
    expect(within(panel).getByTestId('incoming-ringing').textContent).toBe('Ringing…');
    expect(screen.getByTestId('incoming-announcer').textContent).toBe('Incoming call: Call from 312-555-0199');
    fireEvent.click(screen.getByTestId('incoming-answer'));
    expect(onAnswer).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId('incoming-decline'));
    expect(onDecline).toHaveBeenCalledTimes(1);
  });

  it("shows the caller's display name with the number, ringing and once answered", () => {
    const call = { ...ringing(false), remote_name: 'Alice Smith' };
    render(<IncomingCallPanel call={call} onAnswer={vi.fn()} onDecline={vi.fn()} />);
    expect(within(screen.getByTestId('incoming-call')).getByRole('heading').textContent).toBe(
      'Call from Alice Smith (312-555-0199)',
    );
    expect(screen.getByTestId('incoming-announcer').textContent).toBe(
      'Incoming call: Call from Alice Smith (312-555-0199)',
    );
    cleanup();
    const props = {
      onHangUp: vi.fn(() => Promise.resolve()),
      onToggleHold: vi.fn(() => Promise.resolve()),
      onSetMuted: vi.fn(() => Promise.resolve()),
      onSendDtmf: vi.fn(() => Promise.resolve()),
      onTransfer: vi.fn(() => Promise.resolve()),
      onClose: vi.fn(),
      onAnswerTest: vi.fn(),
      onAnswer: vi.fn(() => Promise.resolve()),
      onDecline: vi.fn(() => Promise.resolve()),
    };
    render(<CallBar calls={[{ ...call, state: 'established' }]} {...props} />);
    expect(within(screen.getByTestId('call-panel')).getByRole('heading').textContent).toBe(
      'Call from Alice Smith (312-555-0199)',
    );
  });

  it('labels a possible 911 callback prominently and announces it at once', () => {
    render(<IncomingCallPanel call={ringing(true)} onAnswer={vi.fn()} onDecline={vi.fn()} />);
    expect(screen.getByTestId('possible-emergency-callback').textContent).toBe('Possible 911 callback');
    const announcer = screen.getByTestId('incoming-announcer');
    expect(announcer.getAttribute('aria-live')).toBe('assertive');
    expect(announcer.textContent).toBe('Possible 911 callback: Call from 312-555-0199');
    expect(screen.getByTestId('incoming-ringing').textContent).toBe('Ringing loudly…');
  });

  it('shows why answering failed', async () => {
    const onAnswer = vi.fn(() => Promise.reject({ code: 'not_found', message: 'the caller hung up' }));
    render(<IncomingCallPanel call={ringing(false)} onAnswer={onAnswer} onDecline={vi.fn()} />);
    fireEvent.click(screen.getByTestId('incoming-answer'));
    await waitFor(() => expect(screen.getByTestId('incoming-error').textContent).toContain('Could not answer'));
  });

  it('rings on the call bar with Answer and Decline, and an answered call becomes an ordinary panel', () => {
    const props = {
      onHangUp: vi.fn(() => Promise.resolve()),
      onToggleHold: vi.fn(() => Promise.resolve()),
      onSetMuted: vi.fn(() => Promise.resolve()),
      onSendDtmf: vi.fn(() => Promise.resolve()),
      onTransfer: vi.fn(() => Promise.resolve()),
      onClose: vi.fn(),
      onAnswerTest: vi.fn(),
      onAnswer: vi.fn(() => Promise.resolve()),
      onDecline: vi.fn(() => Promise.resolve()),
    };
    const view = render(<CallBar calls={[callView({ call_id: 'out' }), ringing(true)]} {...props} />);
    fireEvent.click(screen.getByTestId('incoming-answer'));
    expect(props.onAnswer).toHaveBeenCalledWith('in-1');
    view.rerender(<CallBar calls={[{ ...ringing(true), state: 'established' }]} {...props} />);
    expect(screen.queryByTestId('incoming-call')).toBeNull();
    expect(screen.getByTestId('call-panel').getAttribute('data-state')).toBe('established');
  });
});
