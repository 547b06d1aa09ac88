import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { NumberCheck } from '../platform/bindings';
import { classify } from '../test/fakePlatform';
import { Dialer } from './Dialer';

function setup(dial: (n: string) => Promise<unknown> = () => Promise.resolve({})) {
  const checkNumber = vi.fn((text: string) => Promise.resolve(classify(text)));
  const dialSpy = vi.fn(dial);
  render(<Dialer checkNumber={checkNumber} dial={dialSpy} />);
  return { checkNumber, dial: dialSpy, input: screen.getByTestId('dialer-number') as HTMLInputElement };
}

function type(input: HTMLInputElement, value: string) {
  fireEvent.input(input, { target: { value } });
}

describe('Dialer', () => {
  it('labels the number from the dial plan as the user types', async () => {
    const { input, checkNumber } = setup();
    const kind = screen.getByTestId('dialer-kind');
    type(input, '9-911');
    await waitFor(() => expect(kind.textContent).toBe('Emergency call — 911'));
    expect(kind.getAttribute('data-kind')).toBe('emergency');
    expect(checkNumber).toHaveBeenLastCalledWith('9-911');
    type(input, '933');
    await waitFor(() => expect(kind.textContent).toBe('Emergency test call — 933'));
    type(input, '(312) 555-0199');
    await waitFor(() => expect(kind.textContent).toBe('Call to 312-555-0199'));
    type(input, '');
    expect(kind.textContent).toBe('');
  });

  it('is labelled and described for screen readers; the label is a live region', () => {
    const { input } = setup();
    expect(screen.getByLabelText('Number or SIP address')).toBe(input);
    const kind = screen.getByTestId('dialer-kind');
    expect(input.getAttribute('aria-describedby')).toBe(kind.id);
    expect(kind.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByTestId('dialer-call').getAttribute('type')).toBe('submit');
  });

  it('drops a classification that answers after newer typing', async () => {
    const answers: Array<(c: NumberCheck) => void> = [];
    const checkNumber = vi.fn(() => new Promise<NumberCheck>((r) => answers.push(r)));
    render(<Dialer checkNumber={checkNumber} dial={() => Promise.resolve()} />);
    const input = screen.getByTestId('dialer-number') as HTMLInputElement;
    type(input, '911');
    await waitFor(() => expect(answers).toHaveLength(1));
    type(input, '3125550199');
    await waitFor(() => expect(answers).toHaveLength(2));
    await act(async () => answers[1]!({ kind: 'normal', target: '3125550199' }));
    await act(async () => answers[0]!({ kind: 'emergency', target: '911' }));
    expect(screen.getByTestId('dialer-kind').textContent).toBe('Call to 312-555-0199');
  });

  it('submitting (Enter) dials the trimmed number and clears the field', async () => {
    const { input, dial } = setup();
    type(input, ' 3125550199 ');
    fireEvent.submit(input.form!);
    expect(dial).toHaveBeenCalledWith('3125550199');
    await waitFor(() => expect(input.value).toBe(''));
    expect(screen.queryByTestId('dialer-error')).toBeNull();
  });

  it('an empty field dials nothing', () => {
    const { input, dial } = setup();
    fireEvent.click(screen.getByTestId('dialer-call'));
    expect(dial).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(input);
  });

  it('a failed normal call shows the message, keeps the number and does not mention 911', async () => {
    const { input } = setup(() => Promise.reject({ code: 'call_failed', message: 'the line is busy' }));
    type(input, '3125550199');
    fireEvent.click(screen.getByTestId('dialer-call'));
    const error = await screen.findByTestId('dialer-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('Could not place the call: the line is busy.');
    expect(input.value).toBe('3125550199');
  });

  it('a failed emergency call always adds "Use another phone for 911."', async () => {
    const { input } = setup(() => Promise.reject({ code: 'no_account', message: 'no SIP account is set up' }));
    type(input, '911');
    // Dialed at once, before the dial plan's label arrives: the wording falls back to the number itself.
    fireEvent.click(screen.getByTestId('dialer-call'));
    const error = await screen.findByTestId('dialer-error');
    expect(error.textContent).toBe('Could not place the call: no SIP account is set up. Use another phone for 911.');
    expect(error.getAttribute('data-code')).toBe('no_account');
  });

  it('an emergency number dials even while another call is being placed (S1)', async () => {
    let finish!: () => void;
    const { input, dial } = setup((n) => (n === '911' ? Promise.resolve() : new Promise<void>((r) => (finish = r))));
    type(input, '3125550199');
    fireEvent.click(screen.getByTestId('dialer-call'));
    fireEvent.click(screen.getByTestId('dialer-call'));
    expect(dial).toHaveBeenCalledTimes(1);
    type(input, '911');
    fireEvent.click(screen.getByTestId('dialer-call'));
    expect(dial).toHaveBeenCalledTimes(2);
    expect(dial).toHaveBeenLastCalledWith('911');
    await act(async () => finish());
  });
});
