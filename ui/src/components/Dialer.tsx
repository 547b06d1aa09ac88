import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { DialLink, IpcError, NumberCheck } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { OTHER_PHONE, mayBeEmergency, numberLabel, sentence } from '../state/callFormat';
import { RecentNumbers } from './RecentNumbers';

/** How long typing must pause before the number is classified. */
export const CHECK_DELAY_MS = 120;

/** Text that is a `tel:` or `sip:` link rather than a number (normalised by the shell when pasted). */
const LINK = /^\s*(?:tel|sips?):/i;

export interface DialerProps {
  /** The dial plan's view of the typed text (emergency, test or normal). */
  checkNumber: (text: string) => Promise<NumberCheck>;
  /** Places the call; rejects with an `IpcError`. */
  dial: (number: string) => Promise<unknown>;
  /** Dials the most recent number again; rejects with an `IpcError`. Without it there is no Redial button. */
  redial?: (() => Promise<unknown>) | undefined;
  /** The numbers dialed most recently, newest first: Redial dials the first, the first few fill the field. */
  recent?: string[] | undefined;
  /** Turns a pasted `tel:`/`sip:` link into dialer text; rejects with an `IpcError`. */
  openDialLink?: ((link: string) => Promise<DialLink>) | undefined;
  /** A link the app was opened with: its text fills the field (it is never dialed until the user presses Call). */
  link?: DialLink | null | undefined;
  /** Called once `link` is in the field. */
  onLinkShown?: (() => void) | undefined;
}

interface DialFailure {
  error: IpcError;
  emergency: boolean;
}

/**
 * The number field and Call button, with Redial and the recent numbers. As the user types, the dial plan (in
 * Rust) labels the number, so "Emergency call — 911" shows before anything is dialed. Enter dials. An emergency
 * number is never held back: it dials even while another call is being placed (S1). A `tel:`/`sip:` link only
 * ever fills the field: a web page must not be able to place a call, least of all to 911.
 */
export function Dialer({ checkNumber, dial, redial, recent = [], openDialLink, link, onLinkShown }: DialerProps) {
  const uid = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const mounted = useRef(true);
  /** Counts changes to the field, so a link answer that arrives after a newer change is dropped. */
  const edits = useRef(0);
  const [text, setText] = useState('');
  const [check, setCheck] = useState<{ text: string; result: NumberCheck } | null>(null);
  const [dialing, setDialing] = useState(false);
  const [failure, setFailure] = useState<DialFailure | null>(null);
  /** The link the field was filled from ("Opened from link: …"). */
  const [source, setSource] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<IpcError | null>(null);

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

  /** Puts `value` into the field (from a link or a recent number) and focuses it; nothing is dialed. */
  const fill = (value: string, from: string | null, checked?: NumberCheck) => {
    edits.current += 1;
    setText(value);
    if (checked) setCheck({ text: value.trim(), result: checked });
    setSource(from);
    setFailure(null);
    setLinkError(null);
    inputRef.current?.focus();
  };

  // A link the app was opened with: fill the field, never dial.
  useEffect(() => {
    if (!link) return;
    fill(link.text, link.link, link.check);
    onLinkShown?.();
  }, [link]);

  const isEmergency = (number: string) =>
    check !== null && check.text === number ? check.result.kind === 'emergency' : mayBeEmergency(number);

  /** Runs one dial attempt; resolves to whether it succeeded (a failure is shown). */
  const place = async (emergency: boolean, attempt: () => Promise<unknown>): Promise<boolean> => {
    if (dialing && !emergency) return false;
    setFailure(null);
    setDialing(true);
    try {
      await attempt();
      return true;
    } catch (reason) {
      if (mounted.current) setFailure({ error: toIpcError(reason), emergency });
      return false;
    } finally {
      if (mounted.current) setDialing(false);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const number = text.trim();
    if (number === '') {
      inputRef.current?.focus();
      return;
    }
    if (await place(isEmergency(number), () => dial(number))) {
      if (!mounted.current) return;
      setText((current) => (current.trim() === number ? '' : current));
      setSource(null);
    }
  };

  const last = recent[0];
  const redialLast = () => {
    if (redial && last !== undefined) void place(mayBeEmergency(last), redial);
  };

  const onPaste = (event: ClipboardEvent) => {
    const pasted = event.clipboardData?.getData('text') ?? '';
    if (!openDialLink || !LINK.test(pasted)) return;
    // A link replaces the field (as the user pasted it) until the shell has turned it into dialer text.
    event.preventDefault();
    const raw = pasted.trim();
    edits.current += 1;
    const edit = edits.current;
    setText(raw);
    setSource(null);
    setLinkError(null);
    openDialLink(raw)
      .then((opened) => {
        if (mounted.current && edits.current === edit) fill(opened.text, null, opened.check);
      })
      .catch((reason: unknown) => {
        if (mounted.current && edits.current === edit) setLinkError(toIpcError(reason));
      });
  };

  const shown = text.trim() === '' ? null : (check?.result ?? null);
  const label = numberLabel(shown);
  const kind = shown?.kind ?? '';
  const describedBy = linkError ? `${uid}-kind ${uid}-link-error` : `${uid}-kind`;

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
            aria-describedby={describedBy}
            aria-invalid={linkError ? true : undefined}
            value={text}
            onInput={(e) => {
              edits.current += 1;
              setText(e.currentTarget.value);
              setLinkError(null);
            }}
            onPaste={onPaste}
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
        {linkError && (
          <p id={`${uid}-link-error`} class="field__error" role="alert" data-testid="dialer-link-error">
            Could not read the link: {sentence(linkError.message)}
          </p>
        )}
        {source !== null && (
          <p class="dialer__source" data-testid="dialer-link-source">
            Opened from link: <span class="mono">{source}</span>
          </p>
        )}
        {failure && (
          <div class="alert alert--inline" role="alert" data-testid="dialer-error" data-code={failure.error.code}>
            <span>Could not place the call: {sentence(failure.error.message)}</span>
            {failure.emergency && <strong> {OTHER_PHONE}</strong>}
          </div>
        )}
      </form>
      {redial && <RecentNumbers recent={recent} busy={dialing} onRedial={redialLast} onPick={(n) => fill(n, null)} />}
    </section>
  );
}
