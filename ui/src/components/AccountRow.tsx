// One SIP account in the Accounts list: who it registers as, its registration state, and "Edit" and "Remove"
// (removing asks first, inline).

import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AccountView, IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { AccountStatusPill } from './AccountStatusPill';

export interface AccountRowProps {
  account: AccountView;
  onEdit: () => void;
  /** Removes the account; rejects with an `IpcError` shown in the confirmation. */
  onRemove: () => Promise<void>;
}

export function AccountRow({ account, onEdit, onRemove }: AccountRowProps) {
  const uid = useId();
  const { settings } = account;
  const id = settings.id;
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    if (confirming) keepButton.current?.focus();
  }, [confirming]);

  const cancel = () => {
    setConfirming(false);
    setError(null);
    setTimeout(() => removeButton.current?.focus(), 0);
  };

  const remove = async () => {
    setRemoving(true);
    setError(null);
    try {
      await onRemove();
    } catch (reason) {
      setError(toIpcError(reason));
      setRemoving(false);
    }
  };

  return (
    <li class="account-item" data-testid={`account-${id}`}>
      <div class="account-item__main">
        <p class="account-item__title">
          <strong class="mono" id={`${uid}-name`}>
            {id}
          </strong>
          {settings.display_name && <span class="account-item__display"> — {settings.display_name}</span>}
        </p>
        <p class="account-item__address">
          <span class="mono">
            {settings.user}@{settings.domain}
          </span>{' '}
          over {settings.transport.toUpperCase()}
          {settings.registrar && <> via {settings.registrar}</>}
        </p>
        <p class="account-item__status">
          <AccountStatusPill accountId={id} status={account.registration} />
          {!account.has_password && (
            <span class="tag tag--warn" data-testid={`account-no-password-${id}`}>
              No password stored
            </span>
          )}
        </p>
      </div>
      <div class="account-item__actions">
        <button
          type="button"
          class="button--quiet"
          data-testid={`account-edit-${id}`}
          aria-label={`Edit account ${id}`}
          onClick={onEdit}
        >
          Edit
        </button>
        <button
          ref={removeButton}
          type="button"
          class="button--quiet button--danger"
          data-testid={`account-remove-${id}`}
          aria-label={`Remove account ${id}`}
          aria-expanded={confirming}
          onClick={() => setConfirming(true)}
        >
          Remove
        </button>
      </div>
      {confirming && (
        <div
          class="confirm-delete"
          role="alertdialog"
          aria-labelledby={`${uid}-q`}
          aria-describedby={`${uid}-d`}
          data-testid="account-remove-confirmation"
          onKeyDown={(e) => {
            if (e.key === 'Escape') cancel();
          }}
        >
          <p id={`${uid}-q`} class="confirm-delete__question">
            Remove the account “{id}”?
          </p>
          <p id={`${uid}-d`} class="card__hint">
            Locus stops registering it and deletes its password from the system keychain. Calls — 911 calls too —
            can no longer be placed with it.
          </p>
          {error && (
            <p class="field__error" role="alert" data-testid="account-remove-error">
              Could not remove: {error.message} (code: <code>{error.code}</code>)
            </p>
          )}
          <div class="confirm-delete__actions">
            <button
              type="button"
              class="button--danger-solid"
              data-testid="account-remove-confirm"
              disabled={removing}
              aria-busy={removing}
              onClick={() => void remove()}
            >
              {removing ? 'Removing…' : 'Remove'}
            </button>
            <button ref={keepButton} type="button" class="button--quiet" onClick={cancel}>
              Keep it
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
