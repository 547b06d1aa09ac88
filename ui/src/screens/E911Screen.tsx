// The E911 page: for each SIP account with a carrier, the DIDs and the E911 record the carrier holds for each,
// with "Sync now" and the carrier's corrections waiting for the user's decision.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { CarrierCorrectionsDialog } from '../components/CarrierCorrectionsDialog';
import type { CarrierAccountView, CarrierDidView, CarrierOverview } from '../platform/bindings';
import {
  CARRIER_SET_COMMAND,
  carrierName,
  didStatusText,
  didStatusTone,
  fieldLabel,
  fieldValue,
  FOLLOWS_LOCATION_NOTE,
  formatDid,
  statusChanges,
} from '../state/carrierFormat';
import { oneLineAddress } from '../state/locationFormat';

export interface E911ScreenProps {
  /** Null until first read. */
  overview: CarrierOverview | null;
  loading: boolean;
  /** The accounts whose "Sync now" is running. */
  syncing: string[];
  /**
   * Called when the page opens: reads the overview and keeps it current (`CarrierStateChanged`) until the
   * function it returns is called, when the page closes.
   */
  onOpen: () => () => void;
  /** Reads the overview again (after a failed read). */
  onRetry: () => void;
  onSync: (accountId: string) => void;
  /** Accepts the carrier's suggestion `index` for `did`; rejects with an `IpcError` shown in the dialog. */
  onAccept: (did: string, index: number) => Promise<unknown>;
  /** Keeps the user's address for `did`; rejects with an `IpcError` shown in the dialog. */
  onDecline: (did: string) => Promise<unknown>;
}

/** The carrier's E911 records for each account's numbers, and what Locus is doing about them. */
export function E911Screen(props: E911ScreenProps) {
  const { overview, loading, syncing, onOpen, onRetry, onSync, onAccept, onDecline } = props;
  const rootRef = useRef<HTMLDivElement>(null);
  /** The DID whose corrections dialog is open. */
  const [reviewing, setReviewing] = useState<string | null>(null);
  /** After a decision, the DID whose status takes the focus (its "Review" button is gone). */
  const [focusDid, setFocusDid] = useState<string | null>(null);

  useEffect(() => onOpen(), []); // once, when the page opens; stops following events when it closes

  // Status changes are announced (a sync runs in the background and ends with events, not with a click).
  const shown = useRef(overview);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const changes = statusChanges(shown.current, overview);
    shown.current = overview;
    if (changes !== '') setAnnouncement(changes);
  }, [overview]);

  // The dialog is for a DID that still waits for a decision; once it does not (an event, another window), it
  // closes.
  const underReview = reviewing === null ? undefined : findUndecided(overview, reviewing);
  useEffect(() => {
    if (reviewing !== null && underReview === undefined) setReviewing(null);
  }, [reviewing, underReview]);

  useEffect(() => {
    if (focusDid === null) return;
    rootRef.current?.querySelector<HTMLElement>(`[data-status-did="${focusDid}"]`)?.focus();
    setFocusDid(null);
  }, [focusDid]);

  const decided = (did: string) => {
    setReviewing(null);
    setFocusDid(did);
  };

  return (
    <>
      <div
        ref={rootRef}
        class="screen"
        data-testid="e911-screen"
        aria-busy={loading}
        inert={underReview !== undefined}
      >
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="carrier-announcement">
          {announcement}
        </p>
        {overview === null ? (
          <section class="card" aria-label="Carrier E911 records">
            {loading ? (
              <p class="muted" data-testid="carrier-loading">
                Reading your carriers' E911 records…
              </p>
            ) : (
              <p class="muted e911-unread" data-testid="carrier-unread">
                Your carriers' E911 records have not been read.{' '}
                <button type="button" class="button--quiet" data-testid="carrier-retry" onClick={onRetry}>
                  Try again
                </button>
              </p>
            )}
          </section>
        ) : overview.accounts.length === 0 ? (
          <NoCarrier withoutCarrier={overview.without_carrier} />
        ) : (
          <>
            {overview.accounts.map((account) => (
              <AccountCard
                key={account.account_id}
                account={account}
                syncing={syncing.includes(account.account_id)}
                onSync={() => onSync(account.account_id)}
                onReview={setReviewing}
              />
            ))}
            {overview.without_carrier.length > 0 && <WithoutCarrier ids={overview.without_carrier} />}
          </>
        )}
      </div>
      {underReview && (
        <CarrierCorrectionsDialog
          did={underReview}
          onAccept={async (index) => {
            await onAccept(underReview.did, index);
            decided(underReview.did);
          }}
          onDecline={async () => {
            await onDecline(underReview.did);
            decided(underReview.did);
          }}
          onClose={() => setReviewing(null)}
        />
      )}
    </>
  );
}

/** `did` in `overview` when its corrections still wait for the user. */
function findUndecided(overview: CarrierOverview | null, did: string): CarrierDidView | undefined {
  for (const account of overview?.accounts ?? []) {
    const found = account.dids.find((d) => d.did === did);
    if (found) return found.status === 'needs_user_decision' && found.suggestions.length > 0 ? found : undefined;
  }
  return undefined;
}

