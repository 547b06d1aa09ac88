import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { TestCallResult } from '../platform/bindings';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import {
  RECORDING_PATH,
  callView,
  locateConfirm,
  locateResolved,
  plan,
  status,
  suggestion,
  testCallResult,
  testCallView,
} from '../test/fixtures';
import { App } from './App';

async function renderLoaded(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  return platform;
}

function dialog() {
  return screen.getByTestId('test-call-dialog');
}

/** Opens the dialog from the status page button and returns the platform. */
async function openFromButton(options: FakePlatformOptions = {}) {
  const platform = await renderLoaded(options);
  const opener = screen.getByTestId('test-call-open');
  opener.focus();
  fireEvent.click(opener);
  await screen.findByTestId('test-call-dialog');
  return { platform, opener };
}

/** Runs the flow up to "Did the readback match?". */
async function toQuestion(options: FakePlatformOptions = {}) {
  const opened = await openFromButton(options);
  fireEvent.click(screen.getByTestId('test-call-start'));
  await waitFor(() => expect(dialog().getAttribute('data-step')).toBe('calling'));
  act(() =>
    opened.platform.emit({
      type: 'CallEnded',
      payload: { ...testCallView().call, state: 'ended', end_reason: 'remote_hung_up' },
    }),
  );
  expect(dialog().getAttribute('data-step')).toBe('answer');
  return opened;
}

