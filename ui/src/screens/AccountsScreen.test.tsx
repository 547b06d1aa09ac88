// Tests for the Accounts page, through the whole app on the fake platform: the list with live registration
// states, the add/edit form with the shell's field checks, "Test connection", Save and Remove.

import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import type { ConnectionTest } from '../platform/bindings';
import { CA_FILE_UNUSABLE_TEXT, TLS_REFUSED_TEXT, UNREACHABLE_TEXT, WRONG_PASSWORD_TEXT } from '../state/accountFormat';
import { accountsInvalid, createFakePlatform, type FakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { accountSettings, accountView, connectionTest } from '../test/fixtures';

async function openAccounts(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  fireEvent.click(screen.getByTestId('nav-accounts'));
  await waitFor(() => expect(screen.queryByTestId('accounts-loading')).toBeNull());
  return platform;
}

function form(): HTMLFormElement {
  return screen.getByTestId('account-form') as HTMLFormElement;
}

function input(name: string): HTMLInputElement {
  return form().querySelector<HTMLInputElement>(`[name="${name}"]`)!;
}

function type(name: string, value: string) {
  fireEvent.input(input(name), { target: { value } });
}

function leave(name: string) {
  fireEvent.blur(input(name));
}

function chooseTransport(transport: string) {
  fireEvent.change(input('transport'), { target: { value: transport } });
}

/** The CA file input; null while it is not shown. */
function caFileInput(): HTMLInputElement | null {
  return form().querySelector<HTMLInputElement>('[name="tls_ca_file"]');
}

function button(testId: string): HTMLButtonElement {
  return screen.getByTestId(testId) as HTMLButtonElement;
}

function pill(id: string): HTMLElement {
  return screen.getByTestId(`account-status-${id}`);
}

/** Opens "Add account" and fills in a valid `home` account (password typed). */
function fillNewAccount(password = 'secret') {
  fireEvent.click(button('account-add'));
  type('id', 'home');
  type('display_name', 'Ana at home');
  type('user', 'ana.home');
  type('domain', 'pbx.example.net');
  type('password', password);
}

/** Waits for the shell's field checks (a few promise hops) and the re-render that follows. */
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

describe('Accounts page: the list', () => {
  it('is the last tab; opening it reads the accounts once', async () => {
    const platform = await openAccounts();
    const tabs = within(screen.getByRole('navigation', { name: 'Pages' })).getAllByRole('button');
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Status',
      'History',
      'Locations',
      'Organization',
      'E911',
      'Accounts',
    ]);
    expect(screen.getByTestId('nav-accounts').getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Accounts');
    expect(screen.getByTestId('accounts-screen')).toBeTruthy();
    expect(platform.listAccounts).toHaveBeenCalledOnce();
  });

  it('shows each account with its registration state', async () => {
    const registration = (state: string, code: string | null = null, message: string | null = null) => ({
      registration: { state, code, message },
    });
    await openAccounts({
      accounts: [
        accountView(),
        accountView({ id: 'home', user: 'ana.home' }, registration('registering')),
        accountView({ id: 'fax' }, registration('failed', 'wrong_password', '403 Forbidden')),
        accountView({ id: 'spare' }, { has_password: false, ...registration('not_started') }),
      ],
    });
    expect(pill('work').textContent).toBe('Registered');
    expect(pill('work').getAttribute('data-state')).toBe('registered');
    expect(pill('home').textContent).toBe('Registering…');
    expect(pill('home').getAttribute('data-state')).toBe('registering');
    expect(pill('fax').textContent).toBe('Not registered: 403 Forbidden');
    expect(pill('fax').getAttribute('data-state')).toBe('failed');
    expect(pill('spare').textContent).toBe('Not started');
    expect(pill('spare').getAttribute('data-state')).toBe('not_started');

    const work = screen.getByTestId('account-work');
    expect(work.textContent).toContain('ana@sip.example.com');
    expect(work.textContent).toContain('Ana Lima');
    expect(within(work).getByRole('button', { name: 'Edit account work' })).toBeTruthy();
    expect(within(work).getByRole('button', { name: 'Remove account work' })).toBeTruthy();
    expect(screen.getByTestId('account-no-password-spare').textContent).toBe('No password stored');
    expect(screen.queryByTestId('account-no-password-work')).toBeNull();
    expect(screen.queryByTestId('accounts-empty')).toBeNull();
  });

  it('says how to start when there is no account', async () => {
    await openAccounts({ accounts: [] });
    expect(screen.getByTestId('accounts-empty').textContent).toBe(
      'No calling account yet. Add one to make calls — and 911 calls — from Locus.',
    );
  });

  it('updates the status live from registration events, and announces it', async () => {
    const platform = await openAccounts();
    act(() => platform.emit({ type: 'Registering', payload: { account_id: 'work' } }));
    expect(pill('work').textContent).toBe('Registering…');
    act(() =>
      platform.emit({
        type: 'RegisterFailed',
        payload: { account_id: 'work', code: 'unreachable', message: 'no answer from sip.example.com' },
      }),
    );
    expect(pill('work').textContent).toBe('Not registered: no answer from sip.example.com');
    expect(pill('work').getAttribute('data-state')).toBe('failed');
    await waitFor(() =>
      expect(screen.getByTestId('accounts-announcement').textContent).toBe(
        'work: Not registered: no answer from sip.example.com',
      ),
    );
    expect(screen.getByTestId('accounts-announcement').getAttribute('aria-live')).toBe('polite');
    act(() => platform.emit({ type: 'RegisterOk', payload: { account_id: 'work' } }));
    expect(pill('work').textContent).toBe('Registered');
    expect(platform.listAccounts).toHaveBeenCalledOnce();
  });

  it('a failed read is shown as an alert with a way to try again', async () => {
    const unreadable = { code: 'storage', message: 'accounts.json unreadable' };
    const platform = await openAccounts({ accounts: { reject: unreadable } });
    expect(within(screen.getByTestId('error-alert')).getByTestId('error-message').textContent).toBe(
      'accounts.json unreadable',
    );
    platform.options.accounts = [accountView()];
    fireEvent.click(button('accounts-retry'));
    await screen.findByTestId('account-work');
    expect(screen.queryByTestId('error-alert')).toBeNull();
  });
});