function SetUpHint() {
  return (
    <p class="e911-setup">
      Set one up from the command line: <code data-testid="carrier-set-command">{CARRIER_SET_COMMAND}</code> (the
      carrier's API password or signing secret is read from standard input into the system keychain).
    </p>
  );
}

function AccountIds({ ids }: { ids: string[] }) {
  return (
    <ul class="e911-accounts">
      {ids.map((id) => (
        <li key={id}>
          <code data-testid="carrier-without">{id}</code>
        </li>
      ))}
    </ul>
  );
}

function NoCarrier({ withoutCarrier }: { withoutCarrier: string[] }) {
  return (
    <section class="card" aria-labelledby="e911-none-title" data-testid="carrier-empty">
      <header class="card__header">
        <h2 id="e911-none-title">No carrier set up</h2>
      </header>
      <p>
        None of your SIP accounts has a carrier set up, so Locus cannot show or update the E911 address your carrier
        holds for your phone numbers.
      </p>
      <SetUpHint />
      {withoutCarrier.length > 0 && (
        <>
          <h3 class="card__subtitle">Accounts without a carrier</h3>
          <AccountIds ids={withoutCarrier} />
        </>
      )}
    </section>
  );
}

function WithoutCarrier({ ids }: { ids: string[] }) {
  return (
    <section class="card" aria-labelledby="e911-without-title" data-testid="carrier-without-carrier">
      <header class="card__header">
        <h2 id="e911-without-title">Accounts without a carrier</h2>
      </header>
      <AccountIds ids={ids} />
      <SetUpHint />
    </section>
  );
}

interface AccountCardProps {
  account: CarrierAccountView;
  syncing: boolean;
  onSync: () => void;
  onReview: (did: string) => void;
}

function AccountCard({ account, syncing, onSync, onReview }: AccountCardProps) {
  const uid = useId();
  const id = account.account_id;
  const carrier = carrierName(account.carrier);
  return (
    <section class="card" aria-labelledby={`${uid}-title`} data-testid={`carrier-account-${id}`}>
      <header class="card__header">
        <h2 id={`${uid}-title`}>
          <span class="mono">{id}</span> <span class="e911-carrier">— {carrier}</span>
        </h2>
        <button
          type="button"
          data-testid={`carrier-sync-${id}`}
          disabled={syncing}
          aria-busy={syncing}
          aria-describedby={`${uid}-hint`}
          onClick={onSync}
        >
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </header>
      <p id={`${uid}-hint`} class="card__hint">
        "Sync now" reads {carrier}'s records again
        {account.follows_location ? ' and, if it holds another address, sends your confirmed location' : ''}.
      </p>
      {account.follows_location && (
        <p class="e911-follows" data-testid={`carrier-follows-${id}`}>
          {FOLLOWS_LOCATION_NOTE}
        </p>
      )}
      {account.error && (
        <div class="alert alert--block" role="alert" data-testid={`carrier-error-${id}`} data-code={account.error.code}>
          <h3 class="alert__title">Could not read {carrier}</h3>
          <p class="alert__line">
            {account.error.message}{' '}
            <span class="alert__code">
              (code: <code>{account.error.code}</code>)
            </span>
          </p>
        </div>
      )}
      {account.dids.length === 0 ? (
        !account.error && (
          <p class="muted" data-testid={`carrier-no-dids-${id}`}>
            {carrier} lists no phone numbers on this account.
          </p>
        )
      ) : (
        <div class="table-wrap">
          <table class="table e911-table" aria-labelledby={`${uid}-title`}>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Description</th>
                <th scope="col">E911 address at the carrier</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {account.dids.map((did) => (
                <DidRow key={did.did} did={did} onReview={() => onReview(did.did)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DidRow({ did, onReview }: { did: CarrierDidView; onReview: () => void }) {
  const tone = didStatusTone(did.status, did.emergency_caller_id);
  return (
    <tr data-testid={`carrier-did-${did.did}`} data-status={did.status}>
      <th scope="row" class="e911-number">
        <span class="mono" data-testid="carrier-did-number">
          {formatDid(did.did)}
        </span>
        {did.emergency_caller_id && (
          <span class="tag" data-testid="carrier-caller-id">
            911 caller ID
          </span>
        )}
      </th>
      <td data-testid="carrier-did-description">{did.description || <span class="muted">None</span>}</td>
      <td data-testid="carrier-did-address">
        {did.carrier_has ? (
          oneLineAddress(did.carrier_has.address)
        ) : (
          <span class="muted">No E911 address</span>
        )}
      </td>
      <td class="e911-status">
        <span
          class={`e911-pill e911-pill--${tone}`}
          data-testid={`carrier-status-${did.did}`}
          data-status-did={did.did}
          data-tone={tone}
          tabIndex={-1}
        >
          {didStatusText(did.status)}
        </span>
        {did.message && (
          <p class="e911-message" data-testid="carrier-did-message">
            {did.message}
          </p>
        )}
        {did.status === 'mismatch' && did.differences.length > 0 && (
          <div class="e911-diffs">
            <p class="e911-diffs__lead">Yours → the carrier's:</p>
            <ul>
              {did.differences.map((d, i) => (
                <li key={`${d.field}-${i}`} data-testid="carrier-difference">
                  {fieldLabel(d.field)}: {fieldValue(d.ours)} → {fieldValue(d.carrier)}
                </li>
              ))}
            </ul>
          </div>
        )}
        {did.status === 'needs_user_decision' && did.suggestions.length > 0 && (
          <button
            type="button"
            class="e911-review"
            data-testid={`carrier-review-${did.did}`}
            aria-haspopup="dialog"
            onClick={onReview}
          >
            Review corrections
          </button>
        )}
      </td>
    </tr>
  );
}
