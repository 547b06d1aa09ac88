import { describe, expect, it } from 'vitest';
import { fullTunnel, network } from '../test/fixtures';
import { frequencyLabel, grantPlatforms, hasNetwork, signalLabel, vpnLabel, wifiBand, wifiSourceLabel } from './networkFormat';

describe('hasNetwork', () => {
  it('is true with a default gateway, or with only a point-to-point default route', () => {
    expect(hasNetwork(network())).toBe(true);
    const p2p = fullTunnel({ pointToPoint: true });
    p2p.underlay = null;
    expect(p2p.default_gateway).toBeNull();
    expect(hasNetwork(p2p)).toBe(true);
  });

  it('is false with no gateway, no underlay and no default route', () => {
    expect(hasNetwork(network(null))).toBe(false);
  });
});

describe('vpnLabel', () => {
  it('names the mode and the tunnel', () => {
    expect(vpnLabel({ active: false, interface: null, mode: 'none' })).toBe('Off');
    expect(vpnLabel({ active: true, interface: 'tun0', mode: 'full' })).toBe('Full tunnel via tun0');
    expect(vpnLabel({ active: true, interface: 'wg0', mode: 'split' })).toBe('Split tunnel via wg0');
    expect(vpnLabel({ active: true, interface: null, mode: 'full' })).toBe('Full tunnel');
  });
});

describe('Wi-Fi wording', () => {
  it('maps frequencies to bands at the band edges', () => {
    expect(wifiBand(2412)).toBe('2.4');
    expect(wifiBand(2484)).toBe('2.4');
    expect(wifiBand(5180)).toBe('5');
    expect(wifiBand(5885)).toBe('5');
    expect(wifiBand(5955)).toBe('6');
    expect(wifiBand(7115)).toBe('6');
    expect(wifiBand(58320)).toBeNull();
    expect(frequencyLabel(2437)).toBe('2437 MHz (2.4 GHz band)');
    expect(frequencyLabel(5955)).toBe('5955 MHz (6 GHz band)');
    expect(frequencyLabel(58320)).toBe('58320 MHz');
  });

  it('shows dBm, percent, or both', () => {
    expect(signalLabel({ signal_dbm: -58, signal_percent: null })).toBe('-58 dBm');
    expect(signalLabel({ signal_dbm: null, signal_percent: 74 })).toBe('74 %');
    expect(signalLabel({ signal_dbm: -58, signal_percent: 74 })).toBe('-58 dBm (74 %)');
    expect(signalLabel({ signal_dbm: null, signal_percent: null })).toBeNull();
  });

  it('names each reader', () => {
    expect(wifiSourceLabel('networkmanager')).toBe('NetworkManager');
    expect(wifiSourceLabel('nl80211')).toBe('nl80211');
    expect(wifiSourceLabel('corewlan')).toBe('CoreWLAN');
    expect(wifiSourceLabel('wlanapi')).toBe('WLAN API');
    expect(wifiSourceLabel('somethingnew')).toBe('somethingnew');
    expect(wifiSourceLabel(null)).toBeNull();
  });

  it('picks grant instructions by reader', () => {
    expect(grantPlatforms('corewlan')).toEqual(['macos']);
    expect(grantPlatforms('wlanapi')).toEqual(['windows']);
    expect(grantPlatforms(null)).toEqual(['macos', 'windows']);
  });
});
