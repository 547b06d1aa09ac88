import { describe, expect, it, vi } from 'vitest';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { callRecord, dialLink } from '../test/fixtures';
import { createController } from './controller';
import { createStore } from './store';

async function started(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  const store = createStore();
  const controller = createController(platform, store);
  await controller.start();
  return { platform, store, controller, state: () => store.state.value };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('controller: call history', () => {
  it('reads the recent numbers and takes a pending dial link at start, but not the history', async () => {
    const { platform, state } = await started({ recent: ['3125550199', '911'], pendingLink: dialLink() });
    expect(state().recentNumbers).toEqual(['3125550199', '911']);
    expect(state().dialLink).toEqual(dialLink());
    expect(state().history).toBeNull();
    expect(platform.callHistory).not.toHaveBeenCalled();
  });

  it('a finished call before the History page was opened leaves the history unread', async () => {
    const { platform, state } = await started();
    platform.emit({ type: 'CallHistoryChanged', payload: callRecord() });
    await flush();
    expect(state().history).toBeNull();
    expect(platform.callHistory).not.toHaveBeenCalled();
    expect(platform.recentNumbers).toHaveBeenCalledTimes(2);
  });

  it('an older recent-numbers answer does not replace a newer one', async () => {
    const { platform, state, controller } = await started();
    const answers: Array<(n: string[]) => void> = [];
    platform.recentNumbers = vi.fn(() => new Promise<string[]>((r) => answers.push(r)));
    const first = controller.loadRecent();
    const second = controller.loadRecent();
    answers[1]!(['new']);
    answers[0]!(['old']);
    await Promise.all([first, second]);
    expect(state().recentNumbers).toEqual(['new']);
  });

  it('a failed clear rejects with the IpcError and keeps the history', async () => {
    const { state, controller } = await started({
      history: [callRecord()],
      clearHistory: { reject: { code: 'database', message: 'locked' } },
    });
    await controller.loadHistory();
    await expect(controller.clearHistory()).rejects.toEqual({ code: 'database', message: 'locked' });
    expect(state().history).toHaveLength(1);
  });

  it('DialLinkOpened uses the event payload when take_dial_link fails; dialLinkShown clears it', async () => {
    const { platform, state, controller } = await started();
    platform.takeDialLink = vi.fn(() => Promise.reject({ code: 'internal', message: 'gone' }));
    platform.emit({ type: 'DialLinkOpened', payload: dialLink() });
    await flush();
    expect(state().dialLink).toEqual(dialLink());
    controller.dialLinkShown();
    expect(state().dialLink).toBeNull();
    expect(platform.dial).not.toHaveBeenCalled();
  });

  it('redial puts the call on screen; nothing dialed yet is a call_failed error', async () => {
    const { state, controller } = await started();
    await expect(controller.redial()).rejects.toMatchObject({ code: 'call_failed' });
    const again = await started({ recent: ['911'] });
    const view = await again.controller.redial();
    expect(view.kind).toBe('emergency');
    expect(again.state().calls.map((c) => c.call_id)).toEqual([view.call_id]);
    expect(state().calls).toEqual([]);
  });
});
