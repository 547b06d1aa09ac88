import { describe, expect, it } from 'vitest';
import { callRecord } from '../test/fixtures';
import { mergeRecords } from './history';

const at = (id: string, started_at: string) => callRecord({ call_id: id, started_at });

describe('mergeRecords', () => {
  it('puts a new call first and keeps every call once, newest first', () => {
    const held = [at('b', '2025-03-10T12:00:00Z'), at('a', '2025-03-10T10:00:00Z')];
    const merged = mergeRecords(held, [at('c', '2025-03-10T13:00:00Z')]);
    expect(merged.map((r) => r.call_id)).toEqual(['c', 'b', 'a']);
    const again = mergeRecords(merged, [{ ...at('c', '2025-03-10T13:00:00Z'), end_reason: 'busy' }]);
    expect(again.map((r) => r.call_id)).toEqual(['c', 'b', 'a']);
    expect(again[0]!.end_reason).toBe('busy');
  });

  it('sorts a late record into place and keeps at most the limit', () => {
    const held = [at('b', '2025-03-10T12:00:00Z'), at('a', '2025-03-10T10:00:00Z')];
    expect(mergeRecords(held, [at('x', '2025-03-10T11:00:00Z')]).map((r) => r.call_id)).toEqual(['b', 'x', 'a']);
    expect(mergeRecords(held, [at('c', '2025-03-10T13:00:00Z')], 2).map((r) => r.call_id)).toEqual(['c', 'b']);
  });
});
