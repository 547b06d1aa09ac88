import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CivicAddress, ConfirmRequest, IpcError, LocateReport, Location, Validation } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { confirmReasonText, oneLineAddress } from '../state/locationFormat';
import { AddressForm } from './AddressForm';
import { EmergencyDialButton } from './EmergencyDialButton';
import { useDialogFocus } from './useDialogFocus';
import { ModalBackdrop } from './ModalBackdrop';

export type ConfirmRequiredReport = Extract<LocateReport, { state: 'confirm_required' }>;

export const MOVING_QUESTION = 'Does this network move with you (phone hotspot, travel router)?';

export interface ConfirmLocationModalProps {
  report: ConfirmRequiredReport;
  validate: (address: CivicAddress) => Promise<Validation>;
  /** Sends the answer; resolves once the shell accepted it (the dialog closes when the state is resolved). */
  onConfirm: (request: ConfirmRequest) => Promise<unknown>;
  /** Places a 911 call from inside the dialog. */
  onDial: () => Promise<void>;
}

/**
 * Asks where the user is. It has no close button and ignores Escape and clicks outside: the only ways out
 * are answering (E911 is armed once the shell resolves the location) or calling 911, which stays reachable.
 */
export function ConfirmLocationModal({ report, validate, onConfirm, onDial }: ConfirmLocationModalProps) {
  const uid = useId();
  const titleId = `${uid}-title`;
  const descriptionId = `${uid}-description`;
  const dialogRef = useRef<HTMLDivElement>(null);
  const newAddressButton = useRef<HTMLButtonElement>(null);
  const mounted = useRef(true);
  const [view, setView] = useState<'places' | 'form'>('places');
  const [moving, setMoving] = useState(report.reason === 'moving_network');
  const [choosing, setChoosing] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  // Focus moves into the dialog when it opens and goes back where it was when it closes. While it is open,
  // Escape does nothing and focus cannot leave it, except for the 911 buttons and the call bar.
  const trapTab = useDialogFocus(dialogRef);
  useLayoutEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Back from the form: the focus goes to the button that opened it.
  const returning = useRef(false);
  useLayoutEffect(() => {
    if (view === 'places' && returning.current) {
      returning.current = false;
      newAddressButton.current?.focus();
    }
  }, [view]);

  const choose = async (place: Location) => {
    if (choosing !== null) return;
    setChoosing(place.id);
    setError(null);
    try {
      await onConfirm({ choice: { choice: 'existing', location_id: place.id }, moving_with_user: moving });
    } catch (reason) {
      if (mounted.current) setError(toIpcError(reason));
    } finally {
      if (mounted.current) setChoosing(null);
    }
  };

  const saveNew = async (label: string, address: CivicAddress) => {
    await onConfirm({ choice: { choice: 'new', label, address }, moving_with_user: moving });
  };

  const backToPlaces = () => {
    returning.current = true;
    setView('places');
  };

  const places = placesToOffer(report);
  const recent = places.filter((p) => p.source === 'personal');
  const itSites = places.filter((p) => p.source === 'it_map');
  const askMoving = report.ask_if_moving || report.reason === 'moving_network';

  return (
    <ModalBackdrop testId="confirm-location-backdrop">
      <div
        ref={dialogRef}
        class="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        data-testid="confirm-location-modal"
        data-reason={report.reason}
        tabIndex={-1}
        onKeyDown={trapTab}
      >
        <header class="modal__header">
          <h2 id={titleId} class="modal__title">
            Confirm where you are
          </h2>
          <EmergencyDialButton onDial={onDial} class="emergency--modal" />
        </header>

        <div id={descriptionId} class="modal__intro">
          <p class="modal__reason" data-testid="confirm-reason">
            {confirmReasonText(report.reason)}
          </p>
          <p class="modal__why">
            E911 is not armed until you confirm your location, so responders would not know where to find you.
            You can call 911 at any time.
          </p>
        </div>

        {askMoving && (
          <div class="modal__moving">
            <label class="checkbox">
              <input
                type="checkbox"
                name="moving_with_user"
                checked={moving}
                aria-describedby={`${uid}-moving-hint`}
                onChange={(e) => setMoving(e.currentTarget.checked)}
              />
              {MOVING_QUESTION}
            </label>
            <p id={`${uid}-moving-hint`} class="field__hint">
              If so, Locus will not tie a place to this network and will ask each time you connect to it.
            </p>
          </div>
        )}

        {view === 'places' ? (
          <div class="modal__places">
            {error && (
              <div class="alert alert--inline" role="alert" data-testid="confirm-error">
                <span>
                  Could not confirm this place: {error.message} (code: <code>{error.code}</code>)
                </span>
              </div>
            )}
            {places.length === 0 && <p class="muted">You have no saved places yet.</p>}
            {recent.length > 0 && (
              <PlaceGroup
                title="Your recent places"
                places={recent}
                bestGuess={report.location?.id}
                choosing={choosing}
                onChoose={choose}
              />
            )}
            {itSites.length > 0 && (
              <PlaceGroup
                title="Sites from your IT department"
                places={itSites}
                bestGuess={report.location?.id}
                choosing={choosing}
                onChoose={choose}
              />
            )}
            <div class="modal__new">
              <button
                ref={newAddressButton}
                type="button"
                class="button--quiet"
                data-testid="enter-new-address"
                disabled={choosing !== null}
                onClick={() => setView('form')}
              >
                Enter a new address
              </button>
            </div>
          </div>
        ) : (
          <AddressForm
            ariaLabel="New address"
            validate={validate}
            onSubmit={saveNew}
            submitText="Confirm this location"
            submitTestId="confirm-submit"
            onCancel={backToPlaces}
            cancelText="Back to places"
            autoFocus
          />
        )}
      </div>
    </ModalBackdrop>
  );
}

interface PlaceGroupProps {
  title: string;
  places: Location[];
  /** The place the matcher thinks most likely. */
  bestGuess: string | undefined;
  choosing: string | null;
  onChoose: (place: Location) => void;
}

function PlaceGroup({ title, places, bestGuess, choosing, onChoose }: PlaceGroupProps) {
  const id = useId();
  return (
    <section class="places" aria-labelledby={id}>
      <h3 id={id} class="card__subtitle">
        {title}
      </h3>
      <ul class="places__list">
        {places.map((place) => (
          <li key={place.id}>
            <button
              type="button"
              class="suggestion"
              data-testid="suggestion"
              data-location-id={place.id}
              disabled={choosing !== null}
              aria-busy={choosing === place.id}
              onClick={() => onChoose(place)}
            >
              <span class="suggestion__label">
                {place.label}
                {place.id === bestGuess && <span class="tag">Best guess</span>}
                {place.source === 'it_map' && <span class="tag">From IT</span>}
                {!place.dispatchable && <span class="tag tag--warn">Needs floor or unit</span>}
              </span>
              <span class="suggestion__address">{oneLineAddress(place.address)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The matcher's best guess (if any) first, then the suggestions, each place once. */
function placesToOffer(report: ConfirmRequiredReport): Location[] {
  const places = [...report.suggestions];
  if (report.location && !places.some((p) => p.id === report.location!.id)) places.unshift(report.location);
  return places;
}
