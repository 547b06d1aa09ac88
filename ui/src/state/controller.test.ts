import { describe, expect, it, vi } from 'vitest';
import type { StatusReport } from '../platform/bindings';
import { createFakePlatform } from '../test/fakePlatform';
import { network, status } from '../test/fixtures';
import { createController } from './controller';
import { createStore } from './store';

describe('controller', () => {
  it('subscribes before reading the status', async () => {
    const platform = createFakePlatform();
    const order: string[] = [];
    vi.mocked(platform.onEvent).mockImplementationOnce(async () => {
      order.push('subscribe');
      return () => {};
    });
    vi.mocked(platform.getStatus).mockImplementationOnce(async () => {
      order.push('status');
      return status();
    });
    await createController(platform, createStore()).start();
    expect(order).toEqual(['subscribe', 'status']);
  });

  it('re-reads the status when an event lands while it is in flight', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    let first = true;
    vi.mocked(platform.getStatus).mockImplementation(async (): Promise<StatusReport> => {
      if (first) {
        first = false;
        // The shell changes the network while the (now stale) report is on its way.
        platform.emit({ type: 'NetworkChanged', payload: network('10.9.9.1') });
        return status();
      }
      return status({ network: network('10.9.9.1') });
    });
    await createController(platform, store).start();
    expect(platform.getStatus).toHaveBeenCalledTimes(2);
    expect(store.state.value.network?.default_gateway?.ip).toBe('10.9.9.1');
  });

  it('stop() unsubscribes and ignores later events', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    expect(platform.subscribers()).toBe(1);
    controller.stop();
    expect(platform.subscribers()).toBe(0);
  });

  it('a failed subscription is reported but the status is still read', async () => {
    const platform = createFakePlatform({ subscribeError: 'event plugin missing' });
    const store = createStore();
    await createController(platform, store).start();
    expect(store.state.value.status).not.toBeNull();
    expect(store.state.value.error).toEqual({ op: 'subscribe', code: 'internal', message: 'event plugin missing' });
  });
});
