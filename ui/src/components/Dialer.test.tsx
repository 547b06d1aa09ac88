import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { DialLink, NumberCheck } from '../platform/bindings';
import { classify, normaliseLink } from '../test/fakePlatform';
import { dialLink } from '../test/fixtures';
import { Dialer, type DialerProps } from './Dialer';

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

/** The dialer as the app renders it: with Redial, recent numbers and links. */
function setupFull(props: Partial<DialerProps> = {}) {
  const checkNumber = vi.fn((text: string) => Promise.resolve(classify(text)));
  const dial = vi.fn(() => Promise.resolve({}));
  const redial = vi.fn(() => Promise.resolve({}));
  const openDialLink = vi.fn((link: string) => {
    const answer = normaliseLink(link);
    return 'reject' in answer ? Promise.reject(answer.reject) : Promise.resolve(answer);
  });
  const onLinkShown = vi.fn();
  const all = { checkNumber, dial, redial, openDialLink, onLinkShown, recent: [] as string[], ...props };
  const view = render(<Dialer {...all} />);
  return { ...all, view, input: screen.getByTestId('dialer-number') as HTMLInputElement };
}

function paste(input: HTMLInputElement, text: string) {
  fireEvent.paste(input, { clipboardData: { getData: () => text } });
}

describe('Dialer: redial and recent numbers', () => {
  it('Redial is disabled until something has been dialed', () => {
    const { redial } = setupFull({ recent: [] });
    const button = screen.getByTestId('dialer-redial') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    expect(redial).not.toHaveBeenCalled();
    expect(screen.queryByRole('list', { name: 'Recent:' })).toBeNull();
  });

  it('Redial dials the last number again through the redial command, not the field', async () => {
    const { redial, dial, input } = setupFull({ recent: ['3125550199', '911'] });
    const button = screen.getByTestId('dialer-redial') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-label')).toBe('Redial 312-555-0199');
    type(input, '6145550100');
    fireEvent.click(button);
    expect(redial).toHaveBeenCalledTimes(1);
    expect(dial).not.toHaveBeenCalled();
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('false'));
    expect(input.value).toBe('6145550100');
  });

  it('a failed redial is shown like a failed call, with the 911 advice when it was an emergency call', async () => {
    const failing = () => Promise.reject({ code: 'call_failed', message: 'nothing has been dialed yet' });
    setupFull({ recent: ['3125550199'], redial: failing });
    fireEvent.click(screen.getByTestId('dialer-redial'));
    expect((await screen.findByTestId('dialer-error')).textContent).toBe(
      'Could not place the call: nothing has been dialed yet.',
    );
    cleanup();
    setupFull({ recent: ['911'], redial: () => Promise.reject({ code: 'no_account', message: 'no SIP account' }) });
    expect(screen.getByTestId('dialer-redial').getAttribute('aria-label')).toBe('Redial 911 (emergency)');
    fireEvent.click(screen.getByTestId('dialer-redial'));
    expect((await screen.findByTestId('dialer-error')).textContent).toBe(
      'Could not place the call: no SIP account. Use another phone for 911.',
    );
  });

  it('offers up to five recent numbers; one fills the field and is labelled, but is not dialed', async () => {
    const recent = ['3125550199', '911', '6145550101', '6145550102', '6145550103', '6145550104'];
    const { input, dial } = setupFull({ recent });
    const list = screen.getByRole('list', { name: 'Recent:' });
    expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual([
      '312-555-0199',
      '911',
      '614-555-0101',
      '614-555-0102',
      '614-555-0103',
    ]);
    expect(screen.queryByTestId('dialer-recent-6145550104')).toBeNull();

    fireEvent.click(screen.getByTestId('dialer-recent-911'));
    expect(input.value).toBe('911');
    expect(document.activeElement).toBe(input);
    await waitFor(() => expect(screen.getByTestId('dialer-kind').textContent).toBe('Emergency call — 911'));
    expect(dial).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('dialer-recent-3125550199'));
    expect(input.value).toBe('3125550199');
    fireEvent.submit(input.form!);
    expect(dial).toHaveBeenCalledWith('3125550199');
  });
});

describe('Dialer: links', () => {
  it('a link fills and focuses the field, says where it came from, and is never dialed by itself', async () => {
    const link: DialLink = dialLink();
    const { input, dial, onLinkShown } = setupFull({ link });
    expect(input.value).toBe('+16145550100');
    expect(document.activeElement).toBe(input);
    expect(screen.getByTestId('dialer-link-source').textContent).toBe('Opened from link: tel:+1-614-555-0100');
    expect(onLinkShown).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(dial).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('dialer-call'));
    expect(dial).toHaveBeenCalledWith('+16145550100');
    await waitFor(() => expect(screen.queryByTestId('dialer-link-source')).toBeNull());
  });

  it('a tel:911 link is labelled an emergency call at once, and still waits for the user', async () => {
    const { dial } = setupFull({
      link: dialLink({ link: 'tel:911', text: '911', check: { kind: 'emergency', target: '911' } }),
    });
    const kind = screen.getByTestId('dialer-kind');
    expect(kind.textContent).toBe('Emergency call — 911');
    expect(kind.getAttribute('data-kind')).toBe('emergency');
    expect(screen.getByTestId('dialer-call').className).toContain('button--emergency');
    await new Promise((r) => setTimeout(r, 200));
    expect(dial).not.toHaveBeenCalled();
  });

  it('a pasted tel: link is turned into dialer text by the shell, and not dialed', async () => {
    const { input, openDialLink, dial } = setupFull();
    paste(input, 'tel:+1-614-555-0100');
    expect(openDialLink).toHaveBeenCalledWith('tel:+1-614-555-0100');
    await waitFor(() => expect(input.value).toBe('+16145550100'));
    expect(screen.queryByTestId('dialer-link-error')).toBeNull();
    expect(dial).not.toHaveBeenCalled();
  });

  it('a pasted sip: link is normalised too; a pasted number is left to the browser', async () => {
    const { input, openDialLink } = setupFull();
    paste(input, ' sip:alice@example.com ');
    await waitFor(() => expect(input.value).toBe('sip:alice@example.com'));
    expect(openDialLink).toHaveBeenCalledWith('sip:alice@example.com');
    paste(input, '(312) 555-0199');
    expect(openDialLink).toHaveBeenCalledTimes(1);
  });

  it('a link the shell cannot read keeps the pasted text and shows why next to the field', async () => {
    const { input } = setupFull({
      openDialLink: () => Promise.reject({ code: 'invalid_link', message: 'tel:abc is not a phone number' }),
    });
    paste(input, 'tel:abc');
    const error = await screen.findByTestId('dialer-link-error');
    expect(error.textContent).toBe('Could not read the link: tel:abc is not a phone number.');
    expect(error.getAttribute('role')).toBe('alert');
    expect(input.value).toBe('tel:abc');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
    type(input, 'tel:');
    expect(screen.queryByTestId('dialer-link-error')).toBeNull();
  });

  it('an answer for a pasted link that arrives after the user typed on is dropped', async () => {
    let finish!: (link: DialLink) => void;
    const { input } = setupFull({ openDialLink: () => new Promise<DialLink>((r) => (finish = r)) });
    paste(input, 'tel:+1-614-555-0100');
    type(input, '3125550199');
    await act(async () => finish(dialLink()));
    expect(input.value).toBe('3125550199');
  });
});
