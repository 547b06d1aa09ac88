// Blind transfer on the call bar, end to end against the fake platform: the Transfer button opens a small inline
// form (the number, Transfer, Cancel; Enter transfers, Escape cancels), "Transferring to …" shows while the shell
// works, then the outcome. On a 911 call the button is disabled, with a title saying why.

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

/** The Transfer toggle, found as assistive technology finds it. */
function transferButton(panel: HTMLElement, expanded: boolean): HTMLButtonElement {
  return within(panel).getByRole('button', { name: 'Transfer', expanded }) as HTMLButtonElement;
}

/** Opens the form and returns its number field (found by its label). */
function openForm(panel: HTMLElement): HTMLInputElement {
  fireEvent.click(transferButton(panel, false));
  const form = within(panel).getByRole('form', { name: /^Transfer / });
  return within(form).getByLabelText('Transfer to') as HTMLInputElement;
}

const answered = (overrides: Partial<CallView> = {}) => callView({ call_id: 'a', state: 'established', ...overrides });

describe('App: transfer', () => {
  it('Transfer opens a labelled form, focus in the number; Enter transfers and the outcome is shown', async () => {
    let finish!: () => void;
    const { platform, panel } = await renderLoaded({ calls: [answered()] });
    vi.mocked(platform.transferCall).mockReturnValueOnce(new Promise<void>((r) => (finish = r)));
    const toggle = transferButton(panel, false);

    const number = openForm(panel);
    expect(transferButton(panel, true)).toBe(toggle);
    expect(document.activeElement).toBe(number);
    expect(within(panel).getByTestId('call-transfer-form').id).toBe(toggle.getAttribute('aria-controls'));

    fireEvent.input(number, { target: { value: '312-555-0142' } });
    fireEvent.submit(number.form!);
    expect(platform.transferCall).toHaveBeenCalledWith('a', '312-555-0142');
    const status = await within(panel).findByTestId('call-transfer-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toBe('Transferring to 312-555-0142…');
    expect(within(panel).queryByTestId('call-transfer-form')).toBeNull();
    expect(toggle.disabled).toBe(true);

    await act(async () => finish());
    await waitFor(() => expect(status.textContent).toBe('Transferred to 312-555-0142.'));
    act(() =>
      platform.emit({ type: 'CallEnded', payload: answered({ state: 'ended', end_reason: 'transferred' }) }),
    );
    expect(within(panel).getByTestId('call-state').textContent).toBe('Ended: transferred');
    expect(within(panel).getByTestId('call-transfer-status').textContent).toBe('Transferred to 312-555-0142.');
  });

  it('a transfer that did not go through is an alert, and the call and its buttons stay', async () => {
    const busy = { code: 'transfer_failed', message: 'the transfer did not go through: 486 Busy Here' };
    const { platform, panel } = await renderLoaded({ calls: [answered()], transfer: { reject: busy } });
    const number = openForm(panel);
    fireEvent.input(number, { target: { value: '3125550142' } });
    fireEvent.click(within(panel).getByTestId('call-transfer-submit'));
    const error = await within(panel).findByTestId('call-transfer-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe(
      'Could not transfer to 312-555-0142: the transfer did not go through: 486 Busy Here.',
    );
    expect(platform.transferCall).toHaveBeenCalledWith('a', '3125550142');
    expect(within(panel).getByTestId('call-state').textContent).toBe('Connected');

    // Trying again starts from the number tried.
    const again = openForm(panel);
    expect(again.value).toBe('3125550142');
    expect(within(panel).queryByTestId('call-transfer-error')).toBeNull();
  });

  it('Escape or Cancel closes the form without transferring and gives the focus back to Transfer', async () => {
    const { platform, panel } = await renderLoaded({ calls: [answered()] });
    let number = openForm(panel);
    fireEvent.input(number, { target: { value: '3125550142' } });
    fireEvent.keyDown(number, { key: 'Escape' });
    expect(within(panel).queryByTestId('call-transfer-form')).toBeNull();
    expect(document.activeElement).toBe(transferButton(panel, false));

    number = openForm(panel);
    fireEvent.click(within(panel).getByRole('button', { name: 'Cancel' }));
    expect(within(panel).queryByTestId('call-transfer-form')).toBeNull();
    expect(document.activeElement).toBe(transferButton(panel, false));
    expect(platform.transferCall).not.toHaveBeenCalled();
  });

  it('an empty number is pointed out on the field and nothing is sent', async () => {
    const { platform, panel } = await renderLoaded({ calls: [answered()] });
    const number = openForm(panel);
    fireEvent.input(number, { target: { value: '   ' } });
    fireEvent.submit(number.form!);
    const problem = await within(panel).findByTestId('call-transfer-problem');
    expect(problem.textContent).toBe('Enter the number to transfer the call to.');
    expect(number.getAttribute('aria-invalid')).toBe('true');
    expect(number.getAttribute('aria-describedby')).toBe(problem.id);
    expect(platform.transferCall).not.toHaveBeenCalled();
  });

  it('the shell refusing an emergency number says so', async () => {
    const refusal = {
      code: 'emergency_transfer',
      message: 'a call cannot be transferred to the emergency number 911: hang up and dial it yourself',
    };
    const { panel } = await renderLoaded({ calls: [answered()], transfer: { reject: refusal } });
    const number = openForm(panel);
    fireEvent.input(number, { target: { value: '911' } });
    fireEvent.submit(number.form!);
    const error = await within(panel).findByTestId('call-transfer-error');
    expect(error.textContent).toBe(
      'Could not transfer to 911: ' +
        'a call cannot be transferred to the emergency number 911: hang up and dial it yourself.',
    );
  });

  it('is offered on an answered incoming call and while on hold, not before the answer', async () => {
    const { platform, panel } = await renderLoaded({ calls: [callView({ call_id: 'a', state: 'ringing' })] });
    expect(within(panel).queryByTestId('call-transfer')).toBeNull();
    act(() => platform.emit({ type: 'CallEstablished', payload: answered({ kind: 'incoming' }) }));
    expect(transferButton(panel, false).disabled).toBe(false);
    act(() => platform.emit({ type: 'CallHeld', payload: answered({ kind: 'incoming', state: 'on_hold' }) }));
    expect(transferButton(panel, false).disabled).toBe(false);
    expect(within(panel).getByTestId('call-hold').textContent).toBe('Resume');
  });

  it('is disabled on a 911 call, with a title saying why', async () => {
    const { platform, panel } = await renderLoaded({
      calls: [callView({ call_id: 'e', kind: 'emergency', state: 'established' })],
    });
    const toggle = transferButton(panel, false);
    expect(toggle.disabled).toBe(true);
    expect(toggle.title).toBe('An emergency call cannot be transferred: stay on the line with the dispatcher.');
    fireEvent.click(toggle);
    expect(within(panel).queryByTestId('call-transfer-form')).toBeNull();
    expect(platform.transferCall).not.toHaveBeenCalled();
  });

  it('is disabled on a possible 911 callback', async () => {
    const { panel } = await renderLoaded({
      calls: [answered({ kind: 'incoming', possible_emergency_callback: true })],
    });
    const toggle = transferButton(panel, false);
    expect(toggle.disabled).toBe(true);
    expect(toggle.title).toContain('911 dispatcher calling back');
  });
});
