import { describe, expect, it } from 'vitest';
import type { CallView } from '../platform/bindings';
import {
  NO_LOCATION_SENT,
  callStateText,
  callTitle,
  callerText,
  conveyedByText,
  emergencySummary,
  endReasonText,
  lintFindingText,
  mayBeEmergency,
  numberLabel,
  sentence,
  spokenNumber,
  testOutcomeText,
  transferBlockedReason,
} from './callFormat';

describe('callFormat', () => {
  it('spokenNumber groups exactly 10 digits as NPA-NXX-XXXX and leaves anything else alone', () => {
    expect(spokenNumber('6145550100')).toBe('614-555-0100');
    expect(spokenNumber('16145550100')).toBe('16145550100');
    expect(spokenNumber('911')).toBe('911');
    expect(spokenNumber('sip:alice@example.com')).toBe('sip:alice@example.com');
  });

  it('names the caller with the number when a display name came, unless it only repeats the number', () => {
    expect(callerText('3125550199', 'Alice Smith')).toBe('Alice Smith (312-555-0199)');
    expect(callerText('3125550199', '  ')).toBe('312-555-0199');
    expect(callerText('3125550199', null)).toBe('312-555-0199');
    expect(callerText('3125550199', '(312) 555-0199')).toBe('312-555-0199');
    expect(callerText('sip:bob@example.com', 'Bob')).toBe('Bob (sip:bob@example.com)');
    expect(callTitle('incoming', '3125550199', 'Alice Smith')).toBe('Call from Alice Smith (312-555-0199)');
    expect(callTitle('normal', '3125550199', 'Alice Smith')).toBe('Call to 312-555-0199');
  });

  it('names each kind of call', () => {
    expect(callTitle('emergency', '911')).toBe('Emergency call — 911');
    expect(callTitle('emergency_test', '933')).toBe('Emergency test call — 933');
    expect(callTitle('normal', '3125550199')).toBe('Call to 312-555-0199');
    expect(numberLabel({ kind: 'emergency', target: '911' })).toBe('Emergency call — 911');
    expect(numberLabel({ kind: 'emergency_test', target: '933' })).toBe('Emergency test call — 933');
    expect(numberLabel(null)).toBe('');
    expect(numberLabel({ kind: 'normal', target: '' })).toBe('');
  });

  it('says where a call is, and why it ended in words', () => {
    expect(callStateText({ state: 'calling', end_reason: null })).toBe('Calling…');
    expect(callStateText({ state: 'ringing', end_reason: null })).toBe('Ringing…');
    expect(callStateText({ state: 'established', end_reason: null })).toBe('Connected');
    expect(callStateText({ state: 'ended', end_reason: 'busy' })).toBe('Ended: the line is busy');
    expect(callStateText({ state: 'ended', end_reason: 'remote_hung_up' })).toBe('Ended: the other side hung up');
    expect(callStateText({ state: 'ended', end_reason: 'hung_up' })).toBe('Ended: you hung up');
    expect(callStateText({ state: 'ended', end_reason: null })).toBe('Ended');
    expect(endReasonText('media_timeout')).toBe('media timeout');
    expect(endReasonText('')).toBeNull();
  });

  it('the emergency summary names the location sent and the callback number', () => {
    const ref = { call_id: 'c', callback_did: '6145550100', location_text: '200 N Main St, Springfield, IL 62701' };
    expect(emergencySummary(ref)).toBe(
      'Location sent: 200 N Main St, Springfield, IL 62701 · Callback number: 614-555-0100',
    );
    expect(emergencySummary({ ...ref, location_text: null })).toBe(
      'No location was sent — tell the dispatcher your address · Callback number: 614-555-0100',
    );
    expect(emergencySummary(null)).toBe(`${NO_LOCATION_SENT} · Callback number: unknown`);
  });

  it('recognises what may be 911 only for wording', () => {
    for (const text of ['911', '9911', '9-911', ' 911 ', '(9) 911']) expect(mayBeEmergency(text)).toBe(true);
    for (const text of ['933', '3125550911', '911@example.com', '', '1911x']) expect(mayBeEmergency(text)).toBe(false);
  });

  it('words outcomes, lint findings and how the location is conveyed', () => {
    expect(testOutcomeText('matched')).toMatchObject({ ok: true, title: 'Passed: the readback matched.' });
    expect(testOutcomeText('mismatched')).toMatchObject({ ok: false, title: 'The readback did not match.' });
    expect(testOutcomeText('inaudible')).toMatchObject({ ok: false, title: 'The readback could not be heard.' });
    expect(testOutcomeText('failed')).toMatchObject({ ok: false, title: 'The test call failed.' });
    expect(lintFindingText({ kind: 'not_ten_digits', caller_id: '555' })).toContain('555');
    expect(lintFindingText({ kind: 'not_e911_active', did: '6145550100', status: 'pending' })).toContain(
      '614-555-0100',
    );
    expect(conveyedByText('by_value')).toBe('sent in the call');
    expect(conveyedByText('carrier_record')).toBe("the carrier's record for the callback number");
    expect(conveyedByText(null)).toBeNull();
  });

  it('sentence adds a full stop only when missing', () => {
    expect(sentence('no route')).toBe('no route.');
    expect(sentence('no route.')).toBe('no route.');
    expect(sentence(' done! ')).toBe('done!');
  });

  it('says why an emergency call, the readback test or a possible 911 callback cannot be transferred', () => {
    const call = (kind: CallView['kind'], possible_emergency_callback = false) => ({
      kind,
      possible_emergency_callback,
    });
    expect(transferBlockedReason(call('emergency'))).toContain('stay on the line with the dispatcher');
    expect(transferBlockedReason(call('emergency_test'))).toBe('The emergency test call cannot be transferred.');
    expect(transferBlockedReason(call('incoming', true))).toContain('911 dispatcher calling back');
    expect(transferBlockedReason(call('normal'))).toBeNull();
    expect(transferBlockedReason(call('incoming'))).toBeNull();
    expect(endReasonText('transferred')).toBe('transferred');
  });
});
