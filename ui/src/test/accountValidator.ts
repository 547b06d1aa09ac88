// A small stand-in for the shell's account checks (locus_sip's `Account::validate`), for tests that need field
// problems to come and go as the user types. Same field names and the same kind of messages.

import type { AccountSettings, FieldError } from '../platform/bindings';

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const HOST_PORT = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/;
const FULL_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export function fakeValidateAccount(settings: AccountSettings): FieldError[] {
  const errors: FieldError[] = [];
  const problem = (field: string, message: string) => errors.push({ field, message });
  if (!/^[A-Za-z0-9._-]+$/.test(settings.id)) {
    problem('id', `"${settings.id}" is not a valid id (letters, digits, '-', '_' or '.')`);
  }
  if (settings.user === '' || /[\s@:;]/.test(settings.user)) {
    problem('user', `"${settings.user}" is not a SIP user name (no spaces, '@', ':' or ';')`);
  }
  if (!HOST.test(settings.domain)) problem('domain', `"${settings.domain}" is not a host name or IP address`);
  if (!['udp', 'tcp', 'tls'].includes(settings.transport)) {
    problem('transport', `"${settings.transport}" is not a transport; choose udp, tcp or tls`);
  }
  if (settings.registrar !== '' && !HOST_PORT.test(settings.registrar)) {
    problem('registrar', `"${settings.registrar}" is not host or host:port`);
  }
  if (settings.outbound_proxy !== '' && !HOST_PORT.test(settings.outbound_proxy)) {
    problem('outbound_proxy', `"${settings.outbound_proxy}" is not host or host:port`);
  }
  if (/\s/.test(settings.auth_user)) problem('auth_user', 'the authentication user cannot contain spaces');
  if (settings.caller_id !== '' && !/^\+?\d+$/.test(settings.caller_id)) {
    problem('caller_id', `"${settings.caller_id}" is not a phone number (digits, optional leading +)`);
  }
  // Checked whatever the transport, as the shell does; a full path starts with `/` (`C:\` or `\\server` on Windows).
  if (settings.tls_ca_file !== '' && !FULL_PATH.test(settings.tls_ca_file)) {
    problem('tls_ca_file', `"${settings.tls_ca_file}" is not a full path to a PEM file`);
  }
  if (settings.register_interval < 60 || settings.register_interval > 86_400) {
    problem('register_interval', `${settings.register_interval} s is out of range (60 to 86,400 s)`);
  }
  return errors;
}