describe('Accounts page: adding', () => {
  it('opens an accessible form with every field, advanced ones included', async () => {
    await openAccounts();
    fireEvent.click(button('account-add'));
    const newForm = screen.getByRole('form', { name: 'New account' });
    expect(newForm).toBe(form());
    expect(document.activeElement).toBe(input('id'));
    for (const name of ['id', 'display_name', 'user', 'domain', 'registrar', 'caller_id', 'password']) {
      expect(input(name).labels?.length, name).toBe(1);
    }
    for (const name of ['outbound_proxy', 'auth_user', 'register_interval', 'transport']) {
      expect(input(name).labels?.length, name).toBe(1);
    }
    expect(input('password').type).toBe('password');
    expect(input('password').getAttribute('autocomplete')).toBe('new-password');
    expect(input('password').placeholder).toBe('');
    expect(input('register_interval').type).toBe('number');
    expect(input('register_interval').value).toBe('600');
    const transport = input('transport') as unknown as HTMLSelectElement;
    expect(transport.tagName).toBe('SELECT');
    expect([...transport.options].map((o) => o.value)).toEqual(['udp', 'tcp', 'tls']);
    const advanced = input('outbound_proxy').closest('details')!;
    expect(advanced.open).toBe(true);
    expect(within(advanced).getByText('Advanced').tagName).toBe('SUMMARY');
    expect(screen.getByTestId('account-test-status').getAttribute('aria-live')).toBe('polite');
    expect(screen.queryByTestId('account-add')).toBeNull();
  });

  it('shows the shell’s problems under the fields left, and all of them on Save', async () => {
    const platform = await openAccounts();
    fireEvent.click(button('account-add'));
    type('id', 'my work');
    leave('id');
    await settle();
    const idError = screen.getByTestId('account-error-id');
    expect(idError.textContent).toBe(`"my work" is not a valid id (letters, digits, '-', '_' or '.')`);
    expect(input('id').getAttribute('aria-invalid')).toBe('true');
    expect(input('id').getAttribute('aria-describedby')).toContain(idError.id);
    expect(platform.validateAccount).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'my work' }));
    // Fields not visited yet keep quiet.
    expect(screen.queryByTestId('account-error-user')).toBeNull();

    // Typing hides the problem until the field is checked again.
    type('id', 'home');
    expect(screen.queryByTestId('account-error-id')).toBeNull();
    expect(input('id').hasAttribute('aria-invalid')).toBe(false);
    leave('id');
    await settle();
    expect(screen.queryByTestId('account-error-id')).toBeNull();

    type('register_interval', '30');
    leave('register_interval');
    await settle();
    expect(screen.getByTestId('account-error-register_interval').textContent).toBe(
      '30 s is out of range (60 to 86,400 s)',
    );

    fireEvent.click(button('account-save'));
    await settle();
    expect(screen.getByTestId('account-error-user').textContent).toContain('is not a SIP user name');
    expect(screen.getByTestId('account-error-domain').textContent).toContain('is not a host name');
    expect(document.activeElement).toBe(input('user'));
    expect(platform.saveAccount).not.toHaveBeenCalled();
    expect(screen.getByTestId('account-form')).toBeTruthy();
  });

  it('a new account saved without a password shows the shell’s answer under the password field', async () => {
    const platform = await openAccounts();
    fillNewAccount('');
    fireEvent.click(button('account-save'));
    const error = await screen.findByTestId('account-error-password');
    expect(error.textContent).toBe("enter the account's password (it is kept in the OS keychain)");
    expect(input('password').getAttribute('aria-invalid')).toBe('true');
    expect(input('password').getAttribute('aria-describedby')).toContain(error.id);
    expect(document.activeElement).toBe(input('password'));
    expect(platform.saveAccount).toHaveBeenCalledWith(expect.objectContaining({ id: 'home' }), null);
    expect(screen.queryByTestId('account-form-error')).toBeNull();

    type('password', 's');
    expect(screen.queryByTestId('account-error-password')).toBeNull();
  });

  it('Save sends the account, closes the form and shows it in the list read again', async () => {
    const platform = await openAccounts();
    fillNewAccount();
    fireEvent.change(input('transport'), { target: { value: 'tcp' } });
    type('register_interval', '300');
    fireEvent.click(button('account-save'));
    await waitFor(() => expect(screen.queryByTestId('account-form')).toBeNull());
    expect(platform.saveAccount).toHaveBeenCalledWith(
      {
        id: 'home',
        display_name: 'Ana at home',
        user: 'ana.home',
        domain: 'pbx.example.net',
        registrar: '',
        transport: 'tcp',
        outbound_proxy: '',
        auth_user: '',
        caller_id: '',
        register_interval: 300,
        tls_ca_file: '',
      },
      'secret',
    );
    await waitFor(() => expect(platform.listAccounts).toHaveBeenCalledTimes(2));
    expect(pill('home').textContent).toBe('Registering…');
    expect(screen.getByTestId('account-home').textContent).toContain('ana.home@pbx.example.net');
    expect(document.activeElement).toBe(button('account-add'));
    expect(screen.getByTestId('accounts-announcement').textContent).toBe('Account “home” saved.');

    act(() => platform.emit({ type: 'RegisterOk', payload: { account_id: 'home' } }));
    expect(pill('home').textContent).toBe('Registered');
  });

  it('another refusal on Save is shown for the form, and the form keeps what was typed', async () => {
    await openAccounts({ saveAccount: { reject: { code: 'internal', message: 'registrations did not restart' } } });
    fillNewAccount();
    fireEvent.click(button('account-save'));
    const alert = await screen.findByTestId('account-form-error');
    expect(within(alert).getByTestId('error-message').textContent).toBe('registrations did not restart');
    expect(alert.textContent).toContain('Could not save the account');
    expect(input('id').value).toBe('home');
    expect(input('password').value).toBe('secret');
    expect(button('account-save').disabled).toBe(false);
  });

  it('Cancel closes the form without saving', async () => {
    const platform = await openAccounts();
    fillNewAccount();
    fireEvent.click(button('account-cancel'));
    expect(screen.queryByTestId('account-form')).toBeNull();
    expect(document.activeElement).toBe(button('account-add'));
    expect(platform.saveAccount).not.toHaveBeenCalled();
  });
});

