// One SIP account in the Accounts list: who it registers as, its registration state, and "Edit" and "Remove"
// (removing asks first, inline).

import { useId } from 'preact/hooks';
import type { AccountView } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import { AccountStatusPill } from './AccountStatusPill';
import { InlineConfirm, InlineConfirmFailure, useInlineConfirm } from './InlineConfirm';

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
  // On success the account leaves the list (and this row with it), so the question stays open and busy.
  const removal = useInlineConfirm({ action: onRemove, toError: toIpcError, afterSuccess: 'stay' });

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
          ref={removal.triggerRef}
          type="button"
          class="button--quiet button--danger"
          data-testid={`account-remove-${id}`}
          aria-label={`Remove account ${id}`}
          aria-expanded={removal.confirming}
          onClick={removal.open}
        >
          Remove
        </button>
      </div>
      <InlineConfirm
        control={removal}
        testId="account-remove-confirmation"
        question={<>Remove the account “{id}”?</>}
        description={
          <>
            Locus stops registering it and deletes its password from the system keychain. Calls — 911 calls too —
            can no longer be placed with it.
          </>
        }
        renderError={(error) => (
          <InlineConfirmFailure lead="Could not remove" error={error} testId="account-remove-error" />
        )}
        confirmText="Remove"
        busyText="Removing…"
        confirmTestId="account-remove-confirm"
        cancelText="Keep it"
      />
    </li>
  );
}
