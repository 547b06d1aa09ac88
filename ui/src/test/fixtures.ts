// Realistic sample data for tests. Each builder returns a fresh object so tests can mutate freely.

import type {
  AuditVerification,
  NetworkSnapshot,
  Readiness,
  StatusReport,
} from '../platform/bindings';

export function readiness(level: Readiness['level'] = 'amber'): Readiness {
  switch (level) {
    case 'green':
      return { level, reason: 'armed', summary: 'E911 armed — HQ, floor 3' };
    case 'amber':
      return { level, reason: 'location_not_confirmed', summary: 'E911 not armed — confirm your location' };
    case 'red':
      return { level, reason: 'no_network', summary: 'No network — 911 calls cannot be placed' };
  }
}

export function network(gatewayIp: string | null = '192.168.1.1'): NetworkSnapshot {
  return {
    interfaces: [
      { name: 'lo', kind: 'loopback', mac: null, addrs: ['127.0.0.1/8', '::1/128'], is_up: true },
      {
        name: 'wlp2s0',
        kind: 'wifi',
        mac: 'a4:c3:f0:11:22:33',
        addrs: gatewayIp ? ['192.168.1.20/24', 'fe80::a6c3:f0ff:fe11:2233/64'] : [],
        is_up: true,
      },
      { name: 'enp0s31f6', kind: 'wired', mac: '8c:16:45:aa:bb:cc', addrs: [], is_up: false },
    ],
    default_gateway: gatewayIp ? { ip: gatewayIp, mac: '00:1a:2b:3c:4d:5e', interface: 'wlp2s0' } : null,
  };
}

export function status(overrides: Partial<StatusReport> = {}): StatusReport {
  return {
    version: '0.1.0',
    readiness: readiness('amber'),
    network: network(),
    paths: {
      config_dir: '/home/ana/.config/locus',
      data_dir: '/home/ana/.local/share/locus',
      log_dir: '/home/ana/.local/state/locus/logs',
    },
    config: {
      config: { network: { refresh_seconds: 30 }, ui: { start_hidden: false } },
      source: 'file',
      errors: [],
    },
    audit_entries: 42,
    ...overrides,
  };
}

export function auditIntact(entries = 42): AuditVerification {
  return { entries_checked: entries, first_broken_seq: null, reason: null };
}

export function auditBroken(seq = 17, reason = 'hash does not match the previous entry'): AuditVerification {
  return { entries_checked: seq, first_broken_seq: seq, reason };
}