describe('Test emergency calling: the whole flow', () => {
  it('intro → calling → question → outcome, with the answer sent for the test call', async () => {
    const { platform } = await openFromButton();

    // Step 1: what the test does and what the readback should say, from the plan.
    expect(dialog().getAttribute('data-step')).toBe('intro');
    expect(within(dialog()).getByRole('heading', { level: 2 }).textContent).toBe('Test emergency calling');
    const expected = within(dialog()).getByTestId('test-call-expected');
    expect(expected.textContent).toContain('The readback should say:');
    expect(within(expected).getByTestId('test-call-expected-number').textContent).toBe('614-555-0100');
    expect(within(expected).getByTestId('test-call-expected-address').textContent).toBe(
      '200 N Main St, Floor 3, Springfield, IL 62701',
    );
    expect(expected.textContent).toContain("The address comes from the carrier's record for the callback number.");

    // Step 2: the call is going.
    fireEvent.click(within(dialog()).getByTestId('test-call-start'));
    expect(platform.startTestCall).toHaveBeenCalledOnce();
    await waitFor(() => expect(dialog().getAttribute('data-step')).toBe('calling'));
    expect(within(dialog()).getByTestId('test-call-state').textContent).toBe('Calling…');
    expect(within(dialog()).getByTestId('test-call-expected-number').textContent).toBe('614-555-0100');
    expect(document.activeElement).toBe(within(dialog()).getByTestId('test-call-hang-up'));
    // The dialog owns its call: it is not on the call bar too.
    expect(screen.queryByTestId('call-panel')).toBeNull();
    act(() => platform.emit({ type: 'CallEstablished', payload: { ...testCallView().call, state: 'established' } }));
    expect(within(dialog()).getByTestId('test-call-state').textContent).toBe('Connected');
    expect(within(dialog()).getByTestId('test-call-status').textContent).toBe('Test call: Connected');

    // Step 3: the call ended; the question.
    act(() =>
      platform.emit({ type: 'CallEnded', payload: { ...testCallView().call, state: 'ended', end_reason: 'remote_hung_up' } }),
    );
    expect(dialog().getAttribute('data-step')).toBe('answer');
    const question = within(dialog()).getByRole('group', { name: 'Did the readback match?' });
    expect(within(question).getByTestId('test-answer-matched').textContent).toBe('Yes');
    expect(within(question).getByTestId('test-answer-mismatched').textContent).toBe('No');
    expect(within(question).getByTestId('test-answer-inaudible').textContent).toBe("Couldn't hear");
    expect(document.activeElement).toBe(within(question).getByTestId('test-answer-matched'));

    // Step 4: the outcome.
    fireEvent.click(within(question).getByTestId('test-answer-mismatched'));
    expect(platform.answerTestCall).toHaveBeenCalledWith('test-1', 'mismatched');
    const result = await within(dialog()).findByTestId('test-call-result');
    expect(result.getAttribute('data-outcome')).toBe('mismatched');
    expect(result.textContent).toContain('The readback did not match.');
    expect(within(result).getByTestId('test-call-recording').textContent).toBe(
      `Recording of the readback: ${RECORDING_PATH}`,
    );
    expect(document.activeElement).toBe(result);
  });

  it('each answer sends its own code', async () => {
    for (const [testId, answer] of [
      ['test-answer-matched', 'matched'],
      ['test-answer-inaudible', 'inaudible'],
    ] as const) {
      const { platform } = await toQuestion();
      fireEvent.click(screen.getByTestId(testId));
      expect(platform.answerTestCall).toHaveBeenCalledWith('test-1', answer);
      expect((await screen.findByTestId('test-call-result')).getAttribute('data-outcome')).toBe(answer);
      document.body.innerHTML = '';
    }
  });

  it('says when no recording was made', async () => {
    await toQuestion({ answerTest: testCallResult({ recording_path: null }) });
    fireEvent.click(screen.getByTestId('test-answer-matched'));
    const result = await screen.findByTestId('test-call-result');
    expect(result.textContent).toContain('Passed: the readback matched.');
    expect(within(result).getByTestId('test-call-recording').textContent).toBe('No recording was made.');
  });

  it('"Test again" goes back to the intro', async () => {
    await toQuestion();
    fireEvent.click(screen.getByTestId('test-answer-matched'));
    await screen.findByTestId('test-call-result');
    fireEvent.click(screen.getByTestId('test-call-again'));
    await waitFor(() => expect(dialog().getAttribute('data-step')).toBe('intro'));
    expect(document.activeElement).toBe(screen.getByTestId('test-call-start'));
  });

  it('a TestCallResult event arriving before the reply shows the outcome once', async () => {
    let reply!: (r: TestCallResult) => void;
    const { platform } = await toQuestion();
    vi.mocked(platform.answerTestCall).mockReturnValueOnce(new Promise((r) => (reply = r)));
    fireEvent.click(screen.getByTestId('test-answer-matched'));
    expect((screen.getByTestId('test-answer-matched') as HTMLButtonElement).disabled).toBe(true);
    act(() => platform.emit({ type: 'TestCallResult', payload: testCallResult({ outcome: 'matched' }) }));
    expect(screen.getByTestId('test-call-result').getAttribute('data-outcome')).toBe('matched');
    await act(async () => reply(testCallResult({ outcome: 'matched' })));
    expect(screen.getAllByTestId('test-call-result')).toHaveLength(1);
  });
});

