import { describe, expect, it } from 'vitest';
import { auditBroken, network, readiness, status } from '../test/fixtures';
import {
  applyAudit,
  applyEvent,
  applyFailure,
  applyRefreshed,
  applyStatus,
  dismissError,
  initialState,
} from './appState';

describe('applyEvent', () => {
  it('NetworkChanged replaces the network and nothing else', () => {
    const before = applyStatus(initialState, status());
    const next = network('10.0.0.1');
    const after = applyEvent(before, { type: 'NetworkChanged', payload: next });
    expect(after.network).toEqual(next);
    expect(after.network?.default_gateway?.ip).toBe('10.0.0.1');
    expect(after.readiness).toBe(before.readiness);
    expect(after.status).toBe(before.status);
    expect(before.network?.default_gateway?.ip).toBe('192.168.1.1'); // not mutated
  });

  it('ReadinessChanged replaces the readiness and nothing else', () => {
    const before = applyStatus(initialState, status({ readiness: readiness('green') }));
    const after = applyEvent(before, { type: 'ReadinessChanged', payload: readiness('red') });
    expect(after.readiness?.level).toBe('red');
    expect(after.network).toBe(before.network);
    expect(before.readiness?.level).toBe('green');
  });

  it('events this screen does not use return the same state object', () => {
    const before = applyStatus(initialState, status());
    expect(applyEvent(before, { type: 'CallRinging', payload: { call_id: 'c1', remote: '+15551234567' } })).toBe(
      before,
    );
  });

  it('applies before the first status arrives', () => {
    const after = applyEvent(initialState, { type: 'NetworkChanged', payload: network(null) });
    expect(after.network?.default_gateway).toBeNull();
    expect(after.status).toBeNull();
    expect(after.loading).toBe(true);
  });
});

describe('status, results and errors', () => {
  it('applyStatus takes network and readiness from the report and ends loading', () => {
    const report = status({ readiness: readiness('green') });
    const after = applyStatus(initialState, report);
    expect(after.loading).toBe(false);
    expect(after.status).toBe(report);
    expect(after.network).toBe(report.network);
    expect(after.readiness?.level).toBe('green');
  });

  it('a failure records the operation and stops its busy flag', () => {
    const busy = { ...initialState, loading: false, refreshing: true };
    const after = applyFailure(busy, 'refresh', { code: 'network_probe', message: 'netlink closed' });
    expect(after.error).toEqual({ op: 'refresh', code: 'network_probe', message: 'netlink closed' });
    expect(after.refreshing).toBe(false);
  });

  it('a success clears only an error from the same operation', () => {
    const failedVerify = applyFailure(initialState, 'verify', { code: 'database', message: 'locked' });
    expect(applyRefreshed(failedVerify, network()).error?.op).toBe('verify');
    expect(applyAudit(failedVerify, auditBroken()).error).toBeNull();
    expect(dismissError(failedVerify).error).toBeNull();
  });
});
