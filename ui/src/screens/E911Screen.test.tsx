// Tests for the E911 page, through the whole app on the fake platform: the carrier overview, "Sync now", the
// corrections dialog and the re-read on `CarrierStateChanged`.

import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import type { CarrierOverview } from '../platform/bindings';
import { createFakePlatform, type FakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import {
  CALLBACK_DID,
  address,
  carrierAccount,
  carrierDid,
  carrierOverview,
  carrierSuggestion,
  registeredAddress,
} from '../test/fixtures';

const FAX_DID = '6145550199';
const OTHER_DID = '6145550123';
const SPARE_DID = '6145550124';

async function renderApp(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  return platform;
}

function openE911() {
  fireEvent.click(screen.getByTestId('nav-e911'));
}

/** Renders the app, opens the E911 page and waits for the overview's first account (or the empty state). */
async function openWith(carrier: CarrierOverview, options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const platform = await renderApp({ carrier, ...options });
  openE911();
  await waitFor(() => expect(screen.queryByTestId('carrier-loading')).toBeNull());
  return platform;
}

function row(did: string): HTMLElement {
  return screen.getByTestId(`carrier-did-${did}`);
}

function pill(did: string): HTMLElement {
  return screen.getByTestId(`carrier-status-${did}`);
}

function button(testId: string): HTMLButtonElement {
  return screen.getByTestId(testId) as HTMLButtonElement;
}

/** The callback number waits for a decision on two corrections. */
function undecided(): CarrierOverview {
  return carrierOverview({
    accounts: [
      carrierAccount({
        dids: [
          carrierDid({
            status: 'needs_user_decision',
            suggestions: [
              carrierSuggestion(),
              carrierSuggestion({
                address: address({ sts: 'Street' }),
                changes: [{ field: 'street_suffix', current: 'St', suggested: 'Street' }],
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

/** Opens the corrections dialog for the callback number. */
async function openDialog(options: FakePlatformOptions = {}) {
  const platform = await openWith(undecided(), options);
  const review = button(`carrier-review-${CALLBACK_DID}`);
  review.focus();
  fireEvent.click(review);
  const dialog = screen.getByRole('dialog', { name: 'The carrier suggests corrections' });
  return { platform, dialog, review };
}

describe('E911 page: navigation', () => {
  it('is the tab after Organization; opening it reads the carrier overview once', async () => {
    const platform = await renderApp();
    const tabs = within(screen.getByRole('navigation', { name: 'Pages' })).getAllByRole('button');
    expect(tabs.map((t) => t.textContent)).toEqual(['Status', 'History', 'Locations', 'Organization', 'E911', 'Accounts']);
    expect(platform.carrierOverview).not.toHaveBeenCalled();

    openE911();
    await screen.findByTestId('carrier-account-work');
    expect(screen.getByTestId('nav-e911').getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('E911');
    expect(screen.getByTestId('e911-screen')).toBeTruthy();
    expect(platform.carrierOverview).toHaveBeenCalledOnce();
    expect(platform.syncCarrier).not.toHaveBeenCalled();
  });

  it('shows a loading state until the overview arrives', async () => {
    const platform = await renderApp();
    let finish!: (overview: CarrierOverview) => void;
    vi.mocked(platform.carrierOverview).mockReturnValueOnce(new Promise((r) => (finish = r)));
    openE911();
    expect((await screen.findByTestId('carrier-loading')).textContent).toBe("Reading your carriers' E911 records…");
    expect(screen.getByTestId('e911-screen').getAttribute('aria-busy')).toBe('true');
    await act(async () => finish(carrierOverview()));
    expect(screen.queryByTestId('carrier-loading')).toBeNull();
    expect(screen.getByTestId('carrier-account-work')).toBeTruthy();
    expect(screen.getByTestId('e911-screen').getAttribute('aria-busy')).toBe('false');
  });

  it('a failed read is shown as an alert with its message, and can be tried again', async () => {
    const failure = { code: 'storage', message: 'carriers.json: permission denied' };
    const platform = await renderApp({ carrier: { reject: failure } });
    openE911();
    const alert = await screen.findByTestId('error-alert');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain("Could not read your carriers' E911 records");
    expect(within(alert).getByTestId('error-message').textContent).toBe('carriers.json: permission denied');
    expect(within(alert).getByTestId('error-code').textContent).toBe('storage');
    expect(screen.getByTestId('carrier-unread').textContent).toContain('have not been read');

    platform.options.carrier = carrierOverview();
    fireEvent.click(screen.getByTestId('carrier-retry'));
    await screen.findByTestId('carrier-account-work');
    expect(platform.carrierOverview).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('error-alert')).toBeNull();
  });
});

describe('E911 page: the overview', () => {
  it('shows each DID with its number, description, caller ID badge, carrier address and status', async () => {
    await openWith(
      carrierOverview({
        accounts: [
          carrierAccount({
            dids: [
              carrierDid(),
              carrierDid({
                did: FAX_DID,
                description: 'Fax',
                emergency_caller_id: false,
                status: 'not_provisioned',
                carrier_has: null,
                wanted: null,
              }),
              carrierDid({
                did: OTHER_DID,
                description: 'Front desk',
                emergency_caller_id: false,
                status: 'mismatch',
                carrier_has: registeredAddress({ did: OTHER_DID, address: address({ hno: '210', a3: 'Sprngfield' }) }),
                differences: [
                  { field: 'street_number', ours: '200', carrier: '210' },
                  { field: 'city', ours: 'Springfield', carrier: 'Sprngfield' },
                ],
              }),
              carrierDid({
                did: SPARE_DID,
                description: 'Spare',
                emergency_caller_id: false,
                status: 'failed',
                message: 'the carrier rejected the address: unknown street',
              }),
            ],
          }),
        ],
      }),
    );
    const account = screen.getByTestId('carrier-account-work');
    expect(within(account).getByRole('heading', { level: 2 }).textContent).toBe('work — VoIP.ms');
    expect(within(account).getByTestId('carrier-follows-work').textContent).toBe(
      'The 911 callback number follows your confirmed location',
    );
    expect(within(account).queryByRole('alert')).toBeNull();

    const callback = row(CALLBACK_DID);
    expect(within(callback).getByTestId('carrier-did-number').textContent).toBe('(614) 555-0100');
    expect(within(callback).getByTestId('carrier-caller-id').textContent).toBe('911 caller ID');
    expect(within(callback).getByTestId('carrier-did-description').textContent).toBe('Office line');
    expect(within(callback).getByTestId('carrier-did-address').textContent).toBe(
      '200 N Main St, Springfield, IL 62701, US',
    );
    expect(pill(CALLBACK_DID).textContent).toBe('Active');
    expect(pill(CALLBACK_DID).className).toContain('e911-pill--green');
    expect(within(callback).queryByTestId('carrier-did-message')).toBeNull();

    const fax = row(FAX_DID);
    expect(within(fax).getByTestId('carrier-did-number').textContent).toBe('(614) 555-0199');
    expect(within(fax).queryByTestId('carrier-caller-id')).toBeNull();
    expect(within(fax).getByTestId('carrier-did-address').textContent).toBe('No E911 address');
    expect(pill(FAX_DID).textContent).toBe('Not provisioned');

    expect(pill(OTHER_DID).textContent).toBe('Mismatch');
    expect(pill(OTHER_DID).className).toContain('e911-pill--red');
    expect(within(row(OTHER_DID)).getByTestId('carrier-did-address').textContent).toBe(
      '210 N Main St, Sprngfield, IL 62701, US',
    );
    expect(within(row(OTHER_DID)).getAllByTestId('carrier-difference').map((li) => li.textContent)).toEqual([
      'street number: 200 → 210',
      'city: Springfield → Sprngfield',
    ]);

    expect(pill(SPARE_DID).textContent).toBe('Failed');
    expect(pill(SPARE_DID).className).toContain('e911-pill--red');
    expect(within(row(SPARE_DID)).getByTestId('carrier-did-message').textContent).toBe(
      'the carrier rejected the address: unknown street',
    );
    expect(within(row(SPARE_DID)).queryByTestId('carrier-difference')).toBeNull();
    expect(screen.queryByTestId(`carrier-review-${SPARE_DID}`)).toBeNull();
  });

  it('names the other statuses: pending, needs your decision, kept your address', async () => {
    await openWith(
      carrierOverview({
        accounts: [
          carrierAccount({
            dids: [
              carrierDid({ status: 'pending', message: 'Waiting for the carrier to apply the update' }),
              carrierDid({ did: FAX_DID, status: 'needs_user_decision', suggestions: [carrierSuggestion()] }),
              carrierDid({ did: OTHER_DID, status: 'declined' }),
            ],
          }),
        ],
      }),
    );
    expect(pill(CALLBACK_DID).textContent).toBe('Pending');
    expect(pill(CALLBACK_DID).className).toContain('e911-pill--amber');
    expect(within(row(CALLBACK_DID)).getByTestId('carrier-did-message').textContent).toBe(
      'Waiting for the carrier to apply the update',
    );
    expect(pill(FAX_DID).textContent).toBe('Needs your decision');
    expect(button(`carrier-review-${FAX_DID}`).textContent).toBe('Review corrections');
    expect(pill(OTHER_DID).textContent).toBe('Kept your address');
    expect(screen.queryByTestId(`carrier-review-${CALLBACK_DID}`)).toBeNull();
    expect(screen.queryByTestId(`carrier-review-${OTHER_DID}`)).toBeNull();
  });

  it("shows an account's carrier error with its code, on that account only", async () => {
    await openWith(
      carrierOverview({
        accounts: [
          carrierAccount(),
          carrierAccount({
            account_id: 'home',
            carrier: 'webhook',
            follows_location: false,
            dids: [],
            error: { code: 'auth_failed', message: 'the carrier refused the API password' },
          }),
        ],
      }),
    );
    const home = screen.getByTestId('carrier-account-home');
    expect(within(home).getByRole('heading', { level: 2 }).textContent).toBe('home — Organisation webhook');
    expect(within(home).queryByTestId('carrier-follows-home')).toBeNull();
    const error = within(home).getByRole('alert');
    expect(error.getAttribute('data-testid')).toBe('carrier-error-home');
    expect(error.textContent).toContain('the carrier refused the API password');
    expect(error.textContent).toContain('(code: auth_failed)');
    expect(within(home).queryByRole('table')).toBeNull();

    const work = screen.getByTestId('carrier-account-work');
    expect(within(work).queryByRole('alert')).toBeNull();
    expect(within(work).getAllByRole('row')).toHaveLength(3);
  });

  it('without any carrier, explains how to set one up and lists the accounts', async () => {
    await openWith({ accounts: [], without_carrier: ['work', 'home'] });
    const empty = screen.getByTestId('carrier-empty');
    expect(within(empty).getByRole('heading', { name: 'No carrier set up' })).toBeTruthy();
    expect(within(empty).getByTestId('carrier-set-command').textContent).toBe(
      'locusctl carrier set --account <id> ...',
    );
    expect(within(empty).getAllByTestId('carrier-without').map((c) => c.textContent)).toEqual(['work', 'home']);
    expect(screen.queryByTestId('carrier-account-work')).toBeNull();
  });

  it('without any account, explains how to set a carrier up and lists nothing', async () => {
    await openWith({ accounts: [], without_carrier: [] });
    expect(screen.getByTestId('carrier-empty').textContent).toContain('locusctl carrier set --account <id> ...');
    expect(screen.queryByTestId('carrier-without')).toBeNull();
  });

  it('lists accounts without a carrier below those with one', async () => {
    await openWith(carrierOverview({ without_carrier: ['spare'] }));
    const without = screen.getByTestId('carrier-without-carrier');
    expect(within(without).getAllByTestId('carrier-without').map((c) => c.textContent)).toEqual(['spare']);
    expect(within(without).getByTestId('carrier-set-command')).toBeTruthy();
  });
});

describe('E911 page: Sync now', () => {
  it('syncs the account, is disabled while it runs, and shows the overview it returns', async () => {
    const platform = await openWith(carrierOverview());
    let finish!: (overview: CarrierOverview) => void;
    vi.mocked(platform.syncCarrier).mockReturnValueOnce(new Promise((r) => (finish = r)));

    expect(button('carrier-sync-work').textContent).toBe('Sync now');
    fireEvent.click(button('carrier-sync-work'));
    expect(platform.syncCarrier).toHaveBeenCalledWith('work');
    await waitFor(() => expect(button('carrier-sync-work').disabled).toBe(true));
    expect(button('carrier-sync-work').textContent).toBe('Syncing…');
    expect(button('carrier-sync-work').getAttribute('aria-busy')).toBe('true');

    const synced = carrierOverview({
      accounts: [
        carrierAccount({
          dids: [carrierDid({ status: 'pending', message: 'Sending your confirmed location to the carrier' })],
        }),
      ],
    });
    await act(async () => finish(synced));
    expect(button('carrier-sync-work').disabled).toBe(false);
    expect(button('carrier-sync-work').textContent).toBe('Sync now');
    expect(pill(CALLBACK_DID).textContent).toBe('Pending');
    expect(within(row(CALLBACK_DID)).getByTestId('carrier-did-message').textContent).toBe(
      'Sending your confirmed location to the carrier',
    );
    expect(screen.queryByTestId(`carrier-did-${FAX_DID}`)).toBeNull();
    await waitFor(() => expect(screen.getByTestId('carrier-announcement').textContent).toBe('(614) 555-0100: Pending'));
    expect(platform.carrierOverview).toHaveBeenCalledOnce();
  });

  it('a failed sync is shown as an alert and the button can be used again', async () => {
    await openWith(carrierOverview(), {
      syncCarrier: {
        reject: {
          code: 'call_failed',
          message: 'Locus does not know where you are yet: confirm your location first, then sync the carrier',
        },
      },
    });
    fireEvent.click(button('carrier-sync-work'));
    const alert = await screen.findByTestId('error-alert');
    expect(alert.textContent).toContain('Could not sync with the carrier');
    expect(within(alert).getByTestId('error-message').textContent).toBe(
      'Locus does not know where you are yet: confirm your location first, then sync the carrier',
    );
    expect(button('carrier-sync-work').disabled).toBe(false);
    expect(pill(CALLBACK_DID).textContent).toBe('Active');
  });
});

describe('E911 page: the corrections dialog', () => {
  it('opens from "Review corrections" as a labelled modal dialog listing each suggestion', async () => {
    const { dialog } = await openDialog();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(dialog);
    expect(screen.getByTestId('e911-screen').hasAttribute('inert')).toBe(true);
    expect(dialog.textContent).toContain('(614) 555-0100');
    expect(within(dialog).getByTestId('carrier-wanted').textContent).toBe(
      'Your address: 200 N Main St, Springfield, IL 62701, US',
    );

    const first = within(dialog).getByTestId('carrier-suggestion-0');
    expect(within(first).getAllByTestId('carrier-change').map((li) => li.textContent)).toEqual([
      'city: Springfield → Springfield Township',
      'zip code: 62701 → 62702',
    ]);
    expect(within(first).getByTestId('carrier-suggested-address').textContent).toBe(
      '200 N Main St, Springfield Township, IL 62702, US',
    );
    expect(within(first).getByTestId('carrier-accept-0').textContent).toBe('Use this address');
    const second = within(dialog).getByTestId('carrier-suggestion-1');
    expect(within(second).getAllByTestId('carrier-change').map((li) => li.textContent)).toEqual([
      'street suffix: St → Street',
    ]);
    expect(within(second).getByTestId('carrier-suggested-address').textContent).toBe(
      '200 N Main Street, Springfield, IL 62701, US',
    );
    expect(within(dialog).getByTestId('carrier-decline').textContent).toBe('Keep my address');
  });

  it('"Use this address" accepts that suggestion, shows the overview returned and closes', async () => {
    const { platform, dialog } = await openDialog();
    fireEvent.click(within(dialog).getByTestId('carrier-accept-1'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(platform.acceptCarrierSuggestion).toHaveBeenCalledExactlyOnceWith(CALLBACK_DID, 1);
    expect(platform.declineCarrierSuggestions).not.toHaveBeenCalled();
    expect(pill(CALLBACK_DID).textContent).toBe('Pending');
    expect(screen.queryByTestId(`carrier-review-${CALLBACK_DID}`)).toBeNull();
    expect(screen.getByTestId('e911-screen').hasAttribute('inert')).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(pill(CALLBACK_DID)));
  });

  it('closes after accepting even when the overview returned still lists corrections', async () => {
    const { platform, dialog } = await openDialog({ acceptSuggestion: undecided() });
    fireEvent.click(within(dialog).getByTestId('carrier-accept-0'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(platform.acceptCarrierSuggestion).toHaveBeenCalledWith(CALLBACK_DID, 0);
  });

  it('"Keep my address" declines the corrections and closes', async () => {
    const { platform, dialog } = await openDialog();
    fireEvent.click(within(dialog).getByTestId('carrier-decline'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(platform.declineCarrierSuggestions).toHaveBeenCalledExactlyOnceWith(CALLBACK_DID);
    expect(platform.acceptCarrierSuggestion).not.toHaveBeenCalled();
    expect(pill(CALLBACK_DID).textContent).toBe('Kept your address');
    expect(within(row(CALLBACK_DID)).getByTestId('carrier-did-message').textContent).toBe(
      'You kept your address; the carrier still holds the record shown.',
    );
  });

  it('a failed answer is shown inside the dialog, which stays open; the buttons work again', async () => {
    const refused = { code: 'call_failed', message: 'the carrier has no corrections waiting for 6145550100' };
    const { platform, dialog } = await openDialog({ acceptSuggestion: { reject: refused } });
    fireEvent.click(within(dialog).getByTestId('carrier-accept-0'));
    expect(within(dialog).getByTestId('carrier-accept-0').textContent).toBe('Saving…');
    expect((within(dialog).getByTestId('carrier-decline') as HTMLButtonElement).disabled).toBe(true);
    const error = await within(dialog).findByRole('alert');
    expect(error.textContent).toContain('the carrier has no corrections waiting for 6145550100.');
    expect(error.textContent).toContain('call_failed');
    expect(document.activeElement).toBe(error);
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect((within(dialog).getByTestId('carrier-accept-0') as HTMLButtonElement).disabled).toBe(false);
    expect(within(dialog).getByTestId('carrier-accept-0').textContent).toBe('Use this address');
    expect(pill(CALLBACK_DID).textContent).toBe('Needs your decision');

    // Trying again works, and clears the error.
    platform.options.acceptSuggestion = undefined;
    fireEvent.click(within(dialog).getByTestId('carrier-decline'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(platform.declineCarrierSuggestions).toHaveBeenCalledWith(CALLBACK_DID);
  });

  it('Escape and "Decide later" close it without deciding; the focus goes back to "Review corrections"', async () => {
    const { platform, dialog, review } = await openDialog();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(review));
    expect(pill(CALLBACK_DID).textContent).toBe('Needs your decision');

    fireEvent.click(review);
    fireEvent.click(within(screen.getByRole('dialog')).getByTestId('carrier-corrections-close'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(platform.acceptCarrierSuggestion).not.toHaveBeenCalled();
    expect(platform.declineCarrierSuggestions).not.toHaveBeenCalled();
  });

  it('keeps Tab inside the dialog', async () => {
    const { dialog } = await openDialog();
    const buttons = within(dialog).getAllByRole('button');
    const first = buttons[0]!;
    const last = buttons[buttons.length - 1]!;
    expect(last.getAttribute('data-testid')).toBe('carrier-decline');
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
    screen.getByTestId('nav-status').focus();
    expect(dialog.contains(document.activeElement)).toBe(true);
  });

  it('closes by itself when the DID no longer waits for a decision', async () => {
    const { platform } = await openDialog();
    platform.options.carrier = carrierOverview();
    act(() => platform.emit({ type: 'CarrierStateChanged', payload: { did: CALLBACK_DID, state: 'verified' } }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(pill(CALLBACK_DID).textContent).toBe('Active');
  });
});

describe('E911 page: CarrierStateChanged', () => {
  it('re-reads the overview while the page is open, and not after it is closed', async () => {
    const platform = await openWith(
      carrierOverview({ accounts: [carrierAccount({ dids: [carrierDid({ status: 'pending' })] })] }),
    );
    expect(pill(CALLBACK_DID).textContent).toBe('Pending');
    expect(platform.carrierOverview).toHaveBeenCalledOnce();

    platform.options.carrier = carrierOverview();
    act(() => platform.emit({ type: 'CarrierStateChanged', payload: { did: CALLBACK_DID, state: 'verified' } }));
    await waitFor(() => expect(pill(CALLBACK_DID).textContent).toBe('Active'));
    expect(platform.carrierOverview).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.getByTestId('carrier-announcement').textContent).toBe('(614) 555-0100: Active'));

    fireEvent.click(screen.getByTestId('nav-status'));
    act(() => platform.emit({ type: 'CarrierStateChanged', payload: { did: CALLBACK_DID, state: 'pending' } }));
    await act(async () => {});
    expect(platform.carrierOverview).toHaveBeenCalledTimes(2);
  });

  it('events during a read make one more read, not one each', async () => {
    const platform = await openWith(carrierOverview());
    let finish!: (overview: CarrierOverview) => void;
    vi.mocked(platform.carrierOverview).mockReturnValueOnce(new Promise((r) => (finish = r)));
    act(() => platform.emit({ type: 'CarrierStateChanged', payload: { did: CALLBACK_DID, state: 'pending' } }));
    act(() => platform.emit({ type: 'CarrierStateChanged', payload: { did: CALLBACK_DID, state: 'pending' } }));
    act(() => platform.emit({ type: 'CarrierStateChanged', payload: { did: CALLBACK_DID, state: 'verified' } }));
    expect(platform.carrierOverview).toHaveBeenCalledTimes(2);

    platform.options.carrier = carrierOverview({
      accounts: [carrierAccount({ dids: [carrierDid({ description: 'Main line' })] })],
    });
    await act(async () => finish(carrierOverview()));
    await waitFor(() => expect(platform.carrierOverview).toHaveBeenCalledTimes(3));
    await waitFor(() =>
      expect(within(row(CALLBACK_DID)).getByTestId('carrier-did-description').textContent).toBe('Main line'),
    );
    expect(platform.carrierOverview).toHaveBeenCalledTimes(3);
  });
});
