// The Accounts page's actions, run against a Platform: the accounts list kept current by registration events, and
// checking, testing, saving and removing an account. Part of the controller (controller.ts builds it and routes
// `Registering`, `RegisterOk` and `RegisterFailed` here).

import type { AccountSettings, AccountView, ConnectionTest, Event, FieldError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import type { Platform } from '../platform/types';
import { applyRegistration, registrationFromEvent, upsertAccount, withoutAccount } from './accounts';
import { applyAccounts, applyFailure, type AppState } from './appState';

export interface AccountActions {
  /** Reads the accounts for the Accounts page. Failures are shown as an alert. */
  loadAccounts(): Promise<void>;
  /** Every problem with `settings`, by field. Rejects with an `IpcError`. */
  validateAccount(settings: AccountSettings): Promise<FieldError[]>;
  /** "Test connection" with the settings and password as typed (null: the stored one). Rejects with an `IpcError`. */
  testAccount(settings: AccountSettings, password: string | null): Promise<ConnectionTest>;
  /** Saves an account (null password: keep the stored one), then reads the list again. Rejects with an `IpcError`. */
  saveAccount(settings: AccountSettings, password: string | null): Promise<AccountView>;
  /** Removes an account, then reads the list again. Rejects with an `IpcError`. */
  removeAccount(accountId: string): Promise<void>;
}

export interface AccountPart {
  actions: AccountActions;
  /** Handles the registration events; false for any other event. */
  handleEvent(event: Event): boolean;
}

/** Runs `request`, turning any rejection into an `IpcError`. */
async function asIpc<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (reason) {
    throw toIpcError(reason);
  }
}

export function createAccountActions(
  platform: Platform,
  update: (next: (current: AppState) => AppState) => void,
): AccountPart {
  /** Registration events that arrived while a read was under way, applied on top of its answer. */
  let arrived: Event[] = [];
  let reads = 0;
  /** Reads are applied newest-started first. */
  let tickets = 0;
  let applied = 0;

  async function loadAccounts(): Promise<void> {
    const ticket = (tickets += 1);
    reads += 1;
    update((s) => (s.loadingAccounts ? s : { ...s, loadingAccounts: true }));
    try {
      const listed = await platform.listAccounts();
      const events = arrived;
      if (ticket > applied) {
        applied = ticket;
        update((s) => applyAccounts(s, events.reduce(applyRegistration, listed)));
      }
    } catch (reason) {
      update((s) => applyFailure(s, 'accounts', toIpcError(reason)));
    } finally {
      reads -= 1;
      if (reads === 0) arrived = [];
    }
  }

  function registrationChanged(event: Event): void {
    if (reads > 0) arrived = [...arrived, event];
    update((s) => {
      if (s.accounts === null) return s;
      const accounts = applyRegistration(s.accounts, event);
      return accounts === s.accounts ? s : { ...s, accounts };
    });
  }

  const actions: AccountActions = {
    loadAccounts,

    validateAccount(settings) {
      return asIpc(() => platform.validateAccount(settings));
    },

    testAccount(settings, password) {
      return asIpc(() => platform.testAccount(settings, password));
    },

    async saveAccount(settings, password) {
      const view = await asIpc(() => platform.saveAccount(settings, password));
      update((s) => (s.accounts === null ? s : { ...s, accounts: upsertAccount(s.accounts, view) }));
      // Saving restarts registration: read every account's state again.
      void loadAccounts();
      return view;
    },

    async removeAccount(accountId) {
      await asIpc(() => platform.removeAccount(accountId));
      update((s) => (s.accounts === null ? s : { ...s, accounts: withoutAccount(s.accounts, accountId) }));
      void loadAccounts();
    },
  };

  return {
    actions,
    handleEvent(event) {
      if (registrationFromEvent(event) === null) return false;
      registrationChanged(event);
      return true;
    },
  };
}
