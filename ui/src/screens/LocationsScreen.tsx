import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CivicAddress, Location, LocationEdit, Validation } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { AddressForm } from '../components/AddressForm';
import { InlineConfirm, InlineConfirmFailure, useInlineConfirm } from '../components/InlineConfirm';
import { oneLineAddress } from '../state/locationFormat';

export interface LocationsScreenProps {
  /** Null until first read. */
  locations: Location[] | null;
  loading: boolean;
  /** False when there is no network to tie a new place to. */
  canAddHere: boolean;
  validate: (address: CivicAddress) => Promise<Validation>;
  onLoad: () => void;
  /** Saves a new place and confirms it as where the user is on the current network. */
  onAddHere: (label: string, address: CivicAddress) => Promise<void>;
  onUpdate: (edit: LocationEdit) => Promise<unknown>;
  onDelete: (locationId: string) => Promise<void>;
}

/** The user's own places (editable) and the IT department's sites (read-only). */
export function LocationsScreen(props: LocationsScreenProps) {
  const { locations, loading, canAddHere, validate, onLoad, onAddHere, onUpdate, onDelete } = props;
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    onLoad();
  }, []); // once, when the page opens

  const personal = (locations ?? []).filter((l) => l.source === 'personal');
  const itSites = (locations ?? []).filter((l) => l.source === 'it_map');

  return (
    <div class="screen" data-testid="locations-screen">
      <section class="card" aria-labelledby="personal-title">
        <header class="card__header">
          <h2 id="personal-title">Your places</h2>
          {!adding && (
            <button
              ref={addButton}
              type="button"
              data-testid="add-location"
              disabled={!canAddHere}
              onClick={() => {
                setAdding(true);
                setEditing(null);
              }}
            >
              Add where I am now
            </button>
          )}
        </header>
        <p class="card__hint">
          {canAddHere
            ? 'A place you add here is also confirmed as where you are on the network you are on now.'
            : 'Connect to a network to add a place: Locus ties each new place to the network you are on.'}
        </p>
        {adding && (
          <div class="location-editor">
            <h3 class="card__subtitle">New place (where you are now)</h3>
            <AddressForm
              ariaLabel="New place"
              validate={validate}
              onSubmit={async (label, address) => {
                await onAddHere(label, address);
                setAdding(false);
              }}
              submitText="Save and use here"
              submitTestId="location-form-submit"
              onCancel={() => {
                setAdding(false);
                setTimeout(() => addButton.current?.focus(), 0);
              }}
              autoFocus
            />
          </div>
        )}
        {locations === null ? (
          <p class="muted">{loading ? 'Reading your places…' : 'Your places have not been read.'}</p>
        ) : personal.length === 0 ? (
          <p class="muted" data-testid="no-personal-locations">
            You have no places of your own yet. Locus adds one each time you enter a new address.
          </p>
        ) : (
          <ul class="location-list">
            {personal.map((place) => (
              <PersonalItem
                key={place.id}
                place={place}
                editing={editing === place.id}
                validate={validate}
                onEdit={() => {
                  setEditing(place.id);
                  setAdding(false);
                }}
                onCancelEdit={() => setEditing(null)}
                onUpdate={async (label, address) => {
                  await onUpdate({ location_id: place.id, label, address });
                  setEditing(null);
                }}
                onDelete={() => onDelete(place.id)}
              />
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="it-title">
        <header class="card__header">
          <h2 id="it-title">From your IT department</h2>
        </header>
        <p class="card__hint">These come from your organisation's location map. Ask your IT department to change them.</p>
        {locations !== null && itSites.length === 0 ? (
          <p class="muted">Your IT department has not published any sites.</p>
        ) : (
          <ul class="location-list">
            {itSites.map((place) => (
              <li key={place.id} class="location-item" data-testid="location-item" data-source="it_map">
                <PlaceSummary place={place} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function PlaceSummary({ place }: { place: Location }) {
  return (
    <div class="location-item__main">
      <p class="location-item__label">
        <strong data-testid="location-label">{place.label}</strong>
        {place.source === 'it_map' && (
          <span class="tag" data-testid="location-badge-it">
            From IT
          </span>
        )}
      </p>
      <p class="location-item__address">{oneLineAddress(place.address)}</p>
      <p
        class={`location-item__dispatch ${place.dispatchable ? 'is-ok' : 'is-bad'}`}
        data-testid="location-dispatchable"
        data-dispatchable={String(place.dispatchable)}
      >
        {place.dispatchable ? 'Dispatchable' : 'Not dispatchable: add the floor, unit or room'}
      </p>
    </div>
  );
}

interface PersonalItemProps {
  place: Location;
  editing: boolean;
  validate: (address: CivicAddress) => Promise<Validation>;
  onEdit: () => void;
  onCancelEdit: () => void;
  onUpdate: (label: string, address: CivicAddress) => Promise<void>;
  onDelete: () => Promise<void>;
}

function PersonalItem({ place, editing, validate, onEdit, onCancelEdit, onUpdate, onDelete }: PersonalItemProps) {
  // A refused delete stays on show if the question is closed and opened again.
  const deletion = useInlineConfirm({ action: onDelete, toError: toIpcError, clearErrorOnCancel: false });
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);

  useLayoutEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  if (editing) {
    return (
      <li class="location-item location-item--editing" data-testid="location-item" data-source="personal">
        <h3 class="card__subtitle">Edit {place.label}</h3>
        <AddressForm
          ariaLabel={`Edit ${place.label}`}
          initialLabel={place.label}
          initialAddress={place.address}
          validate={validate}
          onSubmit={onUpdate}
          submitText="Save changes"
          submitTestId="location-form-submit"
          onCancel={onCancelEdit}
          autoFocus
        />
      </li>
    );
  }

  return (
    <li class="location-item" data-testid="location-item" data-source="personal">
      <PlaceSummary place={place} />
      <div class="location-item__actions">
        <button
          ref={editButton}
          type="button"
          class="button--quiet"
          data-testid="edit-location"
          aria-label={`Edit ${place.label}`}
          onClick={onEdit}
        >
          Edit
        </button>
        <button
          ref={deletion.triggerRef}
          type="button"
          class="button--quiet button--danger"
          data-testid="delete-location"
          aria-label={`Delete ${place.label}`}
          aria-expanded={deletion.confirming}
          onClick={deletion.open}
        >
          Delete
        </button>
      </div>
      <InlineConfirm
        control={deletion}
        testId="delete-confirmation"
        question={<>Delete “{place.label}”?</>}
        description="Networks you confirmed at this place will ask where you are again."
        renderError={(error) => <InlineConfirmFailure lead="Could not delete" error={error} />}
        confirmText="Delete"
        busyText="Deleting…"
        confirmTestId="confirm-delete"
        cancelText="Keep it"
      />
    </li>
  );
}
