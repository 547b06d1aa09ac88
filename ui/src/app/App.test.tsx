import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { StatusReport } from '../platform/bindings';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import {
  ROUTER_MAC,
  auditBroken,
  auditIntact,
  fullTunnel,
  network,
  readiness,
  splitTunnel,
  status,
} from '../test/fixtures';
import { App } from './App';

async function renderApp(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  const view = render(<App platform={platform} />);
  return { platform, view };
}

/** Renders and waits until the first status is on screen. */
async function renderLoaded(options: FakePlatformOptions = {}) {
  const result = await renderApp(options);
  await screen.findByRole('heading', { name: 'About this install' });
  return result;
}

describe('App: status screen', () => {
  it('shows a loading state before the first status arrives', async () => {
    let resolve!: (s: StatusReport) => void;
    const platform = createFakePlatform();
    vi.mocked(platform.getStatus).mockReturnValueOnce(new Promise((r) => (resolve = r)));
    render(<App platform={platform} />);
    expect(await screen.findByText('Reading network…')).toBeTruthy();
    expect(screen.getByTestId('readiness').getAttribute('data-level')).toBe('unknown');
    await act(async () => resolve(status()));
    expect(screen.queryByText('Reading network…')).toBeNull();
    expect(screen.getByTestId('gateway-ip').textContent).toBe('192.168.1.1');
  });

  it('reports the first paint to the shell once, after the first status is on screen', async () => {
    const platform = createFakePlatform();
    render(<App platform={platform} />);
    await screen.findByTestId('gateway-ip');
    await waitFor(() => expect(platform.reportFirstPaint).toHaveBeenCalledTimes(1));
    act(() => platform.emit({ type: 'NetworkChanged', payload: network('10.20.30.1') }));
    await waitFor(() => expect(screen.getByTestId('gateway-ip').textContent).toBe('10.20.30.1'));
    await new Promise((r) => setTimeout(r, 50));
    expect(platform.reportFirstPaint).toHaveBeenCalledTimes(1);
  });

  it('renders the gateway, readiness and interfaces from the platform', async () => {
    await renderLoaded({ status: status({ readiness: readiness('green') }) });
    expect(screen.getByTestId('gateway-ip').textContent).toBe('192.168.1.1');
    expect(screen.getByTestId('gateway-mac').textContent).toBe('00:1a:2b:3c:4d:5e');
    expect(screen.getByTestId('gateway-interface').textContent).toBe('wlp2s0');
    expect(screen.getByTestId('readiness').getAttribute('data-level')).toBe('green');
    const rows = screen.getAllByTestId('interface-row');
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'enp0s31f6',
      'lo',
      'wlp2s0default route',
    ]);
    expect(rows[2]!.textContent).toContain('a4:c3:f0:11:22:33');
    expect(rows[2]!.textContent).toContain('192.168.1.20/24');
    expect(rows[2]!.textContent).toContain('Wi-Fi');
    expect(screen.queryByTestId('no-network')).toBeNull();
  });

  it('says when the gateway MAC is not in the neighbour cache', async () => {
    const net = network();
    net.default_gateway!.mac = null;
    await renderLoaded({ status: status({ network: net }) });
    expect(screen.getByTestId('gateway-mac').textContent).toBe('not in neighbour cache');
  });

  it('shows "No network" when there is no default gateway', async () => {
    await renderLoaded({ status: status({ network: network(null), readiness: readiness('red') }) });
    expect(screen.getByTestId('no-network').textContent).toBe('No network');
    expect(screen.queryByTestId('gateway-ip')).toBeNull();
    expect(screen.getByTestId('readiness').textContent).toContain('Use another phone for 911.');
  });

  it('a NetworkChanged event updates the displayed gateway IP', async () => {
    const { platform } = await renderLoaded();
    expect(screen.getByTestId('gateway-ip').textContent).toBe('192.168.1.1');
    act(() => platform.emit({ type: 'NetworkChanged', payload: network('10.20.30.1') }));
    expect(screen.getByTestId('gateway-ip').textContent).toBe('10.20.30.1');
    act(() => platform.emit({ type: 'NetworkChanged', payload: network(null) }));
    expect(screen.getByTestId('no-network')).toBeTruthy();
  });

  it('a NetworkChanged event updates the VPN state and the physical gateway stays shown', async () => {
    const { platform } = await renderLoaded();
    expect(screen.getByTestId('vpn-state').textContent).toBe('Off');
    act(() => platform.emit({ type: 'NetworkChanged', payload: fullTunnel() }));
    expect(screen.getByTestId('vpn-state').textContent).toBe('Full tunnel via tun0');
    expect(screen.getByTestId('gateway-ip').textContent).toBe('10.8.0.1');
    expect(screen.getByTestId('underlay-gateway').textContent).toContain(ROUTER_MAC);
    act(() => platform.emit({ type: 'NetworkChanged', payload: splitTunnel() }));
    expect(screen.getByTestId('vpn-state').textContent).toBe('Split tunnel via wg0');
    act(() => platform.emit({ type: 'NetworkChanged', payload: network() }));
    expect(screen.getByTestId('vpn-state').textContent).toBe('Off');
  });

  it('a point-to-point full tunnel has no default gateway but is not "No network"', async () => {
    await renderLoaded({ status: status({ network: fullTunnel({ pointToPoint: true }) }) });
    expect(screen.queryByTestId('no-network')).toBeNull();
    expect(screen.queryByTestId('gateway-ip')).toBeNull();
    expect(screen.getByTestId('vpn-state').textContent).toBe('Full tunnel via wg0');
    expect(screen.getByTestId('underlay-gateway').textContent).toContain(ROUTER_MAC);
  });

  it('a ReadinessChanged event updates the banner', async () => {
    const { platform } = await renderLoaded();
    expect(screen.getByTestId('readiness').getAttribute('data-level')).toBe('amber');
    act(() => platform.emit({ type: 'ReadinessChanged', payload: readiness('red') }));
    expect(screen.getByTestId('readiness').getAttribute('data-level')).toBe('red');
    expect(screen.getByTestId('readiness').textContent).toContain('Use another phone for 911.');
  });

  it('Refresh calls refreshNetwork and shows the snapshot it returns', async () => {
    const { platform } = await renderLoaded({ refresh: network('172.16.0.1') });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.getByTestId('gateway-ip').textContent).toBe('172.16.0.1'));
    expect(platform.refreshNetwork).toHaveBeenCalledOnce();
  });

  it('unsubscribes on unmount', async () => {
    const { platform, view } = await renderLoaded();
    expect(platform.subscribers()).toBe(1);
    view.unmount();
    expect(platform.subscribers()).toBe(0);
  });
});

