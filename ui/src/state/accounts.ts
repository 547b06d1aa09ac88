// The SIP accounts list and the Accounts form's values as plain data, with pure functions over them: registration
// events applied to the list, and the form's text turned into `AccountSettings`.

import type { AccountSettings, AccountView, Event, RegistrationStatus } from '../platform/bindings';

export const DEFAULT_REGISTER_INTERVAL = 600;
export const MIN_REGISTER_INTERVAL = 60;
export const MAX_REGISTER_INTERVAL = 86_400;

export const TRANSPORTS = ['udp', 'tcp', 'tls'] as const;

/** The settings' fields, in form order; `validate_account` names problems by these. */
export const ACCOUNT_FIELDS = [
  'id',
  'display_name',
  'user',
  'domain',
  'registrar',
  'transport',
  'caller_id',
  'tls_ca_file',
  'outbound_proxy',
  'auth_user',
  'register_interval',
] as const;

export type AccountField = (typeof ACCOUNT_FIELDS)[number];

/** Fields shown under "Advanced". */
export const ADVANCED_FIELDS: readonly string[] = ['tls_ca_file', 'outbound_proxy', 'auth_user', 'register_interval'];

/** True when `transport` uses TLS, the only transport the CA file (`tls_ca_file`) matters for. */
export function usesTls(transport: string): boolean {
  return transport === 'tls';
}

/** What the form holds: the settings as typed (the interval is text until it is sent). */
export type AccountDraft = Omit<AccountSettings, 'register_interval'> & { register_interval: string };

export const INTERVAL_NOT_A_NUMBER = 'Enter a whole number of seconds, from 60 to 86,400.';

export function emptyDraft(): AccountDraft {
  return {
    id: '',
    display_name: '',
    user: '',
    domain: '',
    registrar: '',
    transport: 'udp',
    outbound_proxy: '',
    auth_user: '',
    caller_id: '',
    register_interval: String(DEFAULT_REGISTER_INTERVAL),
    tls_ca_file: '',
  };
}

export function draftFrom(settings: AccountSettings): AccountDraft {
  // `?? ''`: an account listed by an older shell has no CA file yet; the input needs a string.
  const tls_ca_file = settings.tls_ca_file ?? '';
  return { ...settings, register_interval: String(settings.register_interval), tls_ca_file };
}

/** The interval typed, as a number; null when it is not a whole number. */
export function parseInterval(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * The settings to send for `draft`. An interval that is not a number is sent as the default (so the other fields
 * can still be checked) and reported in `intervalError`, for the form to show and to block sending. The CA file is
 * sent as typed whatever the transport: the shell keeps it for when the account is back on TLS.
 */
export function settingsFrom(draft: AccountDraft): { settings: AccountSettings; intervalError: string | null } {
  const interval = parseInterval(draft.register_interval);
  return {
    settings: { ...draft, register_interval: interval ?? DEFAULT_REGISTER_INTERVAL },
    intervalError: interval === null ? INTERVAL_NOT_A_NUMBER : null,
  };
}

/** The account and registration state a registration event reports; null for any other event. */
export function registrationFromEvent(event: Event): { accountId: string; status: RegistrationStatus } | null {
  switch (event.type) {
    case 'Registering':
      return { accountId: event.payload.account_id, status: { state: 'registering', code: null, message: null } };
    case 'RegisterOk':
      return { accountId: event.payload.account_id, status: { state: 'registered', code: null, message: null } };
    case 'RegisterFailed': {
      const { account_id, code, message } = event.payload;
      return { accountId: account_id, status: { state: 'failed', code, message } };
    }
    default:
      return null;
  }
}

/** `accounts` with a registration event applied; the same array when the event changes nothing. */
export function applyRegistration(accounts: AccountView[], event: Event): AccountView[] {
  const reported = registrationFromEvent(event);
  if (reported === null || !accounts.some((a) => a.settings.id === reported.accountId)) return accounts;
  return accounts.map((a) => (a.settings.id === reported.accountId ? { ...a, registration: reported.status } : a));
}

/** `accounts` with `view` in place of the account with its id, or added at the end. */
export function upsertAccount(accounts: AccountView[], view: AccountView): AccountView[] {
  const id = view.settings.id;
  if (!accounts.some((a) => a.settings.id === id)) return [...accounts, view];
  return accounts.map((a) => (a.settings.id === id ? view : a));
}

export function withoutAccount(accounts: AccountView[], accountId: string): AccountView[] {
  if (!accounts.some((a) => a.settings.id === accountId)) return accounts;
  return accounts.filter((a) => a.settings.id !== accountId);
}
