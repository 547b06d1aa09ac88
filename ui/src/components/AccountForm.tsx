// The form that adds or edits a SIP account: the settings with their problems under each field (checked by the
// shell on blur and before Save or Test), "Test connection" with the settings and password as typed, and Save.

import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AccountSettings, AccountView, ConnectionTest, FieldError, IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { KEEP_PASSWORD_PLACEHOLDER, errorsByField, placeFailure, testFailureFields } from '../state/accountFormat';
import {
  ACCOUNT_FIELDS,
  ADVANCED_FIELDS,
  MAX_REGISTER_INTERVAL,
  MIN_REGISTER_INTERVAL,
  TRANSPORTS,
  draftFrom,
  emptyDraft,
  settingsFrom,
  usesTls,
  type AccountDraft,
} from '../state/accounts';
import type { UiError } from '../state/appState';
import { AccountField } from './AccountField';
import { ConnectionTestResult } from './ConnectionTestResult';
import { ErrorAlert } from './ErrorAlert';

export interface AccountFormProps {
  /** The account to edit; a new account without one. */
  account?: AccountView | undefined;
  validate: (settings: AccountSettings) => Promise<FieldError[]>;
  test: (settings: AccountSettings, password: string | null) => Promise<ConnectionTest>;
  save: (settings: AccountSettings, password: string | null) => Promise<AccountView>;
  onSaved: (view: AccountView) => void;
  onCancel: () => void;
}

type TextName = Exclude<keyof AccountDraft, 'transport'>;

