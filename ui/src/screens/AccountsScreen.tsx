// The Accounts page: the SIP accounts Locus calls with, each with its registration state kept current by the
// shell's events, and a form to add, edit ("Test connection" before saving) or remove one. Below them, the
// section the app gives for the sound devices calls use.

import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { AccountForm } from '../components/AccountForm';
import { AccountRow } from '../components/AccountRow';
import type { AccountSettings, AccountView, ConnectionTest, FieldError } from '../platform/bindings';
import { NO_ACCOUNTS_TEXT, registrationChanges } from '../state/accountFormat';

export interface AccountsScreenProps {
  /** Null until first read. */
  accounts: AccountView[] | null;
  loading: boolean;
  /** Reads the accounts (when the page opens, and "Try again"). */
  onLoad: () => void;
  validate: (settings: AccountSettings) => Promise<FieldError[]>;
  test: (settings: AccountSettings, password: string | null) => Promise<ConnectionTest>;
  /** Saves an account and reads the list again; rejects with an `IpcError` for the form. */
  save: (settings: AccountSettings, password: string | null) => Promise<AccountView>;
  /** Removes an account and reads the list again; rejects with an `IpcError` for the confirmation. */
  remove: (accountId: string) => Promise<void>;
  /** Shown below the accounts: the Sound settings. */
  sound?: ComponentChildren;
}

/** What the form is open for: a new account, or the id of the account being edited. */
type Editing = { mode: 'add' } | { mode: 'edit'; id: string } | null;

export function AccountsScreen(props: AccountsScreenProps) {
  const { accounts, loading, onLoad, validate, test, save, remove, sound } = props;
  const rootRef = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [announcement, setAnnouncement] = useState('');
  /** The test id of the control that takes the focus once the form or a confirmation has gone. */
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  useEffect(() => {
    onLoad();
  }, []); // once, when the page opens

  // Registration changes (events, in the background) are announced.
  const shown = useRef(accounts);
  useEffect(() => {
    const changes = registrationChanges(shown.current, accounts);
    shown.current = accounts;
    if (changes !== '') setAnnouncement(changes);
  }, [accounts]);

  // The account being edited went away (removed elsewhere): close its form.
  const editedId = editing?.mode === 'edit' ? editing.id : null;
  const edited = editedId === null ? undefined : accounts?.find((a) => a.settings.id === editedId);
  useEffect(() => {
    if (editedId !== null && edited === undefined && accounts !== null) setEditing(null);
  }, [editedId, edited, accounts]);

  useLayoutEffect(() => {
    if (focusTarget === null) return;
    rootRef.current?.querySelector<HTMLElement>(`[data-testid="${focusTarget}"]`)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const close = (focus: string) => {
    setEditing(null);
    setFocusTarget(focus);
  };

  const formProps = { validate, test, save };
  const adding = editing?.mode === 'add';

  return (
    <div ref={rootRef} class="screen" data-testid="accounts-screen" aria-busy={loading}>
      <p class="visually-hidden" role="status" aria-live="polite" data-testid="accounts-announcement">
        {announcement}
      </p>
      <section class="card" aria-labelledby="accounts-title">
        <header class="card__header">
          <h2 id="accounts-title">Calling accounts</h2>
          {!adding && (
            <button type="button" data-testid="account-add" onClick={() => setEditing({ mode: 'add' })}>
              Add account
            </button>
          )}
        </header>
        <p class="card__hint">
          Locus registers each account with its SIP provider to make and receive calls. Passwords are kept in your
          system keychain.
        </p>
        {adding && (
          <div class="account-editor">
            <AccountForm
              {...formProps}
              onSaved={(view) => {
                setAnnouncement(`Account “${view.settings.id}” saved.`);
                close('account-add');
              }}
              onCancel={() => close('account-add')}
            />
          </div>
        )}
        {accounts === null ? (
          loading ? (
            <p class="muted" data-testid="accounts-loading">
              Reading your accounts…
            </p>
          ) : (
            <p class="muted" data-testid="accounts-unread">
              Your accounts have not been read.{' '}
              <button type="button" class="button--quiet" data-testid="accounts-retry" onClick={onLoad}>
                Try again
              </button>
            </p>
          )
        ) : accounts.length === 0 ? (
          <p class="muted" data-testid="accounts-empty">
            {NO_ACCOUNTS_TEXT}
          </p>
        ) : (
          <ul class="account-list">
            {accounts.map((account) => {
              const id = account.settings.id;
              return editedId === id ? (
                <li key={id} class="account-item account-item--editing" data-testid={`account-${id}`}>
                  <AccountForm
                    {...formProps}
                    account={account}
                    onSaved={() => {
                      setAnnouncement(`Account “${id}” saved.`);
                      close(`account-edit-${id}`);
                    }}
                    onCancel={() => close(`account-edit-${id}`)}
                  />
                </li>
              ) : (
                <AccountRow
                  key={id}
                  account={account}
                  onEdit={() => setEditing({ mode: 'edit', id })}
                  onRemove={async () => {
                    await remove(id);
                    setAnnouncement(`Account “${id}” removed.`);
                    setFocusTarget('account-add');
                  }}
                />
              );
            })}
          </ul>
        )}
      </section>
      {sound}
    </div>
  );
}
