import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { MOVING_QUESTION } from '../components/ConfirmLocationModal';
import type { ConfirmRequest } from '../platform/bindings';
import { fakeValidate } from '../test/addressValidator';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { homeLocation, locateConfirm, locateNoNetwork, locateResolved } from '../test/fixtures';
import { App } from './App';

async function renderApp(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  return platform;
}

/** Renders with the location unconfirmed and waits for the dialog. */
async function renderAsking(options: FakePlatformOptions = {}) {
  const platform = await renderApp({ locate: locateConfirm('unknown_network'), ...options });
  const modal = await screen.findByTestId('confirm-location-modal');
  return { platform, modal };
}

function input(container: HTMLElement, name: string): HTMLInputElement {
  const found = container.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!found) throw new Error(`no input[name=${name}]`);
  return found;
}

function select(container: HTMLElement, name: string): HTMLSelectElement {
  const found = container.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
  if (!found) throw new Error(`no select[name=${name}]`);
  return found;
}

function type(container: HTMLElement, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    if (name === 'a1' || name === 'country') fireEvent.change(select(container, name), { target: { value } });
    else fireEvent.input(input(container, name), { target: { value } });
  }
}

const GOOD_ADDRESS = { label: 'Cabin', hno: '42', rd: 'Lake', sts: 'Rd', a3: 'Duluth', a1: 'MN', pc: '55802' };

function lastConfirm(platform: { confirmLocation: unknown }): ConfirmRequest {
  const calls = (platform.confirmLocation as { mock: { calls: ConfirmRequest[][] } }).mock.calls;
  return calls[calls.length - 1]![0]!;
}

/** Visible and usable: not disabled, not hidden, not inside an inert or aria-hidden region. */
function expectReachable(element: HTMLElement) {
  expect(element.isConnected).toBe(true);
  expect((element as HTMLButtonElement).disabled).toBe(false);
  expect(element.closest('[inert]')).toBeNull();
  expect(element.closest('[aria-hidden="true"]')).toBeNull();
  expect(element.closest('[hidden]')).toBeNull();
  for (let node: HTMLElement | null = element; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    expect(style.display).not.toBe('none');
    expect(style.visibility).not.toBe('hidden');
  }
}

describe('confirmation dialog: when it appears', () => {
  it('appears for confirm_required, labelled, modal, with the reason in plain words', async () => {
    const { modal } = await renderAsking();
    const dialog = screen.getByRole('dialog', { name: 'Confirm where you are' });
    expect(dialog).toBe(modal);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByTestId('confirm-reason').textContent).toBe("You're on a network Locus hasn't seen before.");
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent).toContain(
      'E911 is not armed until you confirm',
    );
    // The page behind is out of reach while it is open.
    expect(document.querySelector('main')!.hasAttribute('inert')).toBe(true);
  });

  it.each([
    ['stale', "It's been a while since you confirmed this location."],
    ['conflicting_signals', 'Network signals disagree about where you are.'],
    ['moving_network', 'This network moves with you (hotspot'],
    ['it_map_changed', 'IT department changed'],
    ['user_moved', "You said you're somewhere else."],
    ['unidentifiable', "Locus can't identify this network"],
  ] as const)('explains the reason %s', async (reason, text) => {
    await renderApp({ locate: locateConfirm(reason) });
    expect((await screen.findByTestId('confirm-reason')).textContent).toContain(text);
  });

  it('does not appear when the location is resolved or there is no network', async () => {
    await renderApp({ locate: locateResolved() });
    expect(screen.queryByTestId('confirm-location-modal')).toBeNull();
    expect(document.querySelector('main')!.hasAttribute('inert')).toBe(false);
    expect(screen.getByTestId('current-location-label').textContent).toBe('HQ — floor 3');
  });

  it('does not appear with no network', async () => {
    await renderApp({ locate: locateNoNetwork() });
    expect(screen.queryByTestId('confirm-location-modal')).toBeNull();
    expect(screen.getByTestId('current-location-none')).toBeTruthy();
  });
});