describe('Accounts page: Test connection', () => {
  it('tests the settings and password as typed, says "Testing…", then where it connected and how fast', async () => {
    let finish!: (result: ConnectionTest) => void;
    const platform = await openAccounts();
    vi.mocked(platform.testAccount).mockReturnValueOnce(new Promise((r) => (finish = r)));
    fillNewAccount();
    fireEvent.click(button('account-test'));
    await waitFor(() => expect(button('account-test').textContent).toBe('Testing…'));
    expect(button('account-test').disabled).toBe(true);
    expect(platform.testAccount).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'home', user: 'ana.home', domain: 'pbx.example.net', register_interval: 600 }),
      'secret',
    );
    expect(platform.saveAccount).not.toHaveBeenCalled();

    act(() => finish(connectionTest({ registrar: 'sip:pbx.example.net;transport=udp', took_ms: 57 })));
    const result = await screen.findByTestId('account-test-result');
    expect(result.getAttribute('data-ok')).toBe('true');
    expect(result.textContent).toBe('Connected to sip:pbx.example.net;transport=udp in 57 ms');
    expect(screen.getByTestId('account-test-status').contains(result)).toBe(true);
    expect(button('account-test').textContent).toBe('Test connection');
    expect(button('account-test').disabled).toBe(false);
    expect(screen.getByTestId('account-form')).toBeTruthy();
  });

  it('a wrong password is worded, with the registrar’s own message', async () => {
    await openAccounts({
      testAccount: connectionTest({ ok: false, code: 'wrong_password', message: '403 Forbidden', took_ms: 0 }),
    });
    fillNewAccount();
    fireEvent.click(button('account-test'));
    const result = await screen.findByTestId('account-test-result');
    expect(result.getAttribute('data-ok')).toBe('false');
    expect(result.textContent).toContain(WRONG_PASSWORD_TEXT);
    expect(result.textContent).toContain('403 Forbidden');
    expect(result.textContent).toContain('wrong_password');
  });

  it('an unreachable registrar is worded too', async () => {
    await openAccounts({
      testAccount: connectionTest({ ok: false, code: 'unreachable', message: 'no answer in 8 s', took_ms: 0 }),
    });
    fillNewAccount();
    fireEvent.click(button('account-test'));
    const result = await screen.findByTestId('account-test-result');
    expect(result.textContent).toContain(UNREACHABLE_TEXT);
    expect(result.textContent).toContain('no answer in 8 s');
  });

  it('is not sent while a field has a problem', async () => {
    const platform = await openAccounts();
    fillNewAccount();
    type('domain', 'not a host');
    fireEvent.click(button('account-test'));
    await screen.findByTestId('account-error-domain');
    expect(platform.testAccount).not.toHaveBeenCalled();
    expect(screen.queryByTestId('account-test-result')).toBeNull();
  });

  it('asks for the password when none is typed or stored', async () => {
    await openAccounts();
    fillNewAccount('');
    fireEvent.click(button('account-test'));
    const error = await screen.findByTestId('account-error-password');
    expect(error.textContent).toContain('Type the password to test this account');
    expect(screen.queryByTestId('account-test-result')).toBeNull();
  });

  it('a refusal that names fields puts each under its field', async () => {
    await openAccounts({ testAccount: { reject: accountsInvalid([{ field: 'registrar', message: 'no such host' }]) } });
    fillNewAccount();
    fireEvent.click(button('account-test'));
    expect((await screen.findByTestId('account-error-registrar')).textContent).toBe('no such host');
    expect(screen.queryByTestId('account-form-error')).toBeNull();
  });
});