describe('App: about and audit', () => {
  it('shows version, directories and audit count', async () => {
    await renderLoaded();
    expect(screen.getByTestId('version').textContent).toBe('0.1.0');
    expect(screen.getByText('/home/ana/.config/locus')).toBeTruthy();
    expect(screen.getByText('/home/ana/.local/share/locus')).toBeTruthy();
    expect(screen.getByText('/home/ana/.local/state/locus/logs')).toBeTruthy();
    expect(screen.getByTestId('audit-entries').textContent).toBe('42');
  });

  it('shows an intact audit log', async () => {
    const { platform } = await renderLoaded({ audit: auditIntact(42) });
    expect(screen.queryByTestId('audit-result')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Verify audit log' }));
    expect((await screen.findByTestId('audit-result')).textContent).toBe('Intact: 42 entries');
    expect(platform.verifyAuditLog).toHaveBeenCalledOnce();
  });

  it('shows a broken audit log', async () => {
    await renderLoaded({ audit: auditBroken(17, 'hash does not match the previous entry') });
    fireEvent.click(screen.getByRole('button', { name: 'Verify audit log' }));
    expect((await screen.findByTestId('audit-result')).textContent).toBe(
      'Broken at entry 17: hash does not match the previous entry',
    );
  });
});

describe('App: problems', () => {
  it('lists config.json problems', async () => {
    const report = status();
    report.config.source = 'last_good';
    report.config.errors = [
      { field: 'network.refresh_seconds', message: 'must be between 1 and 3600, got 0' },
      { field: 'ui.start_hidden', message: 'expected true or false' },
    ];
    await renderLoaded({ status: report });
    const warnings = screen.getByTestId('config-warnings');
    expect(warnings.textContent).toContain('Your config.json has problems; the last good settings are in force');
    expect(screen.getAllByTestId('config-error').map((li) => li.textContent)).toEqual([
      'network.refresh_seconds: must be between 1 and 3600, got 0',
      'ui.start_hidden: expected true or false',
    ]);
  });

  it('shows no config warning when the config is valid', async () => {
    await renderLoaded();
    expect(screen.queryByTestId('config-warnings')).toBeNull();
  });

  it('a failed status read shows the error message and code in an alert', async () => {
    const { platform } = await renderApp({ status: { reject: { code: 'storage', message: 'data directory is read-only' } } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('data directory is read-only');
    expect(within(alert).getByTestId('error-code').textContent).toBe('storage');
    expect(screen.queryByText('Reading network…')).toBeNull();
    expect(screen.getByTestId('readiness').textContent).toContain('Use another phone for 911.');

    // Retrying after the shell recovers clears the alert.
    platform.options.status = status();
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByTestId('gateway-ip');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a failed refresh shows the alert and keeps the last network', async () => {
    await renderLoaded({ refresh: { reject: { code: 'network_probe', message: 'netlink socket closed' } } });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByTestId('error-message').textContent).toBe('netlink socket closed');
    expect(within(alert).getByTestId('error-code').textContent).toBe('network_probe');
    expect(screen.getByTestId('gateway-ip').textContent).toBe('192.168.1.1');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a non-IpcError rejection is shown with code "internal"', async () => {
    await renderLoaded({ audit: { reject: new Error('boom') } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify audit log' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('boom');
    expect(within(alert).getByTestId('error-code').textContent).toBe('internal');
  });
});
