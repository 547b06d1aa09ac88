import { listen } from '@tauri-apps/api/event';
import { EVENT_CHANNEL, type Event } from './bindings';
import { toIpcError } from './errors';

/** Calls `handler` with every shell event; resolves to a function that stops listening. */
export async function onEvent(handler: (event: Event) => void): Promise<() => void> {
  try {
    return await listen<Event>(EVENT_CHANNEL, (message) => handler(message.payload));
  } catch (reason) {
    throw toIpcError(reason);
  }
}