describe('confirmation dialog: cannot be dismissed without an answer', () => {
  it('has no close button and ignores Escape and clicks on the backdrop', async () => {
    const { modal } = await renderAsking();
    const names = within(modal)
      .getAllByRole('button')
      .map((b) => b.textContent ?? '');
    expect(names.some((n) => /close|dismiss|cancel|later|skip|×/i.test(n))).toBe(false);

    fireEvent.keyDown(modal, { key: 'Escape' });
    fireEvent.keyDown(document, { key: 'Escape' });
    const backdrop = screen.getByTestId('confirm-location-backdrop');
    fireEvent.mouseDown(backdrop);
    fireEvent.click(backdrop);
    expect(screen.getByTestId('confirm-location-modal')).toBe(modal);
  });

  it('takes the focus when it opens and keeps Tab inside', async () => {
    const { modal } = await renderAsking();
    expect(document.activeElement).toBe(modal);
    const focusable = [...modal.querySelectorAll<HTMLElement>('button:not([disabled]), input, select')];
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);

    // Focus that escapes to the page behind is brought back.
    screen.getByRole('button', { name: 'Refresh' }).focus();
    expect(modal.contains(document.activeElement)).toBe(true);
  });
});

describe('confirmation dialog: answering', () => {
  it('offers the suggestions with label and one-line address, and confirms the one picked', async () => {
    const { platform, modal } = await renderAsking();
    const suggestions = within(modal).getAllByTestId('suggestion');
    expect(suggestions).toHaveLength(2);
    expect(suggestions[0]!.textContent).toContain('Home office');
    expect(suggestions[0]!.textContent).toContain('12 Elm Ave, Oak Park, IL 60302, US');
    expect(suggestions[1]!.textContent).toContain('HQ — floor 3');
    expect(suggestions[1]!.textContent).toContain('From IT');

    fireEvent.click(suggestions[0]!);
    await waitFor(() => expect(screen.queryByTestId('confirm-location-modal')).toBeNull());
    expect(platform.confirmLocation).toHaveBeenCalledWith({
      choice: { choice: 'existing', location_id: 'p-home' },
      moving_with_user: false,
    });
    expect(screen.getByTestId('current-location-label').textContent).toBe('Home office');
    expect(document.querySelector('main')!.hasAttribute('inert')).toBe(false);
  });

  it('shows a failure to confirm inside the dialog and stays open', async () => {
    const { modal } = await renderAsking({ confirm: { reject: { code: 'database', message: 'database is locked' } } });
    fireEvent.click(within(modal).getAllByTestId('suggestion')[0]!);
    expect((await within(modal).findByTestId('confirm-error')).textContent).toContain('database is locked');
    expect(screen.getByTestId('confirm-location-modal')).toBe(modal);
  });

  it('ask_if_moving shows the question and sends moving_with_user', async () => {
    const { platform, modal } = await renderAsking({ locate: locateConfirm('unknown_network', { askIfMoving: true }) });
    const box = within(modal).getByRole<HTMLInputElement>('checkbox', { name: MOVING_QUESTION });
    expect(box).toBe(input(modal, 'moving_with_user'));
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    fireEvent.click(within(modal).getAllByTestId('suggestion')[1]!);
    await waitFor(() => expect(platform.confirmLocation).toHaveBeenCalledOnce());
    expect(lastConfirm(platform)).toEqual({
      choice: { choice: 'existing', location_id: 'it-hq-3' },
      moving_with_user: true,
    });
  });

  it('does not ask whether the network moves when ask_if_moving is false', async () => {
    const { modal } = await renderAsking();
    expect(modal.querySelector('input[name="moving_with_user"]')).toBeNull();
    expect(within(modal).queryByText(MOVING_QUESTION)).toBeNull();
  });

  it('a network already marked as moving keeps being treated as moving unless unticked', async () => {
    const { platform, modal } = await renderAsking({ locate: locateConfirm('moving_network') });
    expect(input(modal, 'moving_with_user').checked).toBe(true);
    fireEvent.click(within(modal).getAllByTestId('suggestion')[0]!);
    await waitFor(() => expect(platform.confirmLocation).toHaveBeenCalledOnce());
    expect(lastConfirm(platform).moving_with_user).toBe(true);
  });
});

