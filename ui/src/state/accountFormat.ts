// Pure wording for the Accounts page: registration states, connection test results, and the field problems
// in a failed save's message.

import type { AccountView, ConnectionTest, FieldError, IpcError, RegistrationStatus } from '../platform/bindings';
import { ACCOUNT_FIELDS } from './accounts';

export const NO_ACCOUNTS_TEXT = 'No calling account yet. Add one to make calls — and 911 calls — from Locus.';
export const WRONG_PASSWORD_TEXT = 'The registrar refused the user name or password.';
export const UNREACHABLE_TEXT = 'No answer from the registrar — check the address, port and transport.';
export const KEEP_PASSWORD_PLACEHOLDER = 'Leave empty to keep the stored password';
export const TYPE_PASSWORD_TO_TEST = 'Type the password to test this account: none is stored for it.';
export const TLS_REFUSED_TEXT = "The server's certificate was refused.";
export const CA_FILE_UNUSABLE_TEXT = 'The CA certificate file could not be used.';

export type RegistrationTone = 'green' | 'amber' | 'red' | 'unknown';

/** The words on an account's status pill. */
export function registrationText(status: RegistrationStatus): string {
  switch (status.state) {
    case 'registered':
      return 'Registered';
    case 'registering':
      return 'Registering…';
    case 'failed':
      return `Not registered: ${status.message ?? status.code ?? 'no reason given'}`;
    case 'not_started':
      return 'Not started';
    default:
      return status.state;
  }
}

export function registrationTone(state: string): RegistrationTone {
  switch (state) {
    case 'registered':
      return 'green';
    case 'registering':
      return 'amber';
    case 'failed':
      return 'red';
    default:
      return 'unknown';
  }
}

export interface TestOutcome {
  ok: boolean;
  /** What happened, in words. */
  headline: string;
  /** The shell's own message, when there is one and the headline is not already it. */
  detail: string | null;
}

/** What a "Test connection" answer says to people. */
export function connectionTestText(test: ConnectionTest): TestOutcome {
  const detail = test.message !== null && test.message.trim() !== '' ? test.message : null;
  if (test.ok) {
    return { ok: true, headline: `Connected to ${test.registrar} in ${test.took_ms} ms`, detail };
  }
  switch (test.code) {
    case 'wrong_password':
      return { ok: false, headline: WRONG_PASSWORD_TEXT, detail };
    case 'unreachable':
      return { ok: false, headline: UNREACHABLE_TEXT, detail };
    // The shell's message says why (an unknown CA, or a certificate for another name) and what IT can do.
    case 'tls':
      return { ok: false, headline: TLS_REFUSED_TEXT, detail };
    case 'tls_ca_file':
      return { ok: false, headline: CA_FILE_UNUSABLE_TEXT, detail };
    default:
      return {
        ok: false,
        headline: detail ?? `The registrar at ${test.registrar} did not accept the settings.`,
        detail: null,
      };
  }
}

/** The first problem with each field. */
export function errorsByField(errors: readonly FieldError[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { field, message } of errors) byField[field] ??= message;
  return byField;
}

/**
 * The field problems in a `config_invalid` message ("the configuration file … is invalid: user: …; password: …").
 * Empty when the message lists none.
 */
export function problemsFromMessage(message: string): FieldError[] {
  const marker = ' is invalid: ';
  const at = message.indexOf(marker);
  if (at < 0) return [];
  const problems: FieldError[] = [];
  for (const part of message.slice(at + marker.length).split('; ')) {
    const match = /^([A-Za-z_][\w.[\]]*): ([\s\S]+)$/.exec(part.trim());
    if (match) problems.push({ field: match[1]!, message: match[2]! });
  }
  return problems;
}

/** True when a failed save or test is about the password (it is then shown under the password field). */
export function mentionsPassword(message: string): boolean {
  return /password/i.test(message);
}

/** Where a failed save or test goes: under fields (by name, `password` too), and whether also above the buttons. */
export interface PlacedFailure {
  fields: Record<string, string>;
  /** True when some of it belongs to no field: the whole error is shown for the form. */
  general: boolean;
}

const FORM_FIELDS: readonly string[] = [...ACCOUNT_FIELDS, 'password'];

/**
 * Places a failed save (or test) of the account form: the field problems a `config_invalid` message lists go under
 * their fields (a CA file that is not a full path under `tls_ca_file`); a message about the password goes under the
 * password field; a test that found no password anywhere (`storage`, nothing typed) asks for one there. Everything
 * else is for the whole form. (A test that ran but failed is an answer, not an error: see `testFailureFields`.)
 */
export function placeFailure(error: IpcError, context: { test: boolean; passwordTyped: boolean }): PlacedFailure {
  const fields: Record<string, string> = {};
  let general = false;
  if (error.code === 'config_invalid') {
    for (const problem of problemsFromMessage(error.message)) {
      if (FORM_FIELDS.includes(problem.field)) fields[problem.field] ??= problem.message;
      else general = true;
    }
  }
  if (Object.keys(fields).length === 0) {
    if (context.test && error.code === 'storage' && !context.passwordTyped) {
      fields.password = `${TYPE_PASSWORD_TO_TEST} (${error.message})`;
    } else if (mentionsPassword(error.message)) {
      fields.password = error.message;
    } else {
      general = true;
    }
  }
  return { fields, general };
}

/**
 * The fields a failed "Test connection" answer is about, with what to show under each: the CA file when it could
 * not be read or held no certificate (`tls_ca_file`). Empty for a success or any other failure, which the test
 * result alone shows.
 */
export function testFailureFields(test: ConnectionTest): Record<string, string> {
  if (test.ok || test.code !== 'tls_ca_file') return {};
  return { tls_ca_file: test.message ?? CA_FILE_UNUSABLE_TEXT };
}

/** What to announce when registration states change between two lists ("work: Registered"); empty for none. */
export function registrationChanges(before: AccountView[] | null, after: AccountView[] | null): string {
  if (before === null || after === null) return '';
  const changes: string[] = [];
  for (const account of after) {
    const old = before.find((a) => a.settings.id === account.settings.id);
    if (old === undefined) continue;
    const was = registrationText(old.registration);
    const now = registrationText(account.registration);
    if (was !== now) changes.push(`${account.settings.id}: ${now}`);
  }
  return changes.join('. ');
}