describe('Accounts page: the CA certificate file (TLS)', () => {
  const CA_FILE = '/etc/ssl/company-ca.pem';

  it('is asked for under Advanced only when the transport is TLS', async () => {
    await openAccounts();
    fireEvent.click(button('account-add'));
    expect(caFileInput()).toBeNull();
    chooseTransport('tls');
    const caFile = caFileInput()!;
    expect(caFile.labels?.[0]?.textContent).toBe('CA certificate file (TLS)');
    expect(caFile.closest('details')).toBe(input('outbound_proxy').closest('details'));
    const hint = document.getElementById(caFile.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toBe(
      'Leave empty to trust the certificates this computer trusts; else the full path of a PEM file',
    );
    expect(caFile.value).toBe('');
    chooseTransport('tcp');
    expect(caFileInput()).toBeNull();
  });

  it('keeps a path typed for TLS and sends it even once the transport is changed', async () => {
    const platform = await openAccounts();
    fillNewAccount();
    chooseTransport('tls');
    type('tls_ca_file', CA_FILE);
    chooseTransport('udp');
    expect(caFileInput()).toBeNull();
    fireEvent.click(button('account-save'));
    await waitFor(() => expect(screen.queryByTestId('account-form')).toBeNull());
    expect(platform.saveAccount).toHaveBeenCalledWith(
      expect.objectContaining({ transport: 'udp', tls_ca_file: CA_FILE }),
      'secret',
    );
  });

  it('round-trips the path of an edited account into Test connection and Save', async () => {
    const platform = await openAccounts({ accounts: [accountView({ tls_ca_file: CA_FILE })] });
    fireEvent.click(button('account-edit-work'));
    expect(caFileInput()!.value).toBe(CA_FILE);
    type('tls_ca_file', '/opt/it/ca-bundle.pem');
    fireEvent.click(button('account-test'));
    expect((await screen.findByTestId('account-test-result')).getAttribute('data-ok')).toBe('true');
    expect(platform.testAccount).toHaveBeenCalledWith(accountSettings({ tls_ca_file: '/opt/it/ca-bundle.pem' }), null);
    fireEvent.click(button('account-save'));
    await waitFor(() => expect(screen.queryByTestId('account-form')).toBeNull());
    expect(platform.saveAccount).toHaveBeenCalledWith(accountSettings({ tls_ca_file: '/opt/it/ca-bundle.pem' }), null);
  });

  it('shows the shell’s problem with the path under the field, and Save waits for a full path', async () => {
    const platform = await openAccounts();
    fillNewAccount();
    chooseTransport('tls');
    type('tls_ca_file', 'ca.pem');
    leave('tls_ca_file');
    const error = await screen.findByTestId('account-error-tls_ca_file');
    expect(error.textContent).toBe('"ca.pem" is not a full path to a PEM file');
    expect(caFileInput()!.getAttribute('aria-invalid')).toBe('true');
    expect(caFileInput()!.getAttribute('aria-describedby')).toContain(error.id);

    fireEvent.click(button('account-save'));
    await settle();
    expect(platform.saveAccount).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(caFileInput());

    type('tls_ca_file', CA_FILE);
    expect(screen.queryByTestId('account-error-tls_ca_file')).toBeNull();
  });

  it('a path the shell refuses stays visible with its problem after leaving TLS, so it can be cleared', async () => {
    const platform = await openAccounts();
    fillNewAccount();
    chooseTransport('tls');
    type('tls_ca_file', 'ca.pem');
    chooseTransport('udp');
    fireEvent.click(button('account-save'));
    expect((await screen.findByTestId('account-error-tls_ca_file')).textContent).toContain('is not a full path');
    expect(platform.saveAccount).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(caFileInput());

    type('tls_ca_file', '/etc/ssl/co');
    expect(screen.queryByTestId('account-error-tls_ca_file')).toBeNull();
    expect(document.activeElement).toBe(caFileInput()); // still there while it is edited
    type('tls_ca_file', '');
    fireEvent.click(button('account-save'));
    await waitFor(() => expect(screen.queryByTestId('account-form')).toBeNull());
    expect(platform.saveAccount).toHaveBeenCalledWith(
      expect.objectContaining({ transport: 'udp', tls_ca_file: '' }),
      'secret',
    );
  });

  it('a refused server certificate is worded in the test result, with the shell’s reason', async () => {
    const reason =
      'the TLS connection to sip:pbx.example.net:5061;transport=tls was refused: its certificate is not signed by ' +
      'a CA this computer trusts (IT can add the CA file to the account) (invalid peer certificate: UnknownIssuer)';
    await openAccounts({ testAccount: connectionTest({ ok: false, code: 'tls', message: reason, took_ms: 0 }) });
    fillNewAccount();
    chooseTransport('tls');
    fireEvent.click(button('account-test'));
    const result = await screen.findByTestId('account-test-result');
    expect(result.getAttribute('data-ok')).toBe('false');
    expect(result.getAttribute('data-code')).toBe('tls');
    expect(result.textContent).toContain(TLS_REFUSED_TEXT);
    expect(result.textContent).toContain(reason);
    expect(screen.queryByTestId('account-error-tls_ca_file')).toBeNull();
    expect(screen.queryByTestId('account-form-error')).toBeNull();
  });

  it('a CA file that cannot be read is shown under the field too, with Advanced opened', async () => {
    const unreadable = "the account's CA file /etc/ssl/company-ca.pem cannot be read: No such file or directory";
    await openAccounts({
      testAccount: connectionTest({ ok: false, code: 'tls_ca_file', message: unreadable, took_ms: 0 }),
    });
    fillNewAccount();
    chooseTransport('tls');
    type('tls_ca_file', CA_FILE);
    const advanced = caFileInput()!.closest('details')!;
    advanced.open = false;
    fireEvent(advanced, new Event('toggle'));
    fireEvent.click(button('account-test'));
    const error = await screen.findByTestId('account-error-tls_ca_file');
    expect(error.textContent).toBe(unreadable);
    expect(advanced.open).toBe(true);
    expect(document.activeElement).toBe(caFileInput());
    const result = screen.getByTestId('account-test-result');
    expect(result.textContent).toContain(CA_FILE_UNUSABLE_TEXT);
    expect(result.textContent).toContain('tls_ca_file');
  });
});

describe('Accounts page: editing', () => {
  it('keeps the id read-only and sends a null password when it is left empty', async () => {
    const platform = await openAccounts();
    fireEvent.click(within(screen.getByTestId('account-work')).getByRole('button', { name: 'Edit account work' }));
    expect(screen.getByRole('form', { name: 'Edit account “work”' })).toBe(form());
    expect(input('id').value).toBe('work');
    expect(input('id').readOnly).toBe(true);
    expect(document.activeElement).toBe(input('display_name'));
    expect(input('domain').value).toBe('sip.example.com');
    expect((input('transport') as unknown as HTMLSelectElement).value).toBe('tls');
    expect(input('password').value).toBe('');
    expect(input('password').placeholder).toBe('Leave empty to keep the stored password');

    type('display_name', 'Ana L.');
    fireEvent.click(button('account-save'));
    await waitFor(() => expect(screen.queryByTestId('account-form')).toBeNull());
    expect(platform.saveAccount).toHaveBeenCalledWith(accountSettings({ display_name: 'Ana L.' }), null);
    expect(screen.getByTestId('account-work').textContent).toContain('Ana L.');
    expect(document.activeElement).toBe(button('account-edit-work'));
  });

  it('tests an edited account with the stored password', async () => {
    const platform = await openAccounts();
    fireEvent.click(button('account-edit-work'));
    fireEvent.click(button('account-test'));
    expect((await screen.findByTestId('account-test-result')).getAttribute('data-ok')).toBe('true');
    expect(platform.testAccount).toHaveBeenCalledWith(accountSettings(), null);
  });
});

describe('Accounts page: removing', () => {
  it('asks first; "Keep it" keeps the account, "Remove" removes it', async () => {
    const platform = await openAccounts();
    const work = screen.getByTestId('account-work');
    fireEvent.click(button('account-remove-work'));
    const question = within(work).getByRole('alertdialog');
    expect(question.textContent).toContain('Remove the account “work”?');
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep it' }));
    fireEvent.click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(within(work).queryByRole('alertdialog')).toBeNull();
    expect(platform.removeAccount).not.toHaveBeenCalled();

    fireEvent.click(button('account-remove-work'));
    fireEvent.click(button('account-remove-confirm'));
    await waitFor(() => expect(screen.queryByTestId('account-work')).toBeNull());
    expect(platform.removeAccount).toHaveBeenCalledWith('work');
    expect(screen.getByTestId('accounts-empty')).toBeTruthy();
    await waitFor(() => expect(platform.listAccounts).toHaveBeenCalledTimes(2));
    expect(document.activeElement).toBe(button('account-add'));
  });

  it('a refused removal is shown in the confirmation', async () => {
    await openAccounts({ removeAccount: { reject: { code: 'storage', message: 'keychain locked' } } });
    fireEvent.click(button('account-remove-work'));
    fireEvent.click(button('account-remove-confirm'));
    expect((await screen.findByTestId('account-remove-error')).textContent).toContain('keychain locked');
    expect(screen.getByTestId('account-work')).toBeTruthy();
    expect(button('account-remove-confirm').disabled).toBe(false);
  });
});
