// Wording for calls, the emergency in-call summary and the readback test, kept pure so it can be tested.

import type {
  CallKind,
  CallView,
  ConveyedBy,
  EmergencyCallRef,
  LintFinding,
  NumberCheck,
} from '../platform/bindings';

/** Said on an emergency screen whenever Locus may not get the call through. */
export const OTHER_PHONE = 'Use another phone for 911.';

/** Said when an emergency call went out without a location. */
export const NO_LOCATION_SENT = 'No location was sent — tell the dispatcher your address';

/** `6145550100` → `614-555-0100` (NPA-NXX-XXXX); anything that is not exactly 10 digits stays as it is. */
export function spokenNumber(number: string): string {
  return /^\d{10}$/.test(number) ? `${number.slice(0, 3)}-${number.slice(3, 6)}-${number.slice(6)}` : number;
}

/** The label on an incoming call inside the PSAP callback window after a 911 call. */
export const POSSIBLE_EMERGENCY_CALLBACK = 'Possible 911 callback';

/**
 * Who is on the other end: "Alice Smith (312-555-0199)" with a display name, else the number. A name that only
 * repeats the number is left out.
 */
export function callerText(remote: string, name: string | null | undefined): string {
  const number = spokenNumber(remote);
  const shown = name?.trim() ?? '';
  if (shown === '' || digitsOf(shown) === digitsOf(remote) || shown === remote) return number;
  return `${shown} (${number})`;
}

function digitsOf(text: string): string {
  return /[a-z@]/i.test(text) ? text : text.replace(/\D/g, '');
}

/**
 * What a call is, as a heading: "Emergency call — 911", "Emergency test call — 933", "Call to 312-555-0199",
 * "Call from 312-555-0199" (or, with the caller's display name, "Call from Alice Smith (312-555-0199)").
 */
export function callTitle(kind: CallKind, remote: string, remoteName: string | null = null): string {
  switch (kind) {
    case 'emergency':
      return `Emergency call — ${remote}`;
    case 'emergency_test':
      return `Emergency test call — ${remote}`;
    case 'normal':
      return `Call to ${spokenNumber(remote)}`;
    case 'incoming':
      return `Call from ${callerText(remote, remoteName)}`;
  }
}

/** The dialer's label for what the typed number would dial; empty for an empty field. */
export function numberLabel(check: NumberCheck | null): string {
  if (check === null || check.target === '') return '';
  return callTitle(check.kind, check.target);
}

const END_REASONS: Record<string, string> = {
  hung_up: 'you hung up',
  remote_hung_up: 'the other side hung up',
  busy: 'the line is busy',
  declined: 'the call was declined',
  no_answer: 'no answer',
  rejected: 'the phone service rejected the call',
  cancelled: 'cancelled',
  failed: 'the call failed',
  transferred: 'transferred',
};

/** Why a call ended, in words; an unknown code is shown readable rather than hidden. */
export function endReasonText(reason: string | null): string | null {
  if (reason === null || reason === '') return null;
  return END_REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/** "Calling…", "Ringing…", "Connected", "Ended: the line is busy". */
export function callStateText(call: Pick<CallView, 'state' | 'end_reason'>): string {
  switch (call.state) {
    case 'calling':
      return 'Calling…';
    case 'ringing':
      return 'Ringing…';
    case 'established':
      return 'Connected';
    case 'on_hold':
      return 'On hold';
    case 'ended': {
      const reason = endReasonText(call.end_reason);
      return reason === null ? 'Ended' : `Ended: ${reason}`;
    }
  }
}

/**
 * The emergency in-call summary: "Location sent: … · Callback number: 614-555-0100", or, without a location,
 * "No location was sent — tell the dispatcher your address · Callback number: …".
 */
export function emergencySummary(ref: EmergencyCallRef | null): string {
  const location = ref?.location_text ? `Location sent: ${ref.location_text}` : NO_LOCATION_SENT;
  const callback = ref?.callback_did ? spokenNumber(ref.callback_did) : 'unknown';
  return `${location} · Callback number: ${callback}`;
}

/** How the location reaches the PSAP, in the words the shell uses for the readback test. */
export function conveyedByText(by: ConveyedBy | null): string | null {
  switch (by) {
    case 'by_value':
      return 'sent in the call';
    case 'carrier_record':
      return "the carrier's record for the callback number";
    default:
      return null;
  }
}

/** A caller-ID lint finding, for people. */
export function lintFindingText(finding: LintFinding): string {
  switch (finding.kind) {
    case 'no_e911_did':
      return 'This account has no E911 number.';
    case 'not_ten_digits':
      return `The caller ID ${finding.caller_id} is not a 10-digit number.`;
    case 'not_e911_active':
      return `E911 is not active on ${spokenNumber(finding.did)} (carrier status: ${finding.status}).`;
    case 'registered_address_unknown':
      return `The address your carrier holds for ${spokenNumber(finding.did)} is unknown.`;
    case 'registered_address_differs':
      return `The address your carrier holds for ${spokenNumber(finding.did)} is not where you are.`;
    case 'no_confirmed_location':
      return 'Your location is not confirmed.';
  }
}

/** The readback test's outcome in words: a heading and what to do about it. */
export function testOutcomeText(outcome: string): { title: string; advice: string; ok: boolean } {
  switch (outcome) {
    case 'matched':
      return {
        ok: true,
        title: 'Passed: the readback matched.',
        advice: '911 would get the right callback number and address.',
      };
    case 'mismatched':
      return {
        ok: false,
        title: 'The readback did not match.',
        advice:
          '911 may get the wrong callback number or address. Check your location and E911 settings, and tell your ' +
          'IT department or carrier. Until it is fixed, tell a 911 dispatcher your address.',
      };
    case 'inaudible':
      return {
        ok: false,
        title: 'The readback could not be heard.',
        advice: 'Check your speaker or headset and run the test again.',
      };
    default:
      return { ok: false, title: 'The test call failed.', advice: 'Run the test again; if it keeps failing, tell your IT department.' };
  }
}

/**
 * Whether typed text could be an emergency number (911, or 911 behind a one- or two-digit outside-line
 * prefix). Only for wording when the dial plan's own answer is not at hand; the dial plan lives in Rust.
 */
export function mayBeEmergency(text: string): boolean {
  if (/[a-z@]/i.test(text)) return false;
  return /^\d{0,2}911$/.test(text.replace(/[\s().-]/g, ''));
}

/** Ends a message with a full stop unless it already ends with punctuation. */
export function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Why the call may not be transferred, as the Transfer button's title; null when it may. The shell refuses the
 * same calls (`emergency_transfer`): the dispatcher must stay with the person who called.
 */
export function transferBlockedReason(call: Pick<CallView, 'kind' | 'possible_emergency_callback'>): string | null {
  if (call.kind === 'emergency') {
    return 'An emergency call cannot be transferred: stay on the line with the dispatcher.';
  }
  if (call.kind === 'emergency_test') return 'The emergency test call cannot be transferred.';
  if (call.possible_emergency_callback) {
    return 'This call may be the 911 dispatcher calling back, so it cannot be transferred.';
  }
  return null;
}
