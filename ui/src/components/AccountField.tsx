// One labelled input of the account form, with its hint and its problem underneath (tied to the input with
// `aria-describedby`, and `aria-invalid` while there is one).

export interface AccountFieldProps {
  /** The settings field (or `password`): the input's `name`, and the error's test id `account-error-<name>`. */
  name: string;
  label: string;
  /** Prefix for the ids of the input, its hint and its error (unique in the page). */
  idBase: string;
  value: string;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'password' | 'number';
  autoComplete?: string;
  placeholder?: string | undefined;
  readOnly?: boolean;
  required?: boolean;
  size?: 's' | 'm' | 'l';
  /** For the number input. */
  min?: number;
  max?: number;
  onInput: (value: string) => void;
  onBlur: () => void;
}

export function AccountField(props: AccountFieldProps) {
  const { name, label, idBase, value, error, hint, type = 'text', readOnly = false, required = false } = props;
  const input = `${idBase}-${name}`;
  const hintId = hint ? `${input}-hint` : undefined;
  const errorId = `${input}-error`;
  const describedBy = [hintId, error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field field--${props.size ?? 'm'}`}>
      <label for={input}>
        {label}
        {required && !readOnly && (
          <span class="field__required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <input
        id={input}
        name={name}
        type={type}
        value={value}
        autoComplete={props.autoComplete ?? 'off'}
        spellcheck={false}
        placeholder={props.placeholder}
        readOnly={readOnly}
        min={props.min}
        max={props.max}
        step={type === 'number' ? 1 : undefined}
        inputMode={type === 'number' ? 'numeric' : undefined}
        aria-required={required && !readOnly ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onBlur={props.onBlur}
      />
      {hint && (
        <span id={hintId} class="field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} class="field__error" data-testid={`account-error-${name}`}>
          {error}
        </span>
      )}
    </div>
  );
}
