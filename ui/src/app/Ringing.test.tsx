import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { CallView } from '../platform/bindings';
import { createFakePlatform } from '../test/fakePlatform';
import { callView } from '../test/fixtures';
import { createRecordingRinger } from '../test/recordingRinger';
import { App } from './App';

const incoming = (id: string, overrides: Partial<CallView> = {}) =>
  callView({ call_id: id, kind: 'incoming', state: 'ringing', ...overrides });

async function renderRinging() {
  const platform = createFakePlatform();
  const ringer = createRecordingRinger();
  const view = render(<App platform={platform} ringer={ringer} />);
  await screen.findByRole('heading', { name: 'About this install' });
  return { platform, ringer, view };
}

describe('App: the ring', () => {
  it('rings quietly for an incoming call until Answer', async () => {
    const { platform, ringer } = await renderRinging();
    act(() => platform.emit({ type: 'CallIncoming', payload: incoming('in-1') }));
    expect(ringer.calls).toEqual(['start:quiet']);
    const panel = await screen.findByTestId('incoming-call');
    // Ringing takes nothing from the page: focus stays where it was.
    expect(panel.contains(document.activeElement)).toBe(false);
    fireEvent.click(within(panel).getByTestId('incoming-answer'));
    await waitFor(() => expect(ringer.calls).toEqual(['start:quiet', 'stop']));
  });

  it('rings loudly for a possible 911 callback until Decline ends it', async () => {
    const { platform, ringer } = await renderRinging();
    act(() => platform.emit({ type: 'CallIncoming', payload: incoming('in-1', { possible_emergency_callback: true }) }));
    expect(ringer.ringing).toBe('loud');
    expect(screen.getByTestId('incoming-ringing').textContent).toBe('Ringing loudly…');
    fireEvent.click(screen.getByTestId('incoming-decline'));
    await waitFor(() => expect(platform.declineCall).toHaveBeenCalledWith('in-1'));
    act(() =>
      platform.emit({
        type: 'CallEnded',
        payload: incoming('in-1', { state: 'ended', end_reason: 'declined', possible_emergency_callback: true }),
      }),
    );
    expect(ringer.calls).toEqual(['start:loud', 'stop']);
  });

  it('stays loud when a second call rings during a possible callback', async () => {
    const { platform, ringer } = await renderRinging();
    act(() => platform.emit({ type: 'CallIncoming', payload: incoming('cb', { possible_emergency_callback: true }) }));
    act(() => platform.emit({ type: 'CallIncoming', payload: incoming('other') }));
    expect(ringer.calls).toEqual(['start:loud']);
    expect(screen.getAllByTestId('incoming-call')).toHaveLength(2);
  });

  it('stops ringing when the app is closed', async () => {
    const { platform, ringer, view } = await renderRinging();
    act(() => platform.emit({ type: 'CallIncoming', payload: incoming('in-1') }));
    view.unmount();
    expect(ringer.calls).toEqual(['start:quiet', 'stop']);
  });

  it('stops ringing when the window unloads', async () => {
    const { platform, ringer } = await renderRinging();
    act(() => platform.emit({ type: 'CallIncoming', payload: incoming('in-1') }));
    window.dispatchEvent(new Event('pagehide'));
    expect(ringer.calls).toEqual(['start:quiet', 'stop']);
  });
});
