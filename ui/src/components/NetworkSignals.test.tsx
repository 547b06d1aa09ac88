import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { NetworkSnapshot } from '../platform/bindings';
import { ROUTER_MAC, fullTunnel, network, splitTunnel, wifi } from '../test/fixtures';
import { NetworkCard } from './NetworkCard';

function renderCard(net: NetworkSnapshot) {
  return render(<NetworkCard network={net} refreshing={false} onRefresh={() => undefined} />);
}

function row(signal: string): HTMLElement {
  const found = screen.getAllByTestId('signal-row').find((r) => r.getAttribute('data-signal') === signal);
  if (!found) throw new Error(`no signal row ${signal}`);
  return found;
}

/** The Value, Source and Permission cells of a signal row, as text. */
function cells(signal: string) {
  const [value, source, access] = within(row(signal)).getAllByRole('cell');
  return { value: value!.textContent, source: source!.textContent, access: access!.textContent };
}

const GRANT_MACOS = 'System Settings → Privacy & Security → Location Services → turn on Locus';
const GRANT_WINDOWS = 'Settings → Privacy & security → Location → turn on “Let desktop apps access your location”';

describe('Network signals panel', () => {
  it('is a labelled table with one row per signal, each with value, source and permission', () => {
    renderCard(network());
    const table = screen.getByRole('table', { name: 'Network signals' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Signal',
      'Value',
      'Source',
      'Permission',
    ]);
    expect(within(table).getAllByRole('rowheader').map((th) => th.textContent)).toEqual([
      'Default gateway',
      'Physical network',
      'VPN',
      'Default routes',
      'Wi-Fi',
      'DNS search domains',
      'Network fingerprint',
    ]);
    expect(cells('gateway').source).toBe('Routing table + neighbour cache');
    expect(cells('gateway').access).toBe('No permission needed');
    expect(cells('wifi').source).toBe('nl80211');
    expect(cells('dns').value).toBe('corp.example.com');
  });

  it('keeps the gateway test ids with their exact text', () => {
    renderCard(network('10.1.2.1'));
    expect(screen.getByTestId('gateway-ip').textContent).toBe('10.1.2.1');
    expect(screen.getByTestId('gateway-mac').textContent).toBe(ROUTER_MAC);
    expect(screen.getByTestId('gateway-interface').textContent).toBe('wlp2s0');
    expect(screen.queryByTestId('no-network')).toBeNull();
  });

  it('full tunnel: names the tunnel and still shows the physical gateway and its MAC', () => {
    renderCard(fullTunnel());
    expect(screen.getByTestId('vpn-state').textContent).toBe('Full tunnel via tun0');
    const underlay = screen.getByTestId('underlay-gateway');
    expect(underlay.textContent).toContain('192.168.1.1');
    expect(underlay.textContent).toContain(ROUTER_MAC);
    // The default gateway is the tunnel's next hop, which has no MAC, and the panel says so.
    expect(screen.getByTestId('gateway-ip').textContent).toBe('10.8.0.1');
    expect(screen.getByTestId('gateway-mac').textContent).toBe('not in neighbour cache');
    expect(cells('gateway').value).toContain("the VPN tunnel's next hop");
    expect(cells('underlay').value).toContain('What locates you, even on a VPN.');
    const routes = screen.getAllByTestId('default-route');
    expect(routes).toHaveLength(2);
    expect(routes[0]!.textContent).toContain('tun0');
    expect(routes[0]!.textContent).toContain('half-default pair');
    expect(routes[1]!.textContent).toBe('wlp2s0 via 192.168.1.1 · metric 600');
  });

  it('point-to-point full tunnel: the route has no next hop and the network is not "No network"', () => {
    renderCard(fullTunnel({ pointToPoint: true }));
    expect(screen.queryByTestId('no-network')).toBeNull();
    expect(screen.queryByTestId('gateway-ip')).toBeNull();
    expect(cells('gateway').value).toContain('point-to-point');
    expect(screen.getAllByTestId('default-route')[0]!.textContent).toContain('wg0 no next hop');
  });

  it('split tunnel and no VPN', () => {
    const { unmount } = renderCard(splitTunnel());
    expect(screen.getByTestId('vpn-state').textContent).toBe('Split tunnel via wg0');
    expect(screen.queryByText('half-default pair')).toBeNull();
    unmount();
    renderCard(network());
    expect(screen.getByTestId('vpn-state').textContent).toBe('Off');
  });

  it('available Wi-Fi shows SSID, BSSID, signal, frequency with band, and the reader', () => {
    renderCard(network());
    const permission = screen.getByTestId('wifi-permission');
    expect(permission.getAttribute('data-state')).toBe('available');
    expect(permission.textContent).toBe('Available');
    expect(screen.getByTestId('wifi-ssid').textContent).toBe('Acme Corp');
    expect(screen.getByTestId('wifi-bssid').textContent).toBe('f0:9f:c2:aa:bb:01');
    expect(screen.getByTestId('wifi-signal').textContent).toBe('-58 dBm');
    expect(screen.getByTestId('wifi-frequency').textContent).toBe('5180 MHz (5 GHz band)');
    expect(screen.queryByTestId('wifi-help')).toBeNull();
  });

  it('NetworkManager Wi-Fi: signal in percent on 2.4 GHz', () => {
    const net = network();
    net.wifi = wifi('available', {
      signal_dbm: null,
      signal_percent: 74,
      frequency_mhz: 2437,
      source: 'networkmanager',
    });
    renderCard(net);
    expect(screen.getByTestId('wifi-signal').textContent).toBe('74 %');
    expect(screen.getByTestId('wifi-frequency').textContent).toBe('2437 MHz (2.4 GHz band)');
    expect(cells('wifi').source).toBe('NetworkManager');
  });

  it('available but not associated: "Not connected"', () => {
    const net = network();
    net.wifi = wifi('available', { ssid: null, bssid: null, signal_dbm: null, frequency_mhz: null });
    renderCard(net);
    expect(screen.getByTestId('wifi-status').textContent).toBe('Not connected');
    expect(screen.queryByTestId('wifi-ssid')).toBeNull();
    expect(screen.getByTestId('wifi-permission').getAttribute('data-state')).toBe('available');
  });

  it('denied Wi-Fi explains how to grant permission on macOS and Windows, and the fallback', () => {
    const net = network();
    net.wifi = wifi('denied');
    renderCard(net);
    const permission = screen.getByTestId('wifi-permission');
    expect(permission.getAttribute('data-state')).toBe('denied');
    expect(permission.textContent).toBe('Denied by the OS');
    const help = screen.getByTestId('wifi-help');
    expect(help.textContent).toContain(`macOS: ${GRANT_MACOS}`);
    expect(help.textContent).toContain(`Windows 11: ${GRANT_WINDOWS}`);
    expect(help.textContent).toContain('Meanwhile Locus recognises this network by its gateway MAC.');
    expect(screen.queryByTestId('wifi-ssid')).toBeNull();
    expect(screen.queryByTestId('wifi-bssid')).toBeNull();
  });

  it('denied by CoreWLAN shows only the macOS steps; says so when the gateway MAC is unknown too', () => {
    const net = network();
    net.wifi = wifi('denied', { source: 'corewlan' });
    net.underlay!.gateway.mac = null;
    renderCard(net);
    const help = screen.getByTestId('wifi-help');
    expect(help.textContent).toContain(GRANT_MACOS);
    expect(help.textContent).not.toContain('Windows 11');
    expect(help.textContent).toContain('not known either');
    expect(cells('wifi').source).toBe('CoreWLAN');
  });

  it('unsupported Wi-Fi says no reader is available', () => {
    const net = network();
    net.wifi = wifi('unsupported');
    renderCard(net);
    expect(screen.getByTestId('wifi-permission').getAttribute('data-state')).toBe('unsupported');
    expect(screen.getByTestId('wifi-status').textContent).toBe(
      'No Wi-Fi reader available on this machine (or no Wi-Fi hardware)',
    );
    expect(screen.queryByTestId('wifi-help')).toBeNull();
  });

  it('fingerprint: the id with its privacy note, or why there is none', () => {
    const { unmount } = renderCard(network());
    expect(screen.getByTestId('fingerprint-id').textContent).toBe('9c1e5b7a2f4d8e06b3a1c7d9e5f20481');
    expect(cells('fingerprint').value).toContain('raw identifiers stay on this machine');
    unmount();
    const net = network();
    net.fingerprint_id = null;
    renderCard(net);
    expect(screen.getByTestId('fingerprint-id').textContent).toBe(
      'none — this network has no strong identifier, so Locus will always ask',
    );
  });

  it('no network: "No network", and every signal says none', () => {
    renderCard(network(null));
    expect(screen.getByTestId('no-network').textContent).toBe('No network');
    expect(screen.queryByTestId('gateway-ip')).toBeNull();
    expect(screen.queryByTestId('underlay-gateway')).toBeNull();
    expect(cells('routes').value).toBe('None');
    expect(cells('dns').value).toBe('None');
    expect(screen.getByTestId('wifi-status').textContent).toBe('Not connected');
    expect(screen.getByTestId('fingerprint-id').textContent).toContain('no strong identifier');
  });
});
