// The in-call keypad on the call bar, end to end against the fake platform: send_dtmf has no event, so the panel
// keeps the digits that went out itself.

import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
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

/** Opens the keypad with its toggle and returns the group of keys, found by role and name. */
function openKeypad(panel: HTMLElement, name = 'Keypad for 312-555-0199'): HTMLElement {
  fireEvent.click(within(panel).getByRole('button', { name: 'Keypad', expanded: false }));
  return within(panel).getByRole('group', { name });
}

const sentText = (panel: HTMLElement) => within(panel).getByTestId('call-dtmf-sent').textContent;

describe('App: in-call keypad', () => {
  it('the Keypad toggle shows and hides a 4×3 grid of real buttons', async () => {
    const { panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'established' })] });
    const toggle = within(panel).getByTestId('call-keypad-toggle');
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(within(panel).queryByTestId('call-keypad')).toBeNull();
    expect(within(panel).queryByTestId('call-key-1')).toBeNull();

    const group = openKeypad(panel);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById(toggle.getAttribute('aria-controls')!)).toBe(
      within(panel).getByTestId('call-keypad'),
    );
    const keys = within(group).getAllByRole('button');
    expect(keys.map((k) => k.textContent)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    expect(keys.map((k) => k.getAttribute('data-testid'))).toEqual([
      'call-key-1',
      'call-key-2',
      'call-key-3',
      'call-key-4',
      'call-key-5',
      'call-key-6',
      'call-key-7',
      'call-key-8',
      'call-key-9',
      'call-key-star',
      'call-key-0',
      'call-key-hash',
    ]);
    const sent = within(panel).getByTestId('call-dtmf-sent');
    expect(sent.getAttribute('aria-live')).toBe('polite');
    expect(sent.textContent).toBe('');

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(within(panel).queryByRole('group')).toBeNull();
    expect(within(panel).queryByTestId('call-dtmf-sent')).toBeNull();
  });

  it('each key sends its one digit with the call id, in order, and the sent line grows', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'established' })] });
    openKeypad(panel);
    fireEvent.click(within(panel).getByTestId('call-key-1'));
    expect(platform.sendDtmf).toHaveBeenLastCalledWith('a', '1');
    await waitFor(() => expect(sentText(panel)).toBe('Sent: 1'));
    for (const id of ['call-key-2', 'call-key-3', 'call-key-4', 'call-key-hash', 'call-key-star', 'call-key-0']) {
      fireEvent.click(within(panel).getByTestId(id));
    }
    await waitFor(() => expect(sentText(panel)).toBe('Sent: 1234#*0'));
    expect(vi.mocked(platform.sendDtmf).mock.calls).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['a', '3'],
      ['a', '4'],
      ['a', '#'],
      ['a', '*'],
      ['a', '0'],
    ]);
    expect(within(panel).queryByTestId('call-dtmf-error')).toBeNull();

    // The digits sent stay with the call when the keypad is closed and opened again.
    const toggle = within(panel).getByTestId('call-keypad-toggle');
    fireEvent.click(toggle);
    fireEvent.click(toggle);
    expect(sentText(panel)).toBe('Sent: 1234#*0');
  });

  it('a key pressed while the previous one is on its way waits for it, so the digits go out in order', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'established' })] });
    let resolve!: () => void;
    vi.mocked(platform.sendDtmf).mockReturnValueOnce(new Promise<void>((r) => (resolve = r)));
    openKeypad(panel);
    fireEvent.click(within(panel).getByTestId('call-key-7'));
    fireEvent.click(within(panel).getByTestId('call-key-8'));
    await act(async () => undefined);
    expect(vi.mocked(platform.sendDtmf).mock.calls).toEqual([['a', '7']]);
    expect(sentText(panel)).toBe('');
    await act(async () => resolve());
    await waitFor(() => expect(sentText(panel)).toBe('Sent: 78'));
    expect(vi.mocked(platform.sendDtmf).mock.calls).toEqual([
      ['a', '7'],
      ['a', '8'],
    ]);
  });

  it('typing 0-9, * and # while focus is inside the open keypad sends them; other keys do not', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'established' })] });
    const toggle = within(panel).getByTestId('call-keypad-toggle');
    openKeypad(panel);
    // Not from outside the keypad.
    toggle.focus();
    fireEvent.keyDown(toggle, { key: '1' });
    expect(platform.sendDtmf).not.toHaveBeenCalled();

    const five = within(panel).getByTestId('call-key-5');
    five.focus();
    for (const key of ['9', '*', '#', '0']) {
      const event = fireEvent.keyDown(document.activeElement!, { key });
      expect(event).toBe(false); // prevented: the key is the keypad's
    }
    for (const key of ['a', 'A', 'Enter', ' ', 'Tab']) fireEvent.keyDown(five, { key });
    fireEvent.keyDown(five, { key: '3', ctrlKey: true });
    fireEvent.keyDown(five, { key: '3', repeat: true });
    await waitFor(() => expect(sentText(panel)).toBe('Sent: 9*#0'));
    expect(vi.mocked(platform.sendDtmf).mock.calls).toEqual([
      ['a', '9'],
      ['a', '*'],
      ['a', '#'],
      ['a', '0'],
    ]);
    expect(document.activeElement).toBe(five);
  });

  it('is not offered while the call is being placed, ringing, on hold or ended', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'calling' })] });
    expect(within(panel).queryByTestId('call-keypad-toggle')).toBeNull();
    act(() => platform.emit({ type: 'CallRinging', payload: callView({ call_id: 'a', state: 'ringing' }) }));
    expect(within(panel).queryByTestId('call-keypad-toggle')).toBeNull();
    act(() => platform.emit({ type: 'CallEstablished', payload: callView({ call_id: 'a', state: 'established' }) }));
    const group = openKeypad(panel);
    fireEvent.click(within(group).getByTestId('call-key-2'));
    await waitFor(() => expect(sentText(panel)).toBe('Sent: 2'));

    act(() => platform.emit({ type: 'CallHeld', payload: callView({ call_id: 'a', state: 'on_hold' }) }));
    expect(within(panel).queryByTestId('call-keypad-toggle')).toBeNull();
    expect(within(panel).queryByTestId('call-keypad')).toBeNull();
    expect(within(panel).queryByTestId('call-key-2')).toBeNull();
    act(() => platform.emit({ type: 'CallResumed', payload: callView({ call_id: 'a', state: 'established' }) }));
    expect(within(panel).getByTestId('call-keypad-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(sentText(panel)).toBe('Sent: 2');

    act(() =>
      platform.emit({ type: 'CallEnded', payload: callView({ call_id: 'a', state: 'ended', end_reason: 'hung_up' }) }),
    );
    expect(within(panel).queryByTestId('call-keypad-toggle')).toBeNull();
    expect(within(panel).queryByTestId('call-keypad')).toBeNull();
  });

  it('is not offered on an incoming call still ringing', async () => {
    const ringing = callView({ call_id: 'in', kind: 'incoming', state: 'ringing' });
    render(<App platform={createFakePlatform({ calls: [ringing] })} />);
    const incoming = await screen.findByTestId('incoming-call');
    expect(within(incoming).queryByTestId('call-keypad-toggle')).toBeNull();
  });

  it('a refusal is shown like a mute error and the failed digit is not in the sent line', async () => {
    const { platform, panel } = await renderLoaded({
      calls: [callView({ call_id: 'a', state: 'established' })],
      dtmf: ({ digits }) =>
        digits === '5' ? { reject: { code: 'call_failed', message: 'the far end does not take DTMF' } } : null,
    });
    const group = openKeypad(panel);
    fireEvent.click(within(group).getByTestId('call-key-4'));
    fireEvent.click(within(group).getByTestId('call-key-5'));
    const error = await within(panel).findByTestId('call-dtmf-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.className).toBe('call__error');
    expect(error.textContent).toBe('Could not send 5: the far end does not take DTMF.');
    expect(sentText(panel)).toBe('Sent: 4');
    expect(platform.sendDtmf).toHaveBeenLastCalledWith('a', '5');

    // The next key clears the error and goes out.
    fireEvent.click(within(group).getByTestId('call-key-6'));
    expect(within(panel).queryByTestId('call-dtmf-error')).toBeNull();
    await waitFor(() => expect(sentText(panel)).toBe('Sent: 46'));
  });

  it('a call the shell no longer knows shows not_found as the error', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'established' })] });
    platform.options.dtmf = { reject: { code: 'not_found', message: 'there is no call "a"' } };
    const group = openKeypad(panel);
    fireEvent.click(within(group).getByTestId('call-key-hash'));
    const error = await within(panel).findByTestId('call-dtmf-error');
    expect(error.textContent).toBe('Could not send #: there is no call "a".');
    expect(sentText(panel)).toBe('');
  });

  it('is named after the caller on an answered incoming call', async () => {
    const { platform, panel } = await renderLoaded({
      calls: [callView({ call_id: 'in', kind: 'incoming', state: 'established', remote_name: 'Alice Smith' })],
    });
    const group = openKeypad(panel, 'Keypad for Alice Smith (312-555-0199)');
    fireEvent.click(within(group).getByRole('button', { name: '3' }));
    expect(platform.sendDtmf).toHaveBeenLastCalledWith('in', '3');
  });

  it('the 911 panel has the keypad too, while the dispatcher is on the line', async () => {
    const { platform, panel } = await renderLoaded({
      calls: [callView({ call_id: 'e', kind: 'emergency', state: 'ringing' })],
    });
    expect(panel.hasAttribute('data-emergency')).toBe(true);
    expect(within(panel).queryByTestId('call-keypad-toggle')).toBeNull();
    act(() =>
      platform.emit({
        type: 'CallEstablished',
        payload: callView({ call_id: 'e', kind: 'emergency', state: 'established' }),
      }),
    );
    const group = openKeypad(panel, 'Keypad for 911');
    fireEvent.click(within(group).getByTestId('call-key-1'));
    fireEvent.keyDown(within(group).getByTestId('call-key-1'), { key: '#' });
    await waitFor(() => expect(sentText(panel)).toBe('Sent: 1#'));
    expect(vi.mocked(platform.sendDtmf).mock.calls).toEqual([
      ['e', '1'],
      ['e', '#'],
    ]);
    platform.options.dtmf = { reject: { code: 'call_failed', message: 'no media' } };
    fireEvent.click(within(group).getByTestId('call-key-star'));
    expect((await within(panel).findByTestId('call-dtmf-error')).textContent).toBe('Could not send *: no media.');
    expect(sentText(panel)).toBe('Sent: 1#');
    expect(within(panel).getByTestId('emergency-call-summary')).toBeTruthy();
  });
});
