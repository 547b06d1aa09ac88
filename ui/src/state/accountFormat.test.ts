// Tests for the Accounts page wording: status pills, "Test connection" results and where a failure is shown.

import { describe, expect, it } from 'vitest';
import { accountView, connectionTest } from '../test/fixtures';
import {
  CA_FILE_UNUSABLE_TEXT,
  TLS_REFUSED_TEXT,
  TYPE_PASSWORD_TO_TEST,
  UNREACHABLE_TEXT,
  WRONG_PASSWORD_TEXT,
  connectionTestText,
  errorsByField,
  mentionsPassword,
  placeFailure,
  problemsFromMessage,
  registrationChanges,
  registrationText,
  registrationTone,
  testFailureFields,
} from './accountFormat';

const INVALID = 'the configuration file /home/ana/.config/locus/accounts.json is invalid: ';

describe('registrationText', () => {
  it('words each state', () => {
    expect(registrationText({ state: 'registered', code: null, message: null })).toBe('Registered');
    expect(registrationText({ state: 'registering', code: null, message: null })).toBe('Registering…');
    expect(registrationText({ state: 'not_started', code: null, message: null })).toBe('Not started');
    expect(registrationText({ state: 'failed', code: 'wrong_password', message: '403 Forbidden' })).toBe(
      'Not registered: 403 Forbidden',
    );
    expect(registrationText({ state: 'failed', code: 'unreachable', message: null })).toBe(
      'Not registered: unreachable',
    );
    expect(registrationText({ state: 'paused', code: null, message: null })).toBe('paused');
  });

  it('colours each state', () => {
    expect(['registered', 'registering', 'failed', 'not_started'].map(registrationTone)).toEqual([
      'green',
      'amber',
      'red',
      'unknown',
    ]);
  });
});

describe('connectionTestText', () => {
  it('a success says where and how fast', () => {
    expect(connectionTestText(connectionTest())).toEqual({
      ok: true,
      headline: 'Connected to sip:sip.example.com:5061;transport=tls in 84 ms',
      detail: null,
    });
  });

  it('a wrong password or an unreachable registrar is worded, with the shell message as detail', () => {
    const refused = connectionTest({ ok: false, code: 'wrong_password', message: '403 Forbidden', took_ms: 0 });
    expect(connectionTestText(refused)).toEqual({ ok: false, headline: WRONG_PASSWORD_TEXT, detail: '403 Forbidden' });
    const silent = connectionTest({ ok: false, code: 'unreachable', message: 'no answer in 8 s', took_ms: 0 });
    expect(connectionTestText(silent)).toEqual({ ok: false, headline: UNREACHABLE_TEXT, detail: 'no answer in 8 s' });
  });

  it('a refused server certificate or an unusable CA file is worded, with the shell message as detail', () => {
    const unknownCa = 'its certificate is not signed by a CA this computer trusts (IT can add the CA file)';
    const refused = connectionTest({ ok: false, code: 'tls', message: unknownCa, took_ms: 0 });
    expect(connectionTestText(refused)).toEqual({ ok: false, headline: TLS_REFUSED_TEXT, detail: unknownCa });
    const empty = "the account's CA file /x/ca.pem holds no certificate";
    const caFile = connectionTest({ ok: false, code: 'tls_ca_file', message: empty, took_ms: 0 });
    expect(connectionTestText(caFile)).toEqual({ ok: false, headline: CA_FILE_UNUSABLE_TEXT, detail: empty });
  });

  it('another failure is the shell message', () => {
    const other = connectionTest({ ok: false, code: 'rejected', message: '488 Not Acceptable Here' });
    expect(connectionTestText(other)).toEqual({ ok: false, headline: '488 Not Acceptable Here', detail: null });
    const bare = connectionTest({ ok: false, code: 'transport', message: null });
    expect(connectionTestText(bare).headline).toBe(
      'The registrar at sip:sip.example.com:5061;transport=tls did not accept the settings.',
    );
  });
});