describe('confirmation dialog: a new address', () => {
  async function openForm(options: FakePlatformOptions = {}) {
    const result = await renderAsking({ validate: fakeValidate, ...options });
    fireEvent.click(within(result.modal).getByRole('button', { name: 'Enter a new address' }));
    const form = within(result.modal).getByRole('form', { name: 'New address' });
    return { ...result, form };
  }

  it('has every field, named by its CLDXF key, with US and State defaults', async () => {
    const { form } = await openForm();
    for (const name of ['label', 'hno', 'hns', 'prd', 'rd', 'sts', 'pod', 'a3', 'pc', 'flr', 'unit', 'room', 'bld', 'loc']) {
      const field = input(form, name);
      expect(field.labels?.length, name).toBe(1);
    }
    expect(input(form, 'multi_storey').type).toBe('checkbox');
    expect(select(form, 'country').value).toBe('US');
    expect(within(form).getByLabelText(/^State/)).toBe(select(form, 'a1'));
    expect([...select(form, 'a1').options].map((o) => o.value)).toContain('NY');
    expect(document.activeElement).toBe(input(form, 'label'));
  });

  it('switching to Canada offers provinces and asks for a province', async () => {
    const { form } = await openForm();
    type(form, { a1: 'NY' });
    type(form, { country: 'CA' });
    const a1 = select(form, 'a1');
    expect(a1.value).toBe('');
    expect([...a1.options].map((o) => o.value)).toContain('ON');
    expect([...a1.options].map((o) => o.value)).not.toContain('NY');
    expect(within(form).getByLabelText(/^Province/)).toBe(a1);
  });

  it('shows problems from validateAddress next to their fields as the user types', async () => {
    const { platform, form } = await openForm();
    type(form, { hno: '12A' });
    const error = await within(form).findByTestId('field-error-hno');
    expect(error.textContent).toBe('House number must be digits only.');
    const hno = input(form, 'hno');
    expect(hno.getAttribute('aria-invalid')).toBe('true');
    expect(hno.getAttribute('aria-describedby')!.split(' ')).toContain(error.id);
    expect(platform.validateAddress).toHaveBeenLastCalledWith(expect.objectContaining({ hno: '12A', country: 'US' }));
    // Problems with fields the user has not reached yet are not shown before a submit.
    expect(within(form).queryByTestId('field-error-rd')).toBeNull();

    type(form, { hno: '12' });
    await waitFor(() => expect(within(form).queryByTestId('field-error-hno')).toBeNull());
    expect(hno.hasAttribute('aria-invalid')).toBe(false);
  });

  it('submitting an incomplete address shows every problem and sends nothing', async () => {
    const { platform, form } = await openForm();
    type(form, { label: 'Cabin', hno: '42' });
    fireEvent.click(within(form).getByTestId('confirm-submit'));
    await within(form).findByTestId('field-error-rd');
    expect(within(form).getByTestId('field-error-a3').textContent).toBe('City is required.');
    expect(within(form).getByTestId('field-error-pc')).toBeTruthy();
    expect(within(form).getByTestId('field-error-a1')).toBeTruthy();
    expect(within(form).queryByTestId('field-error-hno')).toBeNull();
    expect(platform.confirmLocation).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(input(form, 'rd'));
  });

  it('a place needs a name', async () => {
    const { platform, form } = await openForm();
    type(form, { ...GOOD_ADDRESS, label: '  ' });
    fireEvent.click(within(form).getByTestId('confirm-submit'));
    expect((await within(form).findByTestId('field-error-label')).textContent).toBe('Give this place a name.');
    expect(platform.confirmLocation).not.toHaveBeenCalled();
  });

  it('warns next to the floor when a multi-storey building has no floor, unit or room', async () => {
    const { form } = await openForm();
    type(form, GOOD_ADDRESS);
    fireEvent.click(input(form, 'multi_storey'));
    const warning = await within(form).findByTestId('dispatchable-warning');
    expect(warning.textContent).toContain('add the floor, unit or room');
    expect(input(form, 'flr').getAttribute('aria-describedby')).toContain(warning.id);
    type(form, { flr: '2' });
    await waitFor(() => expect(within(form).queryByTestId('dispatchable-warning')).toBeNull());
  });

  it('confirms a valid new address and closes', async () => {
    const { platform, form } = await openForm();
    type(form, { ...GOOD_ADDRESS, flr: '1' });
    fireEvent.click(input(form, 'multi_storey'));
    fireEvent.click(within(form).getByTestId('confirm-submit'));
    await waitFor(() => expect(screen.queryByTestId('confirm-location-modal')).toBeNull());
    expect(lastConfirm(platform)).toEqual({
      choice: {
        choice: 'new',
        label: 'Cabin',
        address: expect.objectContaining({
          hno: '42',
          rd: 'Lake',
          sts: 'Rd',
          a3: 'Duluth',
          a1: 'MN',
          pc: '55802',
          country: 'US',
          flr: '1',
          multi_storey: true,
        }),
      },
      moving_with_user: false,
    });
    expect(screen.getByTestId('current-location-label').textContent).toBe('Cabin');
    expect(screen.getByTestId('how-obtained').textContent).toBe('You entered this address');
  });

  it('maps an invalid_address rejection onto the fields and keeps what was typed', async () => {
    const { platform, form, modal } = await openForm({
      validate: { problems: [], dispatchable: true, not_dispatchable_because: null },
      confirm: {
        reject: {
          code: 'invalid_address',
          message:
            'the address is not valid: hno: House number must be digits only; put a letter in the suffix.; pc: "55802" is not a ZIP code: use 5 digits.; seat: Too long.',
        },
      },
    });
    type(form, GOOD_ADDRESS);
    fireEvent.click(within(form).getByTestId('confirm-submit'));

    const hnoError = await within(form).findByTestId('field-error-hno');
    expect(hnoError.textContent).toBe('House number must be digits only');
    expect(within(form).getByTestId('field-error-pc').textContent).toBe('"55802" is not a ZIP code: use 5 digits.');
    // "put a letter in the suffix." names no field; seat is not on the form: both are shown for the form.
    const general = within(form).getByTestId('form-errors');
    expect(general.textContent).toContain('put a letter in the suffix.');
    expect(general.textContent).toContain('seat: Too long.');
    expect(platform.confirmLocation).toHaveBeenCalledOnce();
    expect(screen.getByTestId('confirm-location-modal')).toBe(modal);
    for (const [name, value] of Object.entries(GOOD_ADDRESS)) {
      expect(name === 'a1' ? select(form, name).value : input(form, name).value).toBe(value);
    }
    expect(document.activeElement).toBe(input(form, 'hno'));

    // Editing a field clears the shell's complaint about it.
    type(form, { pc: '55803' });
    expect(within(form).queryByTestId('field-error-pc')).toBeNull();
    expect(within(form).getByTestId('field-error-hno')).toBeTruthy();
  });

  it('"Back to places" returns to the suggestions without closing', async () => {
    const { modal, form } = await openForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Back to places' }));
    expect(within(modal).getAllByTestId('suggestion')).toHaveLength(2);
    expect(document.activeElement).toBe(within(modal).getByTestId('enter-new-address'));
  });
});

