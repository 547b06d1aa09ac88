// Tests for tel:/sip: links and Redial through the whole app on the fake platform. A link only ever fills the
// dialer: nothing is dialed until the user presses Call (a web page must not be able to call 911).

import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { callRecord, dialLink } from '../test/fixtures';
import { App } from './App';

async function renderLoaded(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  return platform;
}

const numberField = () => screen.getByTestId('dialer-number') as HTMLInputElement;

/** Lets timers and the dialer's classification run, so a call placed by mistake would have been placed. */
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 200)));

describe('App: dial links', () => {
  it('the link the app was opened with fills the dialer at start, and is not dialed', async () => {
    const platform = await renderLoaded({ pendingLink: dialLink() });
    await waitFor(() => expect(numberField().value).toBe('+16145550100'));
    expect(platform.takeDialLink).toHaveBeenCalledOnce();
    expect(screen.getByTestId('dialer-link-source').textContent).toBe('Opened from link: tel:+1-614-555-0100');
    expect(document.activeElement).toBe(numberField());
    await settle();
    expect(platform.dial).not.toHaveBeenCalled();
    expect(platform.redial).not.toHaveBeenCalled();
    expect(screen.queryByTestId('call-panel')).toBeNull();
  });

  it('DialLinkOpened fills the dialer, takes the pending link from the shell, and does not dial', async () => {
    const platform = await renderLoaded();
    expect(platform.takeDialLink).toHaveBeenCalledTimes(1);
    const link = dialLink({ link: 'tel:+1-312-555-0199', text: '+13125550199' });
    platform.options.pendingLink = link;
    act(() => platform.emit({ type: 'DialLinkOpened', payload: link }));
    await waitFor(() => expect(numberField().value).toBe('+13125550199'));
    expect(platform.takeDialLink).toHaveBeenCalledTimes(2);
    expect(platform.options.pendingLink).toBeNull();
    expect(screen.getByTestId('dialer-link-source').textContent).toBe('Opened from link: tel:+1-312-555-0199');
    await settle();
    expect(platform.dial).not.toHaveBeenCalled();
  });

  it('uses the event payload when the shell has no pending link any more', async () => {
    const platform = await renderLoaded();
    act(() => platform.emit({ type: 'DialLinkOpened', payload: dialLink() }));
    await waitFor(() => expect(numberField().value).toBe('+16145550100'));
    expect(platform.takeDialLink).toHaveBeenCalledTimes(2);
  });

  it('a tel:911 link is labelled an emergency call but waits for the user to press Call', async () => {
    const platform = await renderLoaded();
    const link = dialLink({ link: 'tel:911', text: '911', check: { kind: 'emergency', target: '911' } });
    act(() => platform.emit({ type: 'DialLinkOpened', payload: link }));
    await waitFor(() => expect(screen.getByTestId('dialer-kind').textContent).toBe('Emergency call — 911'));
    await settle();
    expect(platform.dial).not.toHaveBeenCalled();
    expect(screen.queryByTestId('call-panel')).toBeNull();
    fireEvent.click(screen.getByTestId('dialer-call'));
    expect(platform.dial).toHaveBeenCalledWith('911');
  });

  it('a link opened while another page is shown brings the dialer back', async () => {
    const platform = await renderLoaded();
    fireEvent.click(screen.getByTestId('nav-history'));
    await screen.findByTestId('history-screen');
    act(() => platform.emit({ type: 'DialLinkOpened', payload: dialLink() }));
    await waitFor(() => expect(numberField().value).toBe('+16145550100'));
    expect(screen.getByTestId('nav-status').getAttribute('aria-current')).toBe('page');
    expect(platform.dial).not.toHaveBeenCalled();
  });

  it('a link pasted into the field is normalised by the shell', async () => {
    const platform = await renderLoaded();
    fireEvent.paste(numberField(), { clipboardData: { getData: () => 'tel:+1-614-555-0100' } });
    await waitFor(() => expect(numberField().value).toBe('+16145550100'));
    expect(platform.openDialLink).toHaveBeenCalledWith('tel:+1-614-555-0100');
    fireEvent.paste(numberField(), { clipboardData: { getData: () => 'tel:call-me' } });
    expect((await screen.findByTestId('dialer-link-error')).textContent).toBe(
      'Could not read the link: "tel:call-me" is not a tel: or sip: link.',
    );
    expect(numberField().value).toBe('tel:call-me');
    expect(platform.dial).not.toHaveBeenCalled();
  });
});

describe('App: redial and recent numbers', () => {
  it('Redial dials the last number through the shell and the call shows on the call bar', async () => {
    const platform = await renderLoaded({ recent: ['3125550199', '6145550100'] });
    expect(platform.recentNumbers).toHaveBeenCalledWith(5);
    const redial = screen.getByTestId('dialer-redial') as HTMLButtonElement;
    await waitFor(() => expect(redial.disabled).toBe(false));
    fireEvent.click(redial);
    expect(platform.redial).toHaveBeenCalledOnce();
    expect(platform.dial).not.toHaveBeenCalled();
    const panel = await screen.findByTestId('call-panel');
    expect(panel.getAttribute('data-kind')).toBe('normal');
  });

  it('a finished call updates the recent numbers (and enables Redial)', async () => {
    const platform = await renderLoaded();
    const redial = screen.getByTestId('dialer-redial') as HTMLButtonElement;
    expect(redial.disabled).toBe(true);
    platform.options.recent = ['3125550199'];
    act(() => platform.emit({ type: 'CallHistoryChanged', payload: callRecord() }));
    await waitFor(() => expect(redial.disabled).toBe(false));
    fireEvent.click(screen.getByTestId('dialer-recent-3125550199'));
    expect(numberField().value).toBe('3125550199');
    expect(platform.dial).not.toHaveBeenCalled();
  });

  it('Redial of an emergency number places an emergency call', async () => {
    const platform = await renderLoaded({ recent: ['911'] });
    const redial = screen.getByTestId('dialer-redial') as HTMLButtonElement;
    await waitFor(() => expect(redial.disabled).toBe(false));
    fireEvent.click(redial);
    const panel = await screen.findByTestId('call-panel');
    expect(panel.getAttribute('data-kind')).toBe('emergency');
    expect(platform.redial).toHaveBeenCalledOnce();
  });
});
