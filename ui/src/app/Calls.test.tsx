import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { callView, plan, status } from '../test/fixtures';
import { App } from './App';

async function renderLoaded(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  return platform;
}

function dialFromDialer(number: string) {
  fireEvent.input(screen.getByTestId('dialer-number'), { target: { value: number } });
  fireEvent.click(screen.getByTestId('dialer-call'));
}

describe('App: calling', () => {
  it('the dialer is on the status page with the emergency calling card', async () => {
    await renderLoaded();
    expect(screen.getByRole('heading', { name: 'Phone' })).toBeTruthy();
    expect(screen.getByTestId('plan-callback').textContent).toBe('614-555-0100');
    expect(screen.getByTestId('plan-location').textContent).toBe('200 N Main St, Floor 3, Springfield, IL 62701');
  });

  it('the dialer is usable even when the status cannot be read (S1)', async () => {
    const platform = createFakePlatform({ status: { reject: { code: 'storage', message: 'disk' } } });
    render(<App platform={platform} />);
    await screen.findByTestId('error-alert');
    dialFromDialer('911');
    expect(platform.dial).toHaveBeenCalledWith('911');
    expect(await screen.findByTestId('emergency-call-summary')).toBeTruthy();
  });

  it('a dialed call shows on the call bar in the top bar and follows the call events', async () => {
    const platform = await renderLoaded();
    dialFromDialer('3125550199');
    const panel = await screen.findByTestId('call-panel');
    expect(panel.closest('header.topbar')).not.toBeNull();
    expect(within(panel).getByTestId('call-state').textContent).toBe('Calling…');
    const id = panel.getAttribute('data-call-id')!;

    act(() => platform.emit({ type: 'CallRinging', payload: callView({ call_id: id, state: 'ringing' }) }));
    expect(within(panel).getByTestId('call-state').textContent).toBe('Ringing…');
    act(() => platform.emit({ type: 'CallEstablished', payload: callView({ call_id: id, state: 'established' }) }));
    expect(within(panel).getByTestId('call-state').textContent).toBe('Connected');

    fireEvent.click(within(panel).getByTestId('call-hang-up'));
    expect(platform.hangUp).toHaveBeenCalledWith(id);
    act(() =>
      platform.emit({ type: 'CallEnded', payload: callView({ call_id: id, state: 'ended', end_reason: 'hung_up' }) }),
    );
    expect(within(panel).getByTestId('call-state').textContent).toBe('Ended: you hung up');
    fireEvent.click(within(panel).getByTestId('call-close'));
    expect(screen.queryByTestId('call-panel')).toBeNull();
  });

  it('an incoming call rings on the call bar until answered, and a declined one ends', async () => {
    const platform = await renderLoaded();
    const ringing = callView({ call_id: 'in-1', kind: 'incoming', state: 'ringing', possible_emergency_callback: true });
    act(() => platform.emit({ type: 'CallIncoming', payload: ringing }));
    const panel = await screen.findByTestId('incoming-call');
    expect(panel.closest('header.topbar')).not.toBeNull();
    expect(within(panel).getByTestId('possible-emergency-callback').textContent).toBe('Possible 911 callback');
    fireEvent.click(within(panel).getByTestId('incoming-answer'));
    expect(platform.answerCall).toHaveBeenCalledWith('in-1');
    await waitFor(() => expect(screen.queryByTestId('incoming-call')).toBeNull());
    expect(screen.getByTestId('call-panel').getAttribute('data-state')).toBe('established');

    const second = callView({ call_id: 'in-2', kind: 'incoming', state: 'ringing' });
    act(() => platform.emit({ type: 'CallIncoming', payload: second }));
    fireEvent.click(await screen.findByTestId('incoming-decline'));
    expect(platform.declineCall).toHaveBeenCalledWith('in-2');
    act(() =>
      platform.emit({
        type: 'CallEnded',
        payload: callView({ call_id: 'in-2', kind: 'incoming', state: 'ended', end_reason: 'declined' }),
      }),
    );
    expect(screen.queryByTestId('incoming-call')).toBeNull();
  });

  it('"Call 911" in the top bar dials 911 and shows the emergency in-call screen', async () => {
    const platform = await renderLoaded();
    fireEvent.click(screen.getByTestId('emergency-dial'));
    expect(platform.dial).toHaveBeenCalledWith('911');
    const summary = await screen.findByTestId('emergency-call-summary');
    expect(summary.textContent).toBe(
      'Location sent: 200 N Main St, Floor 3, Springfield, IL 62701 · Callback number: 614-555-0100',
    );
    const panel = summary.closest('[data-testid="call-panel"]')!;
    expect(within(panel as HTMLElement).getByRole('heading').textContent).toBe('Emergency call — 911');
    expect(screen.getByTestId('emergency-dial')).toBeTruthy();
    expect((screen.getByTestId('emergency-dial') as HTMLButtonElement).disabled).toBe(false);
  });

  it('calls already in progress at start are shown', async () => {
    await renderLoaded({ calls: [callView({ call_id: 'old', kind: 'emergency', state: 'established' })] });
    await waitFor(() => expect(screen.getByTestId('call-state').textContent).toBe('Connected'));
  });

  it('a dial error from the shell is shown under the dialer', async () => {
    await renderLoaded({ dial: { reject: { code: 'call_failed', message: '503 Service Unavailable' } } });
    dialFromDialer('9911');
    expect((await screen.findByTestId('dialer-error')).textContent).toBe(
      'Could not place the call: 503 Service Unavailable. Use another phone for 911.',
    );
  });

  it('without an emergency plan the status page says 911 cannot be placed', async () => {
    await renderLoaded({ status: status({ emergency_plan: null }) });
    expect(screen.getByTestId('plan-none').textContent).toContain('Use another phone for 911.');
  });

  it('caller-ID lint findings are listed', async () => {
    await renderLoaded({
      status: status({
        emergency_plan: plan({ lint: { caller_id: '555', findings: [{ kind: 'not_ten_digits', caller_id: '555' }] } }),
      }),
    });
    expect(screen.getByTestId('plan-lint').textContent).toContain('The caller ID 555 is not a 10-digit number.');
  });
});
