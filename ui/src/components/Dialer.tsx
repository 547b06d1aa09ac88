import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { IpcError, NumberCheck } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { OTHER_PHONE, mayBeEmergency, numberLabel, sentence } from '../state/callFormat';

/** How long typing must pause before the number is classified. */
export const CHECK_DELAY_MS = 120;

export interface DialerProps {
  /** The dial plan's view of the typed text (emergency, test or normal). */
  checkNumber: (text: string) => Promise<NumberCheck>;
  /** Places the call; rejects with an `IpcError`. */
  dial: (number: string) => Promise<unknown>;
}

interface DialFailure {
  error: IpcError;
  emergency: boolean;
}

/**
 * The number field and Call button. As the user types, the dial plan (in Rust) labels the number, so
 * "Emergency call — 911" shows before anything is dialed. Enter dials. An emergency number is never held
 * back: it dials even while another call is being placed (S1).
 */
export function Dialer({ checkNumber, dial }: DialerProps) {
  const uid = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const mounted = useRef(true);
  const [text, setText] = useState('');
  const [check, setCheck] = useState<{ text: string; result: NumberCheck } | null>(null);
  const [dialing, setDialing] = useState(false);
  const [failure, setFailure] = useState<DialFailure | null>(null);

  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  // Classify the number shortly after typing pauses; an answer for older text is dropped.
  useEffect(() => {
    const typed = text.trim();
    if (typed === '') {
      setCheck(null);
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      checkNumber(typed)
        .then((result) => {
          if (current && mounted.current) setCheck({ text: typed, result });
        })
        .catch(() => {
          if (current && mounted.current) setCheck(null);
        });
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, checkNumber]);

  const isEmergency = (number: string) =>
    check !== null && check.text === number ? check.result.kind === 'emergency' : mayBeEmergency(number);

  const submit = async (event: Event) => {
    event.preventDefault();
    const number = text.trim();
    if (number === '') {
      inputRef.current?.focus();
      return;
    }
    const emergency = isEmergency(number);
    if (dialing && !emergency) return;
    setFailure(null);
    setDialing(true);
    try {
      await dial(number);
      if (mounted.current) setText((current) => (current.trim() === number ? '' : current));
    } catch (reason) {
      if (mounted.current) setFailure({ error: toIpcError(reason), emergency });
    } finally {
      if (mounted.current) setDialing(false);
    }
  };

  const shown = text.trim() === '' ? null : (check?.result ?? null);
  const label = numberLabel(shown);
  const kind = shown?.kind ?? '';

  return (
    <section class="card dialer" aria-labelledby={`${uid}-title`} data-testid="dialer">
      <header class="card__header">
        <h2 id={`${uid}-title`}>Phone</h2>
      </header>
      <form class="dialer__form" onSubmit={submit} noValidate>
        <label class="dialer__label" for={`${uid}-number`}>
          Number or SIP address
        </label>
        <div class="dialer__row">
          <input
            ref={inputRef}
            id={`${uid}-number`}
            class="dialer__input"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            spellcheck={false}
            name="number"
            data-testid="dialer-number"
            aria-describedby={`${uid}-kind`}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button
            type="submit"
            class={kind === 'emergency' ? 'button--emergency dialer__call' : 'dialer__call'}
            data-testid="dialer-call"
            aria-busy={dialing}
          >
            Call
          </button>
        </div>
        <p id={`${uid}-kind`} class="dialer__kind" data-testid="dialer-kind" data-kind={kind} aria-live="polite">
          {label}
        </p>
        {failure && (
          <div class="alert alert--inline" role="alert" data-testid="dialer-error" data-code={failure.error.code}>
            <span>Could not place the call: {sentence(failure.error.message)}</span>
            {failure.emergency && <strong> {OTHER_PHONE}</strong>}
          </div>
        )}
      </form>
    </section>
  );
}
