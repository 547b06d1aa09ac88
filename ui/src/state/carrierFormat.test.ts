// Tests for the E911 page's wording: DIDs, carriers, statuses and the announcements of status changes.

import { describe, expect, it } from 'vitest';
import type { DidStatus } from '../platform/bindings';
import { carrierAccount, carrierDid, carrierOverview } from '../test/fixtures';
import {
  carrierName,
  didStatusText,
  didStatusTone,
  fieldLabel,
  fieldValue,
  formatDid,
  statusChanges,
} from './carrierFormat';

describe('carrierFormat', () => {
  it('formatDid writes a 10-digit DID as (NPA) NXX-XXXX and leaves anything else alone', () => {
    expect(formatDid('3125550100')).toBe('(312) 555-0100');
    expect(formatDid('13125550100')).toBe('(312) 555-0100');
    expect(formatDid('555010')).toBe('555010');
    expect(formatDid('+44 20 7946 0000')).toBe('+44 20 7946 0000');
  });

  it('carrierName names the known carriers and shows others as sent', () => {
    expect(carrierName('voipms')).toBe('VoIP.ms');
    expect(carrierName('webhook')).toBe('Organisation webhook');
    expect(carrierName('bandwidth')).toBe('bandwidth');
  });

  it('didStatusText and didStatusTone give each status its words and colour', () => {
    const all: DidStatus[] = [
      'active',
      'pending',
      'mismatch',
      'needs_user_decision',
      'declined',
      'failed',
      'not_provisioned',
    ];
    expect(all.map(didStatusText)).toEqual([
      'Active',
      'Pending',
      'Mismatch',
      'Needs your decision',
      'Kept your address',
      'Failed',
      'Not provisioned',
    ]);
    expect(all.map((s) => didStatusTone(s, true))).toEqual(['green', 'amber', 'red', 'amber', 'amber', 'red', 'red']);
    expect(didStatusTone('not_provisioned', false)).toBe('unknown');
    expect(didStatusText('unknown_status' as DidStatus)).toBe('unknown_status');
  });

  it('fieldLabel and fieldValue make carrier fields readable', () => {
    expect(fieldLabel('street_name')).toBe('street name');
    expect(fieldLabel('city')).toBe('city');
    expect(fieldValue('')).toBe('(empty)');
    expect(fieldValue('Main')).toBe('Main');
  });

  it('statusChanges names each DID whose status changed, and nothing for the first overview', () => {
    const before = carrierOverview();
    const after = carrierOverview({
      accounts: [
        carrierAccount({
          dids: [
            carrierDid({ status: 'pending' }),
            carrierDid({ did: '6145550199', status: 'active' }),
            carrierDid({ did: '6145550123', status: 'failed' }),
          ],
        }),
      ],
    });
    expect(statusChanges(null, after)).toBe('');
    expect(statusChanges(before, before)).toBe('');
    expect(statusChanges(before, after)).toBe('(614) 555-0100: Pending; (614) 555-0199: Active');
  });
});
