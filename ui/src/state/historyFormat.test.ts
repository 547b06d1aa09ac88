import { describe, expect, it } from 'vitest';
import { callRecord } from '../test/fixtures';
import {
  directionIcon,
  directionLabel,
  durationSeconds,
  emergencyDetails,
  formatDuration,
  historyBadges,
  historyCallLabel,
  historyDirection,
  historyDuration,
  historyEndReason,
  historyRemote,
  isoDuration,
} from './historyFormat';

describe('historyFormat', () => {
  it('tells outgoing, incoming and missed (incoming, never answered) calls apart', () => {
    expect(historyDirection(callRecord())).toBe('outgoing');
    expect(historyDirection(callRecord({ answered_at: null }))).toBe('outgoing');
    expect(historyDirection(callRecord({ kind: 'incoming' }))).toBe('incoming');
    expect(historyDirection(callRecord({ kind: 'incoming', answered_at: null }))).toBe('missed');
    expect(['outgoing', 'incoming', 'missed'].map((d) => directionLabel(d as 'missed'))).toEqual([
      'Outgoing',
      'Incoming',
      'Missed',
    ]);
    expect(directionIcon('missed')).not.toBe(directionIcon('incoming'));
  });

  it('measures the duration from the answer to the end, and shows "—" for a call never answered', () => {
    expect(durationSeconds(callRecord())).toBe(125);
    expect(historyDuration(callRecord())).toBe('2 min 5 s');
    expect(historyDuration(callRecord({ answered_at: null }))).toBe('—');
    expect(durationSeconds(callRecord({ answered_at: 'garbage' }))).toBeNull();
    // A clock that stepped back never gives a negative duration.
    expect(durationSeconds(callRecord({ ended_at: '2025-03-10T14:00:00Z' }))).toBe(0);
  });

  it('formats durations in words people read at a glance', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3725)).toBe('1 h 2 min');
    expect(isoDuration(125)).toBe('PT125S');
    expect(isoDuration(null)).toBeNull();
  });

  it('says why a call ended, from the side of the person it was for', () => {
    expect(historyEndReason(callRecord())).toBe('You hung up');
    expect(historyEndReason(callRecord({ end_reason: 'busy' }))).toBe('The line is busy');
    expect(historyEndReason(callRecord({ end_reason: 'remote_hung_up' }))).toBe('The other side hung up');
    expect(historyEndReason(callRecord({ kind: 'incoming', end_reason: 'remote_hung_up' }))).toBe('The caller hung up');
    expect(historyEndReason(callRecord({ kind: 'incoming', end_reason: 'cancelled' }))).toBe(
      'The caller hung up before it was answered',
    );
    expect(historyEndReason(callRecord({ kind: 'incoming', end_reason: 'declined' }))).toBe('You declined');
    expect(historyEndReason(callRecord({ end_reason: 'ended' }))).toBe('Ended');
    expect(historyEndReason(callRecord({ end_reason: 'transport_lost' }))).toBe('Transport lost');
    expect(historyEndReason(callRecord({ end_reason: '' }))).toBe('Ended');
  });

  it('badges emergency calls, test calls and possible 911 callbacks', () => {
    expect(historyBadges(callRecord())).toEqual([]);
    expect(historyBadges(callRecord({ kind: 'emergency' })).map((b) => b.text)).toEqual(['Emergency']);
    expect(historyBadges(callRecord({ kind: 'emergency_test' })).map((b) => b.text)).toEqual(['Test call']);
    expect(
      historyBadges(callRecord({ kind: 'incoming', possible_emergency_callback: true })).map((b) => b.text),
    ).toEqual(['Possible 911 callback']);
  });

  it('gives the callback number and location sent for emergency and test calls only', () => {
    expect(emergencyDetails(callRecord({ kind: 'emergency' }))).toBe(
      'Callback number: 614-555-0100 · Location sent: 200 N Main St, Floor 3, Springfield, IL 62701',
    );
    expect(emergencyDetails(callRecord({ kind: 'emergency_test', callback_did: null, location_sent: null }))).toBe(
      'Callback number: unknown · Location sent: none',
    );
    expect(emergencyDetails(callRecord())).toBeNull();
  });

  it('names the other side and labels the Call button, saying when it dials 911', () => {
    expect(historyRemote(callRecord({ remote_name: 'Alice Smith' }))).toBe('Alice Smith (312-555-0199)');
    expect(historyCallLabel(callRecord())).toEqual({ text: 'Call', name: 'Call 312-555-0199' });
    expect(historyCallLabel(callRecord({ kind: 'emergency' }))).toEqual({
      text: 'Call 911 (emergency)',
      name: 'Call 911 (emergency)',
    });
    expect(historyCallLabel(callRecord({ kind: 'emergency_test' })).text).toBe('Call 933 (emergency test)');
  });
});
