import { describe, expect, it } from 'vitest';
import { auditBroken, auditIntact } from '../test/fixtures';
import { configWarningHeading, describeAudit, kindLabel, operationLabel } from './format';

describe('describeAudit', () => {
  it('describes an intact chain', () => {
    expect(describeAudit(auditIntact(42))).toEqual({ intact: true, text: 'Intact: 42 entries' });
    expect(describeAudit(auditIntact(1)).text).toBe('Intact: 1 entry');
    expect(describeAudit(auditIntact(0)).text).toBe('Intact: 0 entries');
  });

  it('describes a broken chain with entry and reason', () => {
    expect(describeAudit(auditBroken(17, 'hash mismatch'))).toEqual({
      intact: false,
      text: 'Broken at entry 17: hash mismatch',
    });
    expect(describeAudit({ entries_checked: 3, first_broken_seq: 3, reason: null }).text).toBe(
      'Broken at entry 3: no reason given',
    );
  });
});

describe('configWarningHeading', () => {
  it('says which settings are in force', () => {
    expect(configWarningHeading('last_good')).toBe(
      'Your config.json has problems; the last good settings are in force',
    );
    expect(configWarningHeading('defaults')).toBe('Your config.json has problems; the default settings are in force');
  });
});

describe('kindLabel', () => {
  it('labels every interface kind, virtual included', () => {
    expect(kindLabel('virtual')).toBe('Virtual');
    expect(kindLabel('tunnel')).toBe('Tunnel');
    expect(kindLabel('wifi')).toBe('Wi-Fi');
  });
});

describe('operationLabel', () => {
  it('names the map operations', () => {
    expect(operationLabel('maps')).toBe("Could not read your organisation's map status");
    expect(operationLabel('check_maps')).toBe('Could not check for a new IT map');
  });
});