describe('testFailureFields', () => {
  it('puts an unusable CA file under its field', () => {
    const unreadable = "the account's CA file /x/ca.pem cannot be read: permission denied";
    expect(testFailureFields(connectionTest({ ok: false, code: 'tls_ca_file', message: unreadable }))).toEqual({
      tls_ca_file: unreadable,
    });
    expect(testFailureFields(connectionTest({ ok: false, code: 'tls_ca_file', message: null }))).toEqual({
      tls_ca_file: CA_FILE_UNUSABLE_TEXT,
    });
  });

  it('leaves a success and every other failure to the test result', () => {
    expect(testFailureFields(connectionTest())).toEqual({});
    expect(testFailureFields(connectionTest({ ok: false, code: 'tls', message: 'certificate refused' }))).toEqual({});
    expect(testFailureFields(connectionTest({ ok: false, code: 'wrong_password', message: '403' }))).toEqual({});
  });
});

describe('field problems', () => {
  it('errorsByField keeps the first message for each field', () => {
    expect(
      errorsByField([
        { field: 'user', message: 'first' },
        { field: 'user', message: 'second' },
        { field: 'domain', message: 'bad' },
      ]),
    ).toEqual({ user: 'first', domain: 'bad' });
  });

  it('problemsFromMessage reads the fields of a config_invalid message', () => {
    expect(problemsFromMessage(`${INVALID}user: "a b" is not a SIP user name; password: enter the password`)).toEqual([
      { field: 'user', message: '"a b" is not a SIP user name' },
      { field: 'password', message: 'enter the password' },
    ]);
    expect(problemsFromMessage('disk full')).toEqual([]);
    expect(mentionsPassword('enter the Password')).toBe(true);
  });
});

describe('placeFailure', () => {
  const save = { test: false, passwordTyped: false };

  it('puts listed problems under their fields', () => {
    const error = { code: 'config_invalid' as const, message: `${INVALID}password: enter the account's password` };
    expect(placeFailure(error, save)).toEqual({
      fields: { password: "enter the account's password" },
      general: false,
    });
  });

  it('puts a CA file that is not a full path under its field', () => {
    const error = { code: 'config_invalid' as const, message: `${INVALID}tls_ca_file: "ca.pem" is not a full path` };
    expect(placeFailure(error, save)).toEqual({
      fields: { tls_ca_file: '"ca.pem" is not a full path' },
      general: false,
    });
  });

  it('shows a problem with an unknown field for the whole form too', () => {
    const error = { code: 'config_invalid' as const, message: `${INVALID}user: bad; accounts[2].id: duplicate` };
    expect(placeFailure(error, save)).toEqual({ fields: { user: 'bad' }, general: true });
  });

  it('puts any other message about the password under the password field', () => {
    const error = { code: 'storage' as const, message: 'could not store the password in the keychain' };
    expect(placeFailure(error, save)).toEqual({ fields: { password: error.message }, general: false });
  });

  it('asks for a password when a test found none', () => {
    const error = { code: 'storage' as const, message: 'no entry in the keychain' };
    expect(placeFailure(error, { test: true, passwordTyped: false }).fields.password).toBe(
      `${TYPE_PASSWORD_TO_TEST} (no entry in the keychain)`,
    );
    expect(placeFailure(error, { test: true, passwordTyped: true })).toEqual({ fields: {}, general: true });
  });

  it('leaves everything else for the form', () => {
    expect(placeFailure({ code: 'internal', message: 'boom' }, save)).toEqual({ fields: {}, general: true });
  });
});

describe('registrationChanges', () => {
  it('names the accounts whose state changed', () => {
    const before = [accountView(), accountView({ id: 'home' })];
    const after = [
      accountView({}, { registration: { state: 'failed', code: 'unreachable', message: 'no answer' } }),
      accountView({ id: 'home' }),
      accountView({ id: 'new' }),
    ];
    expect(registrationChanges(before, after)).toBe('work: Not registered: no answer');
    expect(registrationChanges(null, after)).toBe('');
    expect(registrationChanges(after, after)).toBe('');
  });
});
