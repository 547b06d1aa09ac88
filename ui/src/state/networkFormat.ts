// Wording for the network signals panel. Pure, so each phrase can be tested without rendering.

import type { DefaultRoute, NetworkSnapshot, SignalState, VpnState, WifiInfo } from '../platform/bindings';

/**
 * False when the laptop is on no network that could carry a call. Mirrors `NetworkSnapshot::has_network`
 * in Rust: a point-to-point full tunnel has a default route but no default gateway, and is still a network.
 */
export function hasNetwork(network: NetworkSnapshot): boolean {
  return network.default_gateway !== null || network.underlay !== null || network.default_routes.length > 0;
}

/** "Off", "Full tunnel via tun0" or "Split tunnel via wg0". */
export function vpnLabel(vpn: VpnState): string {
  if (vpn.mode === 'none') return 'Off';
  const kind = vpn.mode === 'full' ? 'Full tunnel' : 'Split tunnel';
  return vpn.interface ? `${kind} via ${vpn.interface}` : kind;
}

const WIFI_SOURCES: Record<string, string> = {
  networkmanager: 'NetworkManager',
  nl80211: 'nl80211',
  corewlan: 'CoreWLAN',
  wlanapi: 'WLAN API',
};

/** The Wi-Fi reader's name as people know it; unknown readers are shown as reported. */
export function wifiSourceLabel(source: string | null): string | null {
  if (source === null) return null;
  return WIFI_SOURCES[source] ?? source;
}

/** The band a Wi-Fi channel frequency falls in, or null when it is none of 2.4, 5 and 6 GHz. */
export function wifiBand(mhz: number): '2.4' | '5' | '6' | null {
  if (mhz >= 2400 && mhz < 2500) return '2.4';
  if (mhz >= 4900 && mhz < 5925) return '5';
  if (mhz >= 5925 && mhz <= 7125) return '6';
  return null;
}

/** "5180 MHz (5 GHz band)". */
export function frequencyLabel(mhz: number): string {
  const band = wifiBand(mhz);
  return band ? `${mhz} MHz (${band} GHz band)` : `${mhz} MHz`;
}

/** "-58 dBm", "74 %", both when both are known, or null. */
export function signalLabel(wifi: Pick<WifiInfo, 'signal_dbm' | 'signal_percent'>): string | null {
  const parts: string[] = [];
  if (wifi.signal_dbm !== null) parts.push(`${wifi.signal_dbm} dBm`);
  if (wifi.signal_percent !== null) parts.push(`${wifi.signal_percent} %`);
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : `${parts[0]} (${parts[1]})`;
}

/** True when the Wi-Fi reader worked and the laptop is associated with an access point. */
export function wifiConnected(wifi: WifiInfo): boolean {
  return wifi.permission === 'available' && (wifi.ssid !== null || wifi.bssid !== null);
}

const SIGNAL_STATE_LABELS: Record<SignalState, string> = {
  available: 'Available',
  denied: 'Denied by the OS',
  unsupported: 'Not available here',
};

export function signalStateLabel(state: SignalState): string {
  return SIGNAL_STATE_LABELS[state];
}

/** Which grant instructions to show for denied Wi-Fi: the reader says which OS refused; else show both. */
export function grantPlatforms(source: string | null): Array<'macos' | 'windows'> {
  if (source === 'corewlan') return ['macos'];
  if (source === 'wlanapi') return ['windows'];
  return ['macos', 'windows'];
}

/** True when at least one route is a VPN's half-default pair. */
export function hasHalfDefaultPair(routes: DefaultRoute[]): boolean {
  return routes.some((r) => r.coverage === 'split_halves');
}
