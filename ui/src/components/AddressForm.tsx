import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CivicAddress, Validation } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { emptyAddress, parseAddressProblems, regionsFor } from '../state/locationFormat';

/** Quiet time after the last keystroke before the address is checked. */
export const VALIDATE_DEBOUNCE_MS = 300;

export const LABEL_REQUIRED = 'Give this place a name.';

type TextField = Exclude<keyof CivicAddress, 'multi_storey' | 'country' | 'a1'>;
type FieldName = 'label' | keyof CivicAddress;

/** The fields this form shows, in screen order; problems with any other field are shown for the whole form. */
const SHOWN_FIELDS: readonly string[] = [
  'label',
  'hno',
  'hns',
  'prd',
  'rd',
  'sts',
  'pod',
  'a3',
  'a1',
  'pc',
  'country',
  'multi_storey',
  'flr',
  'unit',
  'room',
  'bld',
  'loc',
];

export interface AddressFormProps {
  initialLabel?: string;
  initialAddress?: CivicAddress;
  /** Checks the address as the user types and before submitting (`Platform.validateAddress`). */
  validate: (address: CivicAddress) => Promise<Validation>;
  /**
   * Saves the place. Rejecting with an `invalid_address` IpcError puts its problems next to the fields; any
   * other rejection is shown above the buttons. Everything the user typed is kept either way.
   */
  onSubmit: (label: string, address: CivicAddress) => Promise<void>;
  submitText: string;
  submitTestId: string;
  /** A secondary button (e.g. "Back to suggestions", "Cancel"). */
  onCancel?: (() => void) | undefined;
  cancelText?: string;
  /** Shown above the buttons (e.g. the "moves with you" question). */
  children?: ComponentChildren;
  /** Puts the focus in the first field when the form appears. */
  autoFocus?: boolean;
  /** Accessible name of the form. */
  ariaLabel: string;
}