export function AccountForm({ account, validate, test, save, onSaved, onCancel }: AccountFormProps) {
  const uid = useId();
  const editing = account !== undefined;
  const [draft, setDraft] = useState<AccountDraft>(() => (account ? draftFrom(account.settings) : emptyDraft()));
  const [password, setPassword] = useState('');
  /** The shell's answer to the latest check, by field. */
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  /** After Save or Test: every field's problem is shown, touched or not. */
  const [showAll, setShowAll] = useState(false);
  /** Problems from a failed save or test, by field (`password` too); gone once the field is edited. */
  const [failed, setFailed] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<UiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(true);
  const [focusTick, setFocusTick] = useState(0);

  /** The values as of the last keystroke, for a check or submit that lands before the re-render. */
  const latest = useRef({ draft, password });
  /** How many edits each field has had; a check's answer for a field edited since is not shown. */
  const edits = useRef<Record<string, number>>({});
  const sequence = useRef(0);
  const mounted = useRef(true);
  const formRef = useRef<HTMLFormElement>(null);
  /** Off TLS: the CA file field was brought back for a problem, and stays until the transport changes. */
  const caFileShownOffTls = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useLayoutEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input:not([readonly]), select')?.focus();
  }, []); // once, when the form opens

  // After a refused Save or Test, the focus goes to the first field with a problem.
  useLayoutEffect(() => {
    if (focusTick === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusTick]);

  /** Asks the shell for every problem with the settings typed; the answer to the latest request is shown. */
  const check = async (): Promise<Record<string, string>> => {
    const seq = (sequence.current += 1);
    const asked = { ...edits.current };
    const { settings, intervalError } = settingsFrom(latest.current.draft);
    let problems: Record<string, string> = {};
    try {
      problems = errorsByField(await validate(settings));
    } catch {
      // The shell checks again on Save and Test; a failed check only means no hints meanwhile.
    }
    if (intervalError !== null) problems = { ...problems, register_interval: intervalError };
    if (mounted.current && seq === sequence.current) {
      const current = Object.entries(problems).filter(([field]) => (edits.current[field] ?? 0) === (asked[field] ?? 0));
      setChecked(Object.fromEntries(current));
    }
    return problems;
  };

  const forget = (field: string) => {
    edits.current = { ...edits.current, [field]: (edits.current[field] ?? 0) + 1 };
    const drop = (errors: Record<string, string>) => {
      if (!(field in errors)) return errors;
      const { [field]: _gone, ...rest } = errors;
      return rest;
    };
    setChecked(drop);
    setFailed(drop);
  };

  const change = (field: keyof AccountDraft, value: string) => {
    forget(field);
    latest.current = { ...latest.current, draft: { ...latest.current.draft, [field]: value } };
    setDraft(latest.current.draft);
  };

  const changePassword = (value: string) => {
    forget('password');
    latest.current = { ...latest.current, password: value };
    setPassword(value);
  };

  const blurred = (field: string) => () => {
    setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
    void check();
  };

  const errorFor = (field: string): string | undefined =>
    failed[field] ?? (showAll || touched.has(field) ? checked[field] : undefined);

  /** Checks everything before Save or Test: the settings to send, or null (problems shown) when there are any. */
  const preflight = async (): Promise<AccountSettings | null> => {
    setShowAll(true);
    setFormError(null);
    setFailed({});
    const problems = await check();
    if (!mounted.current) return null;
    const fields = Object.keys(problems);
    if (fields.length === 0) return settingsFrom(latest.current.draft).settings;
    const unshown = fields.filter((f) => !(ACCOUNT_FIELDS as readonly string[]).includes(f));
    if (unshown.length > 0) {
      const message = unshown.map((f) => `${f}: ${problems[f]}`).join('; ');
      setFormError({ op: 'save_account', code: 'config_invalid', message });
    }
    if (fields.some((f) => ADVANCED_FIELDS.includes(f))) setAdvancedOpen(true);
    setFocusTick((n) => n + 1);
    return null;
  };

  const refused = (op: 'save_account' | 'test_account', error: IpcError) => {
    const placed = placeFailure(error, { test: op === 'test_account', passwordTyped: latest.current.password !== '' });
    setFailed(placed.fields);
    if (placed.general) setFormError({ op, ...error });
    if (Object.keys(placed.fields).some((f) => ADVANCED_FIELDS.includes(f))) setAdvancedOpen(true);
    setFocusTick((n) => n + 1);
  };

  const typedPassword = () => (latest.current.password === '' ? null : latest.current.password);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const settings = await preflight();
      if (settings === null) return;
      const view = await save(settings, typedPassword());
      if (mounted.current) onSaved(view);
    } catch (reason) {
      if (mounted.current) refused('save_account', toIpcError(reason));
    } finally {
      if (mounted.current) setSaving(false);
    }
  };

  const runTest = async () => {
    if (testing) return;
    setTesting(true);
    setResult(null);
    try {
      const settings = await preflight();
      if (settings === null) return;
      const answer = await test(settings, typedPassword());
      if (mounted.current) {
        setResult(answer);
        // A CA file that could not be read is also shown under its field, where it is fixed.
        const onFields = testFailureFields(answer);
        if (Object.keys(onFields).length > 0) {
          setFailed(onFields);
          setAdvancedOpen(true);
          setFocusTick((n) => n + 1);
        }
      }
    } catch (reason) {
      if (mounted.current) refused('test_account', toIpcError(reason));
    } finally {
      if (mounted.current) setTesting(false);
    }
  };

  const field = (
    name: TextName,
    label: string,
    options: { hint?: string; required?: boolean; size?: 's' | 'm' | 'l'; readOnly?: boolean } = {},
  ) => (
    <AccountField
      name={name}
      label={label}
      idBase={uid}
      value={draft[name]}
      error={errorFor(name)}
      hint={options.hint}
      required={options.required ?? false}
      readOnly={options.readOnly ?? false}
      size={options.size ?? 'm'}
      onInput={(value) => change(name, value)}
      onBlur={blurred(name)}
    />
  );

  const transportError = errorFor('transport');
  const tls = usesTls(draft.transport);
  const caFileError = errorFor('tls_ca_file');
  // The CA file only matters over TLS. On another transport it stays in the draft and is sent as it is, and the
  // field comes back only if the shell finds a problem with it (so the problem can be seen and the path cleared);
  // it then stays while it is edited, rather than vanish with its problem at the first keystroke.
  if (caFileError !== undefined) caFileShownOffTls.current = true;
  const showCaFile = tls || caFileShownOffTls.current;
  const titleId = `${uid}-title`;
  const title = editing ? `Edit account “${account.settings.id}”` : 'New account';
  const keepsPassword = editing && account.has_password;

  return (
    <form
      ref={formRef}
      class="account-form"
      data-testid="account-form"
      aria-labelledby={titleId}
      aria-busy={saving || testing}
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <h3 id={titleId} class="card__subtitle">
        {title}
      </h3>
      <p class="address-form__legend-note">
        Fields marked <span aria-hidden="true">*</span>
        <span class="visually-hidden">as required</span> are required.
      </p>
      <div class="field-row">
        {field('id', 'Account ID', {
          required: true,
          size: 's',
          readOnly: editing,
          hint: editing ? 'Cannot be changed' : 'Short and unique, e.g. work',
        })}
        {field('display_name', 'Display name', { size: 'l', hint: 'Shown to the people you call' })}
      </div>
      <div class="field-row">
        {field('user', 'User name', { required: true, hint: 'The user part of your SIP address' })}
        {field('domain', 'Domain', { required: true, size: 'l', hint: 'e.g. sip.example.com' })}
      </div>
      <div class="field-row">
        {field('registrar', 'Registrar', { size: 'l', hint: 'host or host:port; the domain when empty' })}
        <div class="field field--s">
          <label for={`${uid}-transport`}>Transport</label>
          <select
            id={`${uid}-transport`}
            name="transport"
            value={draft.transport}
            aria-invalid={transportError ? 'true' : undefined}
            aria-describedby={transportError ? `${uid}-transport-error` : undefined}
            onChange={(e) => {
              change('transport', e.currentTarget.value);
              // A CA file's failed test was for the transport before; the check that follows says what holds now.
              forget('tls_ca_file');
              caFileShownOffTls.current = false;
              blurred('transport')();
            }}
          >
            {TRANSPORTS.map((t) => (
              <option key={t} value={t}>
                {t.toUpperCase()}
              </option>
            ))}
          </select>
          {transportError && (
            <span id={`${uid}-transport-error`} class="field__error" data-testid="account-error-transport">
              {transportError}
            </span>
          )}
        </div>
      </div>
      <div class="field-row">
        {field('caller_id', 'Caller ID', { hint: 'The number shown on your calls, if your provider lets you set it' })}
        <AccountField
          name="password"
          label="Password"
          idBase={uid}
          type="password"
          autoComplete="new-password"
          value={password}
          error={failed.password}
          required={!keepsPassword}
          placeholder={keepsPassword ? KEEP_PASSWORD_PLACEHOLDER : undefined}
          hint={
            keepsPassword
              ? 'Kept in your system keychain'
              : editing
                ? 'No password is stored for this account yet'
                : 'Kept in your system keychain, never in a file'
          }
          onInput={changePassword}
          onBlur={() => undefined}
        />
      </div>

      <details
        class="account-form__advanced"
        open={advancedOpen}
        onToggle={(e) => setAdvancedOpen((e.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>Advanced</summary>
        {showCaFile && (
          <div class="field-row">
            {field('tls_ca_file', 'CA certificate file (TLS)', {
              size: 'l',
              hint: tls
                ? 'Leave empty to trust the certificates this computer trusts; else the full path of a PEM file'
                : 'Used only with TLS: clear it if this account does not need it',
            })}
          </div>
        )}
        <div class="field-row">
          {field('outbound_proxy', 'Outbound proxy', { hint: 'host:port, only if your provider asks for one' })}
          {field('auth_user', 'Authentication user', { hint: 'Only if it differs from the user name' })}
          <AccountField
            name="register_interval"
            label="Registration interval (seconds)"
            idBase={uid}
            type="number"
            min={MIN_REGISTER_INTERVAL}
            max={MAX_REGISTER_INTERVAL}
            value={draft.register_interval}
            error={errorFor('register_interval')}
            hint="60 to 86,400; 600 unless your provider says otherwise"
            onInput={(value) => change('register_interval', value)}
            onBlur={blurred('register_interval')}
          />
        </div>
      </details>

      {formError && <ErrorAlert error={formError} onDismiss={() => setFormError(null)} testId="account-form-error" />}

      <div class="account-test" role="status" aria-live="polite" data-testid="account-test-status">
        {testing ? (
          <p class="muted">Testing the connection…</p>
        ) : (
          result && <ConnectionTestResult result={result} />
        )}
      </div>

      <div class="address-form__actions">
        <button type="submit" data-testid="account-save" disabled={saving} aria-busy={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          data-testid="account-test"
          disabled={testing}
          aria-busy={testing}
          onClick={() => void runTest()}
        >
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" class="button--quiet" data-testid="account-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
