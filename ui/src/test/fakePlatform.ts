// A Platform for tests: each call answers from a queue or a default, and events are pushed by the test.

import { vi } from 'vitest';
import type { AuditVerification, Event, NetworkSnapshot, StatusReport } from '../platform/bindings';
import type { Platform } from '../platform/types';
import { auditIntact, network, status } from './fixtures';

type Answer<T> = T | { reject: unknown };

function answer<T>(value: Answer<T>): Promise<T> {
  if (typeof value === 'object' && value !== null && 'reject' in value) {
    return Promise.reject((value as { reject: unknown }).reject);
  }
  return Promise.resolve(value as T);
}

export interface FakePlatformOptions {
  status?: Answer<StatusReport>;
  network?: Answer<NetworkSnapshot>;
  refresh?: Answer<NetworkSnapshot>;
  audit?: Answer<AuditVerification>;
  /** Makes `onEvent` reject with this value. */
  subscribeError?: unknown;
}

export interface FakePlatform extends Platform {
  /** Delivers an event to every current subscriber. */
  emit(event: Event): void;
  /** How many handlers are subscribed right now. */
  subscribers(): number;
  options: FakePlatformOptions;
}

export function createFakePlatform(options: FakePlatformOptions = {}): FakePlatform {
  const handlers = new Set<(event: Event) => void>();
  const fake: FakePlatform = {
    options,
    getStatus: vi.fn(() => answer(fake.options.status ?? status())),
    getNetwork: vi.fn(() => answer(fake.options.network ?? network())),
    refreshNetwork: vi.fn(() => answer(fake.options.refresh ?? network())),
    verifyAuditLog: vi.fn(() => answer(fake.options.audit ?? auditIntact())),
    reportFirstPaint: vi.fn(() => Promise.resolve()),
    onEvent: vi.fn((handler: (event: Event) => void) => {
      if (fake.options.subscribeError !== undefined) return Promise.reject(fake.options.subscribeError);
      handlers.add(handler);
      return Promise.resolve(() => {
        handlers.delete(handler);
      });
    }),
    emit(event) {
      for (const handler of [...handlers]) handler(event);
    },
    subscribers: () => handlers.size,
  };
  return fake;
}