export function AddressForm(props: AddressFormProps) {
  const { validate, onSubmit, submitText, submitTestId, onCancel, cancelText, children, autoFocus, ariaLabel } = props;
  const uid = useId();
  const [label, setLabel] = useState(props.initialLabel ?? '');
  const [address, setAddress] = useState<CivicAddress>(() => ({ ...emptyAddress(), ...props.initialAddress }));
  const [validation, setValidation] = useState<Validation | null>(null);
  /** How many edits each field had when `validation` was asked for; newer edits hide stale problems. */
  const [validatedAt, setValidatedAt] = useState<Record<string, number>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);

  /** The values as of the last keystroke, for a submit that lands before the re-render. */
  const latest = useRef({ label, address });
  latest.current = { label, address };
  const edits = useRef<Record<string, number>>({});
  const sequence = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mounted = useRef(true);
  const formRef = useRef<HTMLFormElement>(null);

  const cancelTimer = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };

  /** Asks for a validation of `value`; only the answer to the latest request is kept. */
  const runValidation = async (value: CivicAddress): Promise<Validation | null> => {
    cancelTimer();
    const seq = (sequence.current += 1);
    const snapshot = { ...edits.current };
    try {
      const result = await validate(value);
      if (mounted.current && seq === sequence.current) {
        setValidation(result);
        setValidatedAt(snapshot);
      }
      return result;
    } catch {
      // The shell checks again when the place is saved; a failed check only means no hints meanwhile.
      return null;
    }
  };

  useEffect(() => {
    mounted.current = true;
    void runValidation(address);
    return () => {
      mounted.current = false;
      cancelTimer();
    };
  }, []); // once, on mount

  useLayoutEffect(() => {
    if (autoFocus) formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, []); // once, on mount

  // After a failed submit, move the focus to the first field with a problem.
  useLayoutEffect(() => {
    if (focusTick === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? formRef.current?.querySelector<HTMLElement>('[data-testid="form-errors"]'))?.focus();
  }, [focusTick]);

  const noteEdit = (field: FieldName) => {
    edits.current = { ...edits.current, [field]: (edits.current[field] ?? 0) + 1 };
    setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
    setServerErrors((errors) => {
      if (!(field in errors)) return errors;
      const { [field]: _removed, ...rest } = errors;
      return rest;
    });
  };

  const changeAddress = (field: keyof CivicAddress, next: CivicAddress) => {
    noteEdit(field);
    latest.current = { ...latest.current, address: next };
    setAddress(next);
    cancelTimer();
    timer.current = setTimeout(() => void runValidation(next), VALIDATE_DEBOUNCE_MS);
  };

  const setText = (field: TextField) => (event: JSX.TargetedEvent<HTMLInputElement>) =>
    changeAddress(field, { ...latest.current.address, [field]: event.currentTarget.value });

  const setCountry = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    const country = event.currentTarget.value;
    const current = latest.current.address;
    const keepRegion = regionsFor(country).some((r) => r.code === current.a1);
    changeAddress('country', { ...current, country, a1: keepRegion ? current.a1 : '' });
  };

  const changeLabel = (value: string) => {
    noteEdit('label');
    latest.current = { ...latest.current, label: value };
    setLabel(value);
  };

  const markTouched = (field: FieldName) => () => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));

  const errorFor = (field: FieldName): string | undefined => {
    const fromServer = serverErrors[field];
    if (fromServer !== undefined) return fromServer;
    const shown = submitted || touched.has(field);
    if (!shown) return undefined;
    if (field === 'label') return label.trim() === '' ? LABEL_REQUIRED : undefined;
    if (validation === null || (edits.current[field] ?? 0) !== (validatedAt[field] ?? 0)) return undefined;
    return validation.problems.find((p) => p.field === field)?.message;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const { label, address } = latest.current;
    setSubmitted(true);
    setFormErrors([]);
    setBusy(true);
    const checked = await runValidation(address);
    if (!mounted.current) return;
    if ((checked !== null && checked.problems.length > 0) || label.trim() === '') {
      setBusy(false);
      setFocusTick((n) => n + 1);
      return;
    }
    try {
      await onSubmit(label, address);
    } catch (reason) {
      if (!mounted.current) return;
      const error = toIpcError(reason);
      if (error.code === 'invalid_address') {
        const fields: Record<string, string> = {};
        const general: string[] = [];
        for (const problem of parseAddressProblems(error.message)) {
          if (SHOWN_FIELDS.includes(problem.field) && problem.field !== 'multi_storey') {
            fields[problem.field] ??= problem.message;
          } else {
            general.push(problem.field ? `${problem.field}: ${problem.message}` : problem.message);
          }
        }
        setServerErrors(fields);
        setFormErrors(general);
      } else {
        setFormErrors([`${error.message} (code: ${error.code})`]);
      }
      setFocusTick((n) => n + 1);
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  const ids = (field: string) => ({ input: `${uid}-${field}`, error: `${uid}-${field}-error` });
  const warning = validation?.not_dispatchable_because ?? null;
  const warningId = `${uid}-dispatch-warning`;
  const regions = regionsFor(address.country);
  const isCanada = address.country === 'CA';

  const field = (
    name: TextField | 'label',
    text: string,
    options: { hint?: string; size?: 'xs' | 's' | 'm' | 'l'; required?: boolean; autoComplete?: string } = {},
  ) => {
    const { input, error } = ids(name);
    const message = errorFor(name);
    const hintId = options.hint ? `${input}-hint` : undefined;
    const describedBy =
      [hintId, message ? error : undefined, name === 'flr' && warning ? warningId : undefined]
        .filter(Boolean)
        .join(' ') || undefined;
    const value = name === 'label' ? label : address[name];
    return (
      <div class={`field field--${options.size ?? 'm'}`}>
        <label for={input}>
          {text}
          {options.required && (
            <span class="field__required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
        <input
          id={input}
          name={name}
          type="text"
          value={value}
          autoComplete={options.autoComplete ?? 'off'}
          aria-required={options.required ? 'true' : undefined}
          aria-invalid={message ? 'true' : undefined}
          aria-describedby={describedBy}
          onInput={name === 'label' ? (e) => changeLabel(e.currentTarget.value) : setText(name)}
          onBlur={markTouched(name)}
        />
        {options.hint && (
          <span id={hintId} class="field__hint">
            {options.hint}
          </span>
        )}
        {message && (
          <span id={error} class="field__error" data-testid={`field-error-${name}`}>
            {message}
          </span>
        )}
      </div>
    );
  };

  const selectField = (name: 'a1' | 'country', text: string, choices: Array<{ code: string; name: string }>) => {
    const { input, error } = ids(name);
    const message = errorFor(name);
    return (
      <div class="field field--m">
        <label for={input}>
          {text}
          <span class="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        </label>
        <select
          id={input}
          name={name}
          value={address[name]}
          aria-required="true"
          aria-invalid={message ? 'true' : undefined}
          aria-describedby={message ? error : undefined}
          onChange={
            name === 'country'
              ? setCountry
              : (e) => changeAddress('a1', { ...latest.current.address, a1: e.currentTarget.value })
          }
          onBlur={markTouched(name)}
        >
          {name === 'a1' && <option value="">Choose…</option>}
          {choices.map((c) => (
            <option key={c.code} value={c.code}>
              {name === 'a1' ? `${c.name} (${c.code})` : c.name}
            </option>
          ))}
        </select>
        {message && (
          <span id={error} class="field__error" data-testid={`field-error-${name}`}>
            {message}
          </span>
        )}
      </div>
    );
  };

  return (
    <form
      ref={formRef}
      class="address-form"
      aria-label={ariaLabel}
      aria-busy={busy}
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <p class="address-form__legend-note">
        Fields marked <span aria-hidden="true">*</span>
        <span class="visually-hidden">as required</span> are required.
      </p>
      <div class="field-row">
        {field('label', 'Place name', { hint: 'For you, e.g. "Home office"', size: 'l', required: true })}
      </div>

      <fieldset class="address-form__group">
        <legend>Street address</legend>
        <div class="field-row">
          {field('hno', 'House number', { size: 's', required: true, hint: 'Digits only' })}
          {field('hns', 'Number suffix', { size: 'xs', hint: 'e.g. A, 1/2' })}
        </div>
        <div class="field-row">
          {field('prd', 'Pre-direction', { size: 'xs', hint: 'e.g. N' })}
          {field('rd', 'Street name', { size: 'l', required: true, hint: 'e.g. Main' })}
          {field('sts', 'Street suffix', { size: 'xs', hint: 'e.g. St, Ave' })}
          {field('pod', 'Post-direction', { size: 'xs', hint: 'e.g. NW' })}
        </div>
        <div class="field-row">
          {field('a3', 'City', { required: true, autoComplete: 'address-level2' })}
          {selectField('a1', isCanada ? 'Province' : 'State', regions)}
          {field('pc', isCanada ? 'Postal code' : 'ZIP code', {
            size: 's',
            required: true,
            autoComplete: 'postal-code',
          })}
          {selectField('country', 'Country', [
            { code: 'US', name: 'United States' },
            { code: 'CA', name: 'Canada' },
          ])}
        </div>
      </fieldset>

      <fieldset class="address-form__group">
        <legend>Inside the building</legend>
        <div class="field-row">
          <label class="checkbox">
            <input
              type="checkbox"
              name="multi_storey"
              checked={address.multi_storey}
              onChange={(e) =>
                changeAddress('multi_storey', { ...latest.current.address, multi_storey: e.currentTarget.checked })
              }
            />
            This building has more than one floor or unit
          </label>
        </div>
        <div class="field-row">
          {field('flr', 'Floor', { size: 's' })}
          {field('unit', 'Unit / suite', { size: 's' })}
          {field('room', 'Room', { size: 's' })}
          {field('bld', 'Building', { size: 's' })}
        </div>
        {warning && (
          <p id={warningId} class="field__warning" data-testid="dispatchable-warning">
            {warning.message}
          </p>
        )}
        <div class="field-row">{field('loc', 'Additional info', { size: 'l', hint: 'e.g. north entrance' })}</div>
      </fieldset>

      {children}

      {formErrors.length > 0 && (
        <div class="alert alert--inline" role="alert" tabIndex={-1} data-testid="form-errors">
          <ul class="warning__list">
            {formErrors.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        </div>
      )}

      <div class="address-form__actions">
        <button type="submit" data-testid={submitTestId} disabled={busy} aria-busy={busy}>
          {busy ? 'Saving…' : submitText}
        </button>
        {onCancel && (
          <button type="button" class="button--quiet" onClick={onCancel}>
            {cancelText ?? 'Cancel'}
          </button>
        )}
      </div>
    </form>
  );
}
