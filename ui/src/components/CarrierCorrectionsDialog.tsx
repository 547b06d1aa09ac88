// The E911 page's corrections dialog: the carrier validated the address for a DID and suggests corrections;
// the user takes one of them or keeps their own address.

import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CarrierDidView, IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { sentence } from '../state/callFormat';
import { fieldLabel, fieldValue, formatDid } from '../state/carrierFormat';
import { oneLineAddress } from '../state/locationFormat';
import { useDialogFocus } from './useDialogFocus';
import { ModalBackdrop } from './ModalBackdrop';

export interface CarrierCorrectionsDialogProps {
  /** The DID whose corrections wait for the user (`needs_user_decision`). */
  did: CarrierDidView;
  /** Takes suggestion `index` (from 0); resolves once the shell accepted it (the page then closes the dialog). */
  onAccept: (index: number) => Promise<unknown>;
  /** Keeps the user's address; resolves once the shell recorded it (the page then closes the dialog). */
  onDecline: () => Promise<unknown>;
  /** Closes the dialog without deciding ("Decide later", Escape). */
  onClose: () => void;
}

/** Which answer is being sent: a suggestion's index, or "keep". */
type Deciding = number | 'keep' | null;

/**
 * Lists each suggestion the carrier made (what changes, and the full address it gives) with "Use this
 * address", and "Keep my address". A failed answer is shown inside the dialog, which stays open.
 */
export function CarrierCorrectionsDialog({ did, onAccept, onDecline, onClose }: CarrierCorrectionsDialogProps) {
  const uid = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const mounted = useRef(true);
  const [deciding, setDeciding] = useState<Deciding>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const trapTab = useDialogFocus(dialogRef, onClose);

  useLayoutEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // A failure takes the focus, so it is read at once and the user can try again from there.
  useLayoutEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const decide = async (choice: Exclude<Deciding, null>) => {
    if (deciding !== null) return;
    setDeciding(choice);
    setError(null);
    try {
      await (choice === 'keep' ? onDecline() : onAccept(choice));
    } catch (reason) {
      if (mounted.current) setError(toIpcError(reason));
    } finally {
      if (mounted.current) setDeciding(null);
    }
  };

  const number = formatDid(did.did);
  return (
    <ModalBackdrop testId="carrier-corrections-backdrop">
      <div
        ref={dialogRef}
        class="modal modal--narrow"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${uid}-title`}
        aria-describedby={`${uid}-description`}
        aria-busy={deciding !== null}
        data-testid="carrier-corrections-dialog"
        data-did={did.did}
        tabIndex={-1}
        onKeyDown={trapTab}
      >
        <header class="modal__header">
          <h2 id={`${uid}-title`} class="modal__title">
            The carrier suggests corrections
          </h2>
          <button type="button" class="button--quiet" data-testid="carrier-corrections-close" onClick={onClose}>
            Decide later
          </button>
        </header>
        <div id={`${uid}-description`} class="modal__intro">
          <p class="modal__reason">
            The carrier checked the E911 address for {number} and would store it with corrections.
          </p>
          <p class="modal__why">
            Use one of its suggestions, or keep your address: the carrier then keeps the record it holds now.
          </p>
        </div>
        {did.wanted && (
          <p class="corrections__yours" data-testid="carrier-wanted">
            <span class="muted">Your address: </span>
            {oneLineAddress(did.wanted)}
          </p>
        )}
        {error && (
          <div
            ref={errorRef}
            class="alert alert--inline"
            role="alert"
            tabIndex={-1}
            data-testid="carrier-decision-error"
            data-code={error.code}
          >
            <span>
              Could not record your choice: {sentence(error.message)} (code: <code>{error.code}</code>)
            </span>
          </div>
        )}
        <ol class="corrections">
          {did.suggestions.map((suggestion, index) => {
            const titleId = `${uid}-suggestion-${index}`;
            const addressId = `${uid}-address-${index}`;
            return (
              <li key={index} class="correction" data-testid={`carrier-suggestion-${index}`}>
                <section aria-labelledby={titleId}>
                  <h3 id={titleId} class="card__subtitle">
                    Suggestion {index + 1}
                  </h3>
                  <ul class="correction__changes">
                    {suggestion.changes.map((change, i) => (
                      <li key={`${change.field}-${i}`} data-testid="carrier-change">
                        {fieldLabel(change.field)}: {fieldValue(change.current)} → {fieldValue(change.suggested)}
                      </li>
                    ))}
                  </ul>
                  <p class="correction__address" id={addressId} data-testid="carrier-suggested-address">
                    {oneLineAddress(suggestion.address)}
                  </p>
                  <button
                    type="button"
                    data-testid={`carrier-accept-${index}`}
                    aria-describedby={`${titleId} ${addressId}`}
                    disabled={deciding !== null}
                    aria-busy={deciding === index}
                    onClick={() => void decide(index)}
                  >
                    {deciding === index ? 'Saving…' : 'Use this address'}
                  </button>
                </section>
              </li>
            );
          })}
        </ol>
        <div class="modal__actions">
          <button
            type="button"
            class="button--quiet"
            data-testid="carrier-decline"
            disabled={deciding !== null}
            aria-busy={deciding === 'keep'}
            onClick={() => void decide('keep')}
          >
            {deciding === 'keep' ? 'Saving…' : 'Keep my address'}
          </button>
        </div>
      </div>
    </ModalBackdrop>
  );
}
