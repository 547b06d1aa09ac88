// Mute / Unmute on the call bar, end to end against the fake platform: mute_call has no event, so the panel
// must follow the call the shell answers with.

import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { CallView } from '../platform/bindings';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { callView } from '../test/fixtures';
import { App } from './App';

async function renderLoaded(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  const panel = await screen.findByTestId('call-panel');
  return { platform, panel };
}

/** The Mute toggle found by role and name, as assistive technology finds it. */
function muteButton(panel: HTMLElement, pressed: boolean): HTMLElement {
  return within(panel).getByRole('button', { name: 'Mute', pressed });
}

describe('App: mute', () => {
  it('Mute sends mute_call, the panel shows Muted and the button pressed; pressing again unmutes', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'established' })] });
    const mute = within(panel).getByTestId('call-mute');
    expect(mute.tagName).toBe('BUTTON');
    expect(mute.getAttribute('aria-pressed')).toBe('false');
    expect(within(panel).queryByTestId('call-muted')).toBeNull();

    fireEvent.click(muteButton(panel, false));
    expect(platform.muteCall).toHaveBeenLastCalledWith('a', true);
    await waitFor(() => expect(muteButton(panel, true)).toBe(mute));
    expect(within(panel).getByTestId('call-muted').textContent).toBe('Muted');
    expect(within(panel).getByTestId('call-state').textContent).toBe('Connected · Muted');

    fireEvent.click(mute);
    expect(platform.muteCall).toHaveBeenLastCalledWith('a', false);
    await waitFor(() => expect(mute.getAttribute('aria-pressed')).toBe('false'));
    expect(within(panel).queryByTestId('call-muted')).toBeNull();
    expect(within(panel).getByTestId('call-state').textContent).toBe('Connected');
  });

  it('is offered on an answered incoming call and kept through hold, as the events say', async () => {
    const incoming = callView({ call_id: 'in', kind: 'incoming', state: 'established' });
    const { platform, panel } = await renderLoaded({ calls: [incoming] });
    fireEvent.click(muteButton(panel, false));
    await waitFor(() => expect(within(panel).getByTestId('call-muted')).toBeTruthy());
    act(() => platform.emit({ type: 'CallHeld', payload: { ...incoming, state: 'on_hold', muted: true } }));
    expect(within(panel).getByTestId('call-state').textContent).toBe('On hold · Muted');
    expect(muteButton(panel, true)).toBeTruthy();
  });

  it('is not offered while a call is being placed or ringing, nor once it ended', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'calling' })] });
    expect(within(panel).queryByTestId('call-mute')).toBeNull();
    act(() => platform.emit({ type: 'CallRinging', payload: callView({ call_id: 'a', state: 'ringing' }) }));
    expect(within(panel).queryByTestId('call-mute')).toBeNull();
    act(() => platform.emit({ type: 'CallEstablished', payload: callView({ call_id: 'a', state: 'established' }) }));
    expect(within(panel).getByTestId('call-mute')).toBeTruthy();
    act(() =>
      platform.emit({
        type: 'CallEnded',
        payload: callView({ call_id: 'a', state: 'ended', end_reason: 'hung_up', muted: true }),
      }),
    );
    expect(within(panel).queryByTestId('call-mute')).toBeNull();
    expect(within(panel).queryByTestId('call-muted')).toBeNull();
  });

  it('a refusal is shown like a hold error and the call stays as it was', async () => {
    const { platform, panel } = await renderLoaded({
      calls: [callView({ call_id: 'a', state: 'established' })],
      mute: { reject: { code: 'call_failed', message: 'the audio device is gone' } },
    });
    fireEvent.click(within(panel).getByTestId('call-mute'));
    const error = await within(panel).findByTestId('call-mute-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('Could not mute: the audio device is gone.');
    expect(platform.muteCall).toHaveBeenCalledWith('a', true);
    expect(within(panel).getByTestId('call-mute').getAttribute('aria-pressed')).toBe('false');
    expect(within(panel).queryByTestId('call-muted')).toBeNull();

    platform.options.mute = undefined;
    fireEvent.click(within(panel).getByTestId('call-mute'));
    await waitFor(() => expect(within(panel).queryByTestId('call-mute-error')).toBeNull());
    await waitFor(() => expect(within(panel).getByTestId('call-muted')).toBeTruthy());
  });

  it('a second press while the change is under way is ignored; the button keeps focus (aria-disabled)', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'established' })] });
    let resolve!: (view: CallView) => void;
    vi.mocked(platform.muteCall).mockReturnValueOnce(new Promise((r) => (resolve = r)));
    const mute = within(panel).getByTestId('call-mute') as HTMLButtonElement;
    mute.focus();
    fireEvent.click(mute);
    await waitFor(() => expect(mute.getAttribute('aria-disabled')).toBe('true'));
    expect(mute.disabled).toBe(false);
    fireEvent.click(mute);
    expect(platform.muteCall).toHaveBeenCalledTimes(1);
    await act(async () => resolve(callView({ call_id: 'a', state: 'established', muted: true })));
    await waitFor(() => expect(mute.hasAttribute('aria-disabled')).toBe(false));
    expect(mute.getAttribute('aria-pressed')).toBe('true');
    expect(document.activeElement).toBe(mute);
  });

  it('the 911 panel can be muted, and then says plainly that the dispatcher cannot hear', async () => {
    const { platform, panel } = await renderLoaded({
      calls: [callView({ call_id: 'e', kind: 'emergency', state: 'established' })],
    });
    expect(panel.hasAttribute('data-emergency')).toBe(true);
    expect(within(panel).queryByTestId('emergency-muted-warning')).toBeNull();
    fireEvent.click(muteButton(panel, false));
    expect(platform.muteCall).toHaveBeenLastCalledWith('e', true);
    const warning = await within(panel).findByTestId('emergency-muted-warning');
    expect(warning.textContent).toBe('You are muted — the dispatcher cannot hear you.');
    expect(within(panel).getByTestId('call-muted').textContent).toBe('Muted');
    expect(within(panel).getByTestId('emergency-call-summary')).toBeTruthy();
    expect(muteButton(panel, true).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(muteButton(panel, true));
    await waitFor(() => expect(within(panel).queryByTestId('emergency-muted-warning')).toBeNull());
    expect(platform.muteCall).toHaveBeenLastCalledWith('e', false);
  });

  it('the 911 panel offers no Mute while the call is still being placed', async () => {
    const { panel } = await renderLoaded({ calls: [callView({ call_id: 'e', kind: 'emergency', state: 'ringing' })] });
    expect(within(panel).queryByTestId('call-mute')).toBeNull();
    expect(within(panel).queryByTestId('emergency-muted-warning')).toBeNull();
  });
});
