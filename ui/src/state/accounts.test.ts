// Tests for the accounts list helpers: registration events, upsert and removal, and the form's text as settings.

import { describe, expect, it } from 'vitest';
import type { AccountSettings } from '../platform/bindings';
import { accountSettings, accountView } from '../test/fixtures';
import {
  INTERVAL_NOT_A_NUMBER,
  applyRegistration,
  draftFrom,
  emptyDraft,
  parseInterval,
  registrationFromEvent,
  settingsFrom,
  upsertAccount,
  usesTls,
  withoutAccount,
} from './accounts';

const home = () => accountView({ id: 'home' }, { registration: { state: 'not_started', code: null, message: null } });

describe('registration events', () => {
  it('say which account and what state', () => {
    expect(registrationFromEvent({ type: 'Registering', payload: { account_id: 'work' } })).toEqual({
      accountId: 'work',
      status: { state: 'registering', code: null, message: null },
    });
    expect(registrationFromEvent({ type: 'RegisterOk', payload: { account_id: 'work' } })?.status.state).toBe(
      'registered',
    );
    expect(
      registrationFromEvent({
        type: 'RegisterFailed',
        payload: { account_id: 'home', code: 'wrong_password', message: '403 Forbidden' },
      }),
    ).toEqual({ accountId: 'home', status: { state: 'failed', code: 'wrong_password', message: '403 Forbidden' } });
    expect(registrationFromEvent({ type: 'TestCallRequested' })).toBeNull();
  });

  it('change only the account they name', () => {
    const before = [accountView(), home()];
    const after = applyRegistration(before, {
      type: 'RegisterFailed',
      payload: { account_id: 'home', code: 'unreachable', message: 'no answer' },
    });
    expect(after[0]).toBe(before[0]);
    expect(after[1]!.registration).toEqual({ state: 'failed', code: 'unreachable', message: 'no answer' });
    expect(before[1]!.registration.state).toBe('not_started'); // not mutated
  });

  it('leave the list as it is for an unknown account or another event', () => {
    const before = [accountView()];
    expect(applyRegistration(before, { type: 'RegisterOk', payload: { account_id: 'gone' } })).toBe(before);
    expect(applyRegistration(before, { type: 'TestCallRequested' })).toBe(before);
  });
});

describe('upsert and removal', () => {
  it('replace an account in place or add it at the end', () => {
    const list = [accountView(), home()];
    const edited = accountView({ display_name: 'Ana L.' });
    expect(upsertAccount(list, edited).map((a) => a.settings.display_name)).toEqual(['Ana L.', 'Ana Lima']);
    expect(upsertAccount(list, accountView({ id: 'new' })).map((a) => a.settings.id)).toEqual(['work', 'home', 'new']);
  });

  it('remove by id, keeping the same list when there is none', () => {
    const list = [accountView(), home()];
    expect(withoutAccount(list, 'work').map((a) => a.settings.id)).toEqual(['home']);
    expect(withoutAccount(list, 'nope')).toBe(list);
  });
});

describe('the form as settings', () => {
  it('starts empty on UDP with the default interval', () => {
    expect(emptyDraft()).toMatchObject({ id: '', transport: 'udp', register_interval: '600', tls_ca_file: '' });
  });

  it('round-trips settings', () => {
    const settings = accountSettings({ register_interval: 3600, tls_ca_file: '/etc/ssl/company-ca.pem' });
    expect(draftFrom(settings).register_interval).toBe('3600');
    expect(draftFrom(settings).tls_ca_file).toBe('/etc/ssl/company-ca.pem');
    expect(settingsFrom(draftFrom(settings))).toEqual({ settings, intervalError: null });
  });

  it('reads an account listed without a CA file as having none', () => {
    const { tls_ca_file: _none, ...older } = accountSettings();
    expect(draftFrom(older as AccountSettings).tls_ca_file).toBe('');
  });

  it('sends the CA file as typed, whatever the transport', () => {
    const draft = { ...emptyDraft(), transport: 'udp', tls_ca_file: '/etc/ssl/company-ca.pem' };
    expect(settingsFrom(draft).settings.tls_ca_file).toBe('/etc/ssl/company-ca.pem');
  });

  it('knows which transport uses TLS', () => {
    expect(['udp', 'tcp', 'tls'].map(usesTls)).toEqual([false, false, true]);
  });

  it('parses the interval as a whole number only', () => {
    expect(parseInterval(' 120 ')).toBe(120);
    expect(parseInterval('')).toBeNull();
    expect(parseInterval('1.5')).toBeNull();
    expect(parseInterval('-60')).toBeNull();
  });

  it('sends the default for an interval that is not a number, and says so', () => {
    const { settings, intervalError } = settingsFrom({ ...emptyDraft(), register_interval: 'soon' });
    expect(settings.register_interval).toBe(600);
    expect(intervalError).toBe(INTERVAL_NOT_A_NUMBER);
  });
});