describe('S1: 911 stays reachable while the dialog is open', () => {
  it('"Call 911" is in the dialog and in the top bar, visible and enabled', async () => {
    const { modal } = await renderAsking();
    const buttons = screen.getAllByTestId('emergency-dial');
    expect(buttons).toHaveLength(2);
    const inDialog = within(modal).getByTestId('emergency-dial');
    const inTopbar = buttons.find((b) => b !== inDialog)!;
    expect(inTopbar.closest('header.topbar')).not.toBeNull();
    expect(inDialog.textContent).toBe('Call 911');
    expectReachable(inDialog);
    expectReachable(inTopbar);

    // Using it does not answer or close the dialog.
    expect(screen.getByTestId('confirm-location-modal')).toBe(modal);
  });

  it('dials 911 from inside the dialog and from the top bar, and the 911 call screen is reachable', async () => {
    const { platform, modal } = await renderAsking();
    fireEvent.click(within(modal).getByTestId('emergency-dial'));
    expect(platform.dial).toHaveBeenCalledWith('911');
    const panel = await screen.findByTestId('call-panel');
    expect(panel.getAttribute('data-kind')).toBe('emergency');
    expect(panel.closest('header.topbar')).not.toBeNull();
    expectReachable(within(panel).getByTestId('call-hang-up'));
    expect(screen.getByTestId('confirm-location-modal')).toBe(modal);

    const inTopbar = screen.getAllByTestId('emergency-dial').find((b) => !modal.contains(b))!;
    fireEvent.click(inTopbar);
    expect(platform.dial).toHaveBeenCalledTimes(2);
    expect(vi.mocked(platform.dial).mock.calls[1]).toEqual(['911']);
  });

  it('a failed 911 call says so and tells the user to use another phone', async () => {
    const { modal } = await renderAsking({ dial: { reject: { code: 'call_failed', message: 'no route to host' } } });
    fireEvent.click(within(modal).getByTestId('emergency-dial'));
    await waitFor(() =>
      expect(within(modal).getByTestId('emergency-dial-note').textContent).toBe(
        'Could not start the call: no route to host. Use another phone for 911.',
      ),
    );
  });

  it('stays reachable in the new-address form too', async () => {
    const { modal } = await renderAsking();
    fireEvent.click(within(modal).getByTestId('enter-new-address'));
    expectReachable(within(modal).getByTestId('emergency-dial'));
  });
});