describe('Test emergency calling: opening, closing and accessibility', () => {
  it('is a labelled modal dialog; focus moves in and back; the page behind is inert; 911 stays reachable', async () => {
    const { opener } = await openFromButton();
    const d = dialog();
    expect(d.getAttribute('role')).toBe('dialog');
    expect(d.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(d.getAttribute('aria-labelledby')!)!.textContent).toBe('Test emergency calling');
    expect(document.getElementById(d.getAttribute('aria-describedby')!)!.textContent).toContain(
      'It does not reach a 911 dispatcher.',
    );
    expect(document.activeElement).toBe(d);
    expect(opener.closest('[inert]')).not.toBeNull();
    const call911 = screen.getByTestId('emergency-dial');
    expect(call911.closest('[inert]')).toBeNull();
    expect((call911 as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(within(d).getByTestId('test-call-close'));
    expect(screen.queryByTestId('test-call-dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(opener));
    expect(opener.closest('[inert]')).toBeNull();
  });

  it('Escape closes it', async () => {
    await openFromButton();
    fireEvent.keyDown(dialog(), { key: 'Escape' });
    expect(screen.queryByTestId('test-call-dialog')).toBeNull();
  });

  it('Escape mid-call hangs up, and the ended test call waits on the call bar for its answer', async () => {
    const { platform } = await openFromButton();
    fireEvent.click(screen.getByTestId('test-call-start'));
    await waitFor(() => expect(dialog().getAttribute('data-step')).toBe('calling'));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(platform.hangUp).toHaveBeenCalledWith('test-1');
    expect(screen.queryByTestId('test-call-dialog')).toBeNull();
    act(() =>
      platform.emit({ type: 'CallEnded', payload: { ...testCallView().call, state: 'ended', end_reason: 'hung_up' } }),
    );
    const panel = screen.getByTestId('call-panel');
    expect(panel.getAttribute('data-kind')).toBe('emergency_test');
    fireEvent.click(within(panel).getByTestId('call-test-answer'));
    expect(dialog().getAttribute('data-step')).toBe('answer');
    fireEvent.click(screen.getByTestId('test-answer-matched'));
    expect(platform.answerTestCall).toHaveBeenCalledWith('test-1', 'matched');
  });

  it('"Hang up" in the dialog hangs up the test call', async () => {
    const { platform } = await openFromButton();
    fireEvent.click(screen.getByTestId('test-call-start'));
    fireEvent.click(await screen.findByTestId('test-call-hang-up'));
    expect(platform.hangUp).toHaveBeenCalledWith('test-1');
    expect(screen.getByTestId('test-call-dialog')).toBeTruthy();
  });

  it('Tab stays inside the dialog', async () => {
    await openFromButton();
    const start = screen.getByTestId('test-call-start');
    const close = screen.getByTestId('test-call-close');
    start.focus();
    fireEvent.keyDown(start, { key: 'Tab' });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(start);
  });

  it('opens on TestCallRequested (app menu or tray) and reads the plan afresh', async () => {
    const platform = await renderLoaded();
    platform.options.plan = plan({ caller_id: '3125550100', location_sent: null });
    act(() => platform.emit({ type: 'TestCallRequested' }));
    expect(dialog().getAttribute('data-step')).toBe('intro');
    await waitFor(() => expect(screen.getByTestId('test-call-expected-number').textContent).toBe('312-555-0100'));
    expect(screen.getByTestId('test-call-expected-address').textContent).toContain('no address is known');
  });

  it('waits while the location is being confirmed, then opens', async () => {
    const platform = await renderLoaded({ locate: locateConfirm() });
    await screen.findByTestId('confirm-location-modal');
    act(() => platform.emit({ type: 'TestCallRequested' }));
    expect(screen.queryByTestId('test-call-dialog')).toBeNull();
    platform.options.locate = locateResolved();
    act(() => platform.emit({ type: 'LocationResolved', payload: { location_id: 'it-hq-3', label: 'HQ — floor 3' } }));
    await screen.findByTestId('test-call-dialog');
    expect(screen.queryByTestId('confirm-location-modal')).toBeNull();
  });
});

describe('Test emergency calling: errors in place', () => {
  it('a failed start is shown in the intro and can be retried', async () => {
    const { platform } = await openFromButton({
      startTest: { reject: { code: 'no_account', message: 'no SIP account is set up, so there is nothing to test' } },
    });
    fireEvent.click(screen.getByTestId('test-call-start'));
    const error = await within(dialog()).findByTestId('test-call-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('Could not start the test: no SIP account is set up, so there is nothing to test.');
    platform.options.startTest = testCallView();
    fireEvent.click(screen.getByTestId('test-call-start'));
    await waitFor(() => expect(dialog().getAttribute('data-step')).toBe('calling'));
    expect(within(dialog()).queryByTestId('test-call-error')).toBeNull();
  });

  it('a failed answer is shown under the question, which stays', async () => {
    await toQuestion({ answerTest: { reject: { code: 'storage', message: 'the audit log is read-only' } } });
    fireEvent.click(screen.getByTestId('test-answer-matched'));
    const error = await within(dialog()).findByTestId('test-call-error');
    expect(error.textContent).toBe('Could not record your answer: the audit log is read-only.');
    expect(dialog().getAttribute('data-step')).toBe('answer');
    expect((screen.getByTestId('test-answer-matched') as HTMLButtonElement).disabled).toBe(false);
  });

  it('a failed hang-up is shown in the calling step', async () => {
    const { platform } = await openFromButton();
    fireEvent.click(screen.getByTestId('test-call-start'));
    await screen.findByTestId('test-call-hang-up');
    platform.options.hangUp = { reject: { code: 'call_failed', message: 'socket closed' } };
    fireEvent.click(screen.getByTestId('test-call-hang-up'));
    expect((await within(dialog()).findByTestId('test-call-error')).textContent).toBe(
      'Could not hang up: socket closed.',
    );
  });

  it('without a plan, the intro says there is nothing to test', async () => {
    await openFromButton({ status: status({ emergency_plan: null }), plan: null });
    expect(screen.getByTestId('test-call-no-plan').textContent).toContain('nothing to test');
    expect(screen.queryByTestId('test-call-expected')).toBeNull();
  });
});

describe('Test emergency calling: the suggestion', () => {
  it('shows the suggestion from the status report; "Test now" opens the dialog', async () => {
    await renderLoaded({ status: status({ test_suggestion: suggestion() }) });
    const banner = screen.getByTestId('test-suggestion');
    expect(banner.textContent).toContain(
      'Your location changed: run the 933 readback test to check the address 911 would get.',
    );
    fireEvent.click(within(banner).getByTestId('test-suggestion-test'));
    expect(screen.getByTestId('test-call-dialog')).toBeTruthy();
  });

  it('a TestCallSuggested event shows it; "Not now" dismisses it in the shell', async () => {
    const platform = await renderLoaded();
    expect(screen.queryByTestId('test-suggestion')).toBeNull();
    act(() => platform.emit({ type: 'TestCallSuggested', payload: suggestion({ reason: 'never_tested', message: 'Run the test.' }) }));
    const banner = screen.getByTestId('test-suggestion');
    expect(banner.getAttribute('data-reason')).toBe('never_tested');
    fireEvent.click(within(banner).getByRole('button', { name: 'Not now' }));
    expect(platform.dismissTestSuggestion).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.queryByTestId('test-suggestion')).toBeNull());
  });

  it('a failed dismiss keeps the banner and says why', async () => {
    await renderLoaded({
      status: status({ test_suggestion: suggestion() }),
      dismissSuggestion: { reject: { code: 'storage', message: 'read-only data folder' } },
    });
    fireEvent.click(screen.getByTestId('test-suggestion-dismiss'));
    expect((await screen.findByTestId('test-suggestion-error')).textContent).toBe(
      'Could not dismiss the suggestion: read-only data folder.',
    );
    expect(screen.getByTestId('test-suggestion')).toBeTruthy();
  });

  it('a recorded answer clears the suggestion', async () => {
    await toQuestion({ status: status({ test_suggestion: suggestion() }) });
    fireEvent.click(screen.getByTestId('test-answer-matched'));
    await screen.findByTestId('test-call-result');
    expect(screen.queryByTestId('test-suggestion')).toBeNull();
  });

  it('an ended test call found at start can still be answered from the call bar', async () => {
    const platform = await renderLoaded({
      calls: [callView({ call_id: 't0', kind: 'emergency_test', state: 'ended', end_reason: 'hung_up' })],
    });
    fireEvent.click(await screen.findByTestId('call-test-answer'));
    expect(within(dialog()).getByTestId('test-call-expected-number').textContent).toBe('614-555-0100');
    fireEvent.click(screen.getByTestId('test-answer-inaudible'));
    expect(platform.answerTestCall).toHaveBeenCalledWith('t0', 'inaudible');
  });
});
