import { describe, expect, it } from 'vitest';
import { formatTime, mapExpiry, mapSourceKind, policySourceLabel, signatureText } from './mapFormat';

const NOW = new Date('2025-06-01T12:00:00Z');

/** Intl may put a narrow no-break space before AM/PM; compare with plain spaces. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('formatTime', () => {
  it('shows an RFC 3339 time readably in the given locale and zone, with the zone', () => {
    expect(plain(formatTime('2025-03-01T09:05:12Z', { locale: 'en-US', timeZone: 'UTC' }))).toBe(
      'Mar 1, 2025, 9:05 AM UTC',
    );
    expect(plain(formatTime('2025-03-01T09:05:12-05:00', { locale: 'en-US', timeZone: 'UTC' }))).toBe(
      'Mar 1, 2025, 2:05 PM UTC',
    );
  });

  it('shows anything that does not parse as given', () => {
    expect(formatTime('not a time')).toBe('not a time');
    expect(formatTime('')).toBe('');
  });
});

describe('mapExpiry', () => {
  it('does not warn more than 14 days ahead', () => {
    expect(mapExpiry('2026-01-01T00:00:00Z', NOW)).toEqual({ state: 'ok', warning: null });
    expect(mapExpiry('2025-06-15T12:00:01Z', NOW).state).toBe('ok');
  });

  it('warns within 14 days', () => {
    expect(mapExpiry('2025-06-15T12:00:00Z', NOW)).toEqual({
      state: 'soon',
      warning: 'This map expires in 14 days. Your IT department should publish a new one before then.',
    });
    expect(mapExpiry('2025-06-02T13:00:00Z', NOW).warning).toContain('expires in 1 day.');
    expect(mapExpiry('2025-06-01T18:00:00Z', NOW).warning).toContain('expires in less than a day.');
  });

  it('warns when expired', () => {
    expect(mapExpiry('2025-06-01T12:00:00Z', NOW)).toEqual({
      state: 'expired',
      warning: 'This map expired today. Ask your IT department to publish a new one.',
    });
    expect(mapExpiry('2025-05-31T11:00:00Z', NOW).warning).toContain('expired 1 day ago.');
    expect(mapExpiry('2025-01-01T00:00:00Z', NOW).warning).toContain('expired 151 days ago.');
  });

  it('does not guess about an expiry that does not parse', () => {
    expect(mapExpiry('soon', NOW)).toEqual({ state: 'unknown', warning: null });
  });
});

describe('wording', () => {
  it('names the key a map was verified with', () => {
    expect(signatureText('RWQabc')).toBe('Signature verified, key RWQabc');
  });

  it('tells URLs from files', () => {
    expect(mapSourceKind('https://it.acme.example/map.json')).toBe('URL');
    expect(mapSourceKind('HTTP://it.acme.example/map.json')).toBe('URL');
    expect(mapSourceKind('/etc/locus/maps/map.json')).toBe('File');
    expect(mapSourceKind('C:\\ProgramData\\Locus\\maps\\map.json')).toBe('File');
  });

  it('describes each policy source', () => {
    expect(policySourceLabel('file')).toBe('Found and valid');
    expect(policySourceLabel('none')).toMatch(/^Not found/);
    expect(policySourceLabel('invalid')).toMatch(/^Invalid/);
  });
});