describe('location events', () => {
  it('a LocationResolved event re-reads locate() and closes the dialog', async () => {
    const { platform } = await renderAsking();
    expect(platform.locate).not.toHaveBeenCalled();
    platform.options.locate = locateResolved(homeLocation());
    act(() => platform.emit({ type: 'LocationResolved', payload: { location_id: 'p-home', label: 'Home office' } }));
    await waitFor(() => expect(screen.queryByTestId('confirm-location-modal')).toBeNull());
    expect(platform.locate).toHaveBeenCalled();
    expect(screen.getByTestId('current-location-label').textContent).toBe('Home office');
  });

  it('a LocationConfirmRequired event re-reads locate() and opens the dialog', async () => {
    const platform = await renderApp({ locate: locateResolved() });
    expect(screen.queryByTestId('confirm-location-modal')).toBeNull();
    platform.options.locate = locateConfirm('conflicting_signals');
    act(() =>
      platform.emit({
        type: 'LocationConfirmRequired',
        payload: { reason: 'conflicting_signals', suggestions: [{ location_id: 'p-home', label: 'Home office' }] },
      }),
    );
    expect((await screen.findByTestId('confirm-reason')).textContent).toBe(
      'Network signals disagree about where you are.',
    );
    expect(platform.locate).toHaveBeenCalledOnce();
  });
});

describe('status screen: readiness and current location', () => {
  it('amber readiness says E911 is not armed', async () => {
    await renderAsking();
    expect(screen.getByTestId('readiness').getAttribute('data-level')).toBe('amber');
    expect(screen.getByTestId('readiness').textContent).toContain('E911 not armed — confirm your location');
  });

  it('shows the current location, how it was obtained, confidence and why', async () => {
    await renderApp({ locate: locateResolved() });
    const card = screen.getByTestId('current-location');
    expect(screen.getByTestId('current-location-label').textContent).toBe('HQ — floor 3');
    expect(screen.getByTestId('current-location-address').textContent).toBe('200 N Main St, Floor 3, Springfield, IL 62701, US');
    expect(screen.getByTestId('how-obtained').textContent).toBe("From your IT department's map");
    expect(screen.getByTestId('confidence').textContent).toBe('High');
    const why = within(card).getByTestId('evidence');
    expect(why.tagName).toBe('DETAILS');
    expect(within(why).getByText('Why Locus thinks so').tagName).toBe('SUMMARY');
    const rows = within(why).getAllByTestId('evidence-row');
    expect(rows.map((r) => r.getAttribute('data-verdict'))).toEqual(['chosen', 'ignored_untrusted']);
    expect(rows[0]!.textContent).toContain('Wi-Fi access point');
    expect(rows[0]!.textContent).toContain('f0:9f:c2:aa:bb:01');
    expect(rows[0]!.textContent).toContain('HQ — floor 3');
    expect(rows[1]!.textContent).toContain('ignored: public IP not trusted');
  });

  it('"I\'m somewhere else" calls reportMoved and the dialog asks again', async () => {
    const platform = await renderApp({ locate: locateResolved() });
    fireEvent.click(screen.getByRole('button', { name: "I'm somewhere else" }));
    expect((await screen.findByTestId('confirm-reason')).textContent).toBe("You said you're somewhere else.");
    expect(platform.reportMoved).toHaveBeenCalledOnce();
  });

  it('a failed "I\'m somewhere else" is shown in an alert', async () => {
    await renderApp({ moved: { reject: { code: 'database', message: 'locked' } } });
    fireEvent.click(screen.getByTestId('report-moved'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not ask for your location again');
    expect(alert.textContent).toContain('locked');
    expect(screen.queryByTestId('confirm-location-modal')).toBeNull();
  });

});
