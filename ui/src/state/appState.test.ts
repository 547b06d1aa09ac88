import { describe, expect, it } from 'vitest';
import {
  auditBroken,
  callView,
  mapInForce,
  mapStatus,
  network,
  readiness,
  status,
  suggestion,
  testCallResult,
  testCallView,
} from '../test/fixtures';
import {
  applyAudit,
  applyEvent,
  applyFailure,
  applyMaps,
  applyRefreshed,
  applyStatus,
  dismissError,
  initialState,
} from './appState';
import { closedTest, openTestFlow, testStarted } from './testFlow';

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
    expect(applyEvent(before, { type: 'RegisterOk', payload: { account_id: 'work' } })).toBe(before);
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

describe('IT map status', () => {
  const rejection = { source: '/etc/locus/maps/map.json', errors: [{ field: '/serial', message: 'too low' }] };

  it('MapRejected records the rejection; MapApplied clears it', () => {
    const rejected = applyEvent(initialState, { type: 'MapRejected', payload: rejection });
    expect(rejected.mapRejection).toEqual(rejection);
    expect(rejected.maps).toBeNull();
    const applied = applyEvent(rejected, { type: 'MapApplied', payload: { org: 'Acme Corp', serial: 43 } });
    expect(applied.mapRejection).toBeNull();
    expect(rejected.mapRejection).toEqual(rejection); // not mutated
  });

  it('MapApplied with no rejection on screen returns the same state object', () => {
    const before = applyStatus(initialState, status());
    expect(applyEvent(before, { type: 'MapApplied', payload: { org: 'Acme Corp', serial: 43 } })).toBe(before);
  });

  it('applyMaps takes the report, ends its own busy flag and clears its own error', () => {
    const report = mapStatus();
    const busy = { ...initialState, loadingMaps: true, checkingMaps: true };
    const read = applyMaps(applyFailure(busy, 'maps', { code: 'database', message: 'locked' }), report, 'maps');
    expect(read.maps).toBe(report);
    expect(read.loadingMaps).toBe(false);
    expect(read.checkingMaps).toBe(true);
    expect(read.error).toBeNull();
    expect(read.mapsCheckedAt).toBeNull();

    const newer = mapStatus({ map: mapInForce({ serial: 43 }) });
    const checked = applyMaps(read, newer, 'check_maps', { checkedAt: '2025-06-01T12:00:00.000Z' });
    expect(checked.maps).toBe(newer);
    expect(checked.checkingMaps).toBe(false);
    expect(checked.mapsCheckedAt).toBe('2025-06-01T12:00:00.000Z');
  });

  it('a stale report keeps the one on screen but still ends the busy flag', () => {
    const onScreen = applyMaps({ ...initialState, checkingMaps: true }, mapStatus(), 'maps');
    const after = applyMaps(onScreen, mapStatus({ map: null }), 'check_maps', { stale: true, checkedAt: 'x' });
    expect(after.maps).toBe(onScreen.maps);
    expect(after.checkingMaps).toBe(false);
  });

  it('a failed check ends "checking" and records the operation', () => {
    const after = applyFailure({ ...initialState, checkingMaps: true }, 'check_maps', {
      code: 'map_invalid',
      message: 'policy invalid',
    });
    expect(after.checkingMaps).toBe(false);
    expect(after.error).toEqual({ op: 'check_maps', code: 'map_invalid', message: 'policy invalid' });
  });
});

describe('calls and the readback test in the state', () => {
  it('call events add and update calls; CallEnded moves the test flow to the question', () => {
    const view = testCallView();
    let state = { ...applyStatus(initialState, status()), test: testStarted(openTestFlow(closedTest), view, []) };
    state = applyEvent(state, { type: 'CallRinging', payload: callView({ call_id: 'n1', state: 'ringing' }) });
    state = applyEvent(state, { type: 'CallEstablished', payload: callView({ call_id: 'n1', state: 'established' }) });
    expect(state.calls.map((c) => [c.call_id, c.state])).toEqual([['n1', 'established']]);
    state = applyEvent(state, { type: 'CallEnded', payload: { ...view.call, state: 'ended', end_reason: 'hung_up' } });
    expect(state.test.step).toBe('answer');
    expect(state.calls.map((c) => c.call_id)).toEqual(['n1', 'test-1']);
  });

  it('the status report brings the plan and the suggestion', () => {
    const after = applyStatus(initialState, status({ test_suggestion: suggestion() }));
    expect(after.plan?.caller_id).toBe('6145550100');
    expect(after.testSuggestion?.reason).toBe('location_changed');
  });

  it('TestCallSuggested sets the suggestion; TestCallResult clears it, drops the call and records the outcome', () => {
    const view = testCallView();
    let state = applyEvent(initialState, { type: 'TestCallSuggested', payload: suggestion() });
    expect(state.testSuggestion?.message).toContain('933');
    state = { ...state, calls: [view.call], test: testStarted(openTestFlow(closedTest), view, [view.call]) };
    state = applyEvent(state, { type: 'CallEnded', payload: { ...view.call, state: 'ended' } });
    state = applyEvent(state, { type: 'TestCallResult', payload: testCallResult({ outcome: 'inaudible' }) });
    expect(state.testSuggestion).toBeNull();
    expect(state.calls).toEqual([]);
    expect(state.test.step).toBe('done');
    expect(state.test.result?.outcome).toBe('inaudible');
  });

  it('TestCallRequested opens the dialog; EmergencyCallStarted fills in a call', () => {
    const opened = applyEvent(initialState, { type: 'TestCallRequested' });
    expect(opened.test).toMatchObject({ open: true, step: 'intro' });
    expect(applyEvent(opened, { type: 'TestCallRequested' })).toBe(opened);
    const withCall = { ...initialState, calls: [callView({ call_id: 'e', kind: 'emergency', emergency: null })] };
    const ref = { call_id: 'e', callback_did: '6145550100', location_text: null };
    expect(applyEvent(withCall, { type: 'EmergencyCallStarted', payload: ref }).calls[0]!.emergency).toEqual(ref);
    expect(applyEvent(initialState, { type: 'EmergencyCallStarted', payload: ref })).toBe(initialState);
  });
});
