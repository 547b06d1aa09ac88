// Tests for the accounts part of the controller: reading the list, registration events (also during a read),
// and the list read again after a save or a removal.

import { describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../platform/bindings';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { accountSettings, accountView } from '../test/fixtures';
import { createController } from './controller';
import { createStore } from './store';

async function started(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  const store = createStore();
  const controller = createController(platform, store);
  await controller.start();
  return { platform, controller, state: () => store.state.value };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('controller: accounts', () => {
  it('does not read the accounts at start, and ignores registration events until they are read', async () => {
    const { platform, state } = await started();
    platform.emit({ type: 'RegisterOk', payload: { account_id: 'work' } });
    expect(state().accounts).toBeNull();
    expect(platform.listAccounts).not.toHaveBeenCalled();
  });

  it('reads the accounts and keeps their registration current from events', async () => {
    const { platform, controller, state } = await started();
    await controller.loadAccounts();
    expect(state().accounts?.map((a) => a.registration.state)).toEqual(['registered']);
    expect(state().loadingAccounts).toBe(false);
    platform.emit({ type: 'RegisterFailed', payload: { account_id: 'work', code: 'unreachable', message: 'gone' } });
    expect(state().accounts?.[0]!.registration).toEqual({ state: 'failed', code: 'unreachable', message: 'gone' });
  });

  it('applies events that arrive during a read on top of its answer', async () => {
    const { platform, controller, state } = await started();
    let answer!: (accounts: AccountView[]) => void;
    vi.mocked(platform.listAccounts).mockReturnValueOnce(new Promise((r) => (answer = r)));
    const read = controller.loadAccounts();
    expect(state().loadingAccounts).toBe(true);
    platform.emit({ type: 'Registering', payload: { account_id: 'work' } });
    platform.emit({ type: 'RegisterOk', payload: { account_id: 'work' } });
    answer([accountView({}, { registration: { state: 'not_started', code: null, message: null } })]);
    await read;
    expect(state().accounts?.[0]!.registration.state).toBe('registered');
  });

  it('shows a failed read as an alert', async () => {
    const { controller, state } = await started({ accounts: { reject: { code: 'storage', message: 'unreadable' } } });
    await controller.loadAccounts();
    expect(state().error).toEqual({ op: 'accounts', code: 'storage', message: 'unreadable' });
    expect(state().loadingAccounts).toBe(false);
  });

  it('a save puts the account in the list and reads the list again', async () => {
    const { platform, controller, state } = await started();
    await controller.loadAccounts();
    const view = await controller.saveAccount(accountSettings({ id: 'home' }), 'secret');
    expect(view.registration.state).toBe('registering');
    expect(state().accounts?.map((a) => a.settings.id)).toEqual(['work', 'home']);
    await flush();
    expect(platform.listAccounts).toHaveBeenCalledTimes(2);
  });

  it('a refused save rejects with an IpcError and leaves the list', async () => {
    const { controller, state } = await started();
    await controller.loadAccounts();
    await expect(controller.saveAccount(accountSettings({ id: 'home' }), null)).rejects.toMatchObject({
      code: 'config_invalid',
    });
    expect(state().accounts?.map((a) => a.settings.id)).toEqual(['work']);
  });

  it('a removal takes the account out and reads the list again', async () => {
    const { platform, controller, state } = await started();
    await controller.loadAccounts();
    await controller.removeAccount('work');
    expect(state().accounts).toEqual([]);
    await flush();
    expect(platform.listAccounts).toHaveBeenCalledTimes(2);
    await expect(controller.removeAccount('work')).rejects.toMatchObject({ code: 'not_found' });
  });
});
