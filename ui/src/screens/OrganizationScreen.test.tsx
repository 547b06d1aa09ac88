import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import type { MapStatusReport } from '../platform/bindings';
import { createFakePlatform, type FakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { MAP_KEY_ID, mapInForce, mapSource, mapStatus } from '../test/fixtures';

/** Every test runs on 2025-06-01 at noon UTC; `mapInForce()` expires on 2026-01-01. */
const NOW = new Date('2025-06-01T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderApp(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  return platform;
}

function openOrganization() {
  fireEvent.click(screen.getByRole('button', { name: 'Organization' }));
}

/** Renders the app, opens the Organization page and waits for the map status to be on screen. */
async function openWith(maps: MapStatusReport, options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const platform = await renderApp({ maps, ...options });
  openOrganization();
  await screen.findByRole('heading', { name: 'Managed policy' });
  return platform;
}

function card(title: string): HTMLElement {
  return screen.getByRole('heading', { name: title }).closest('section')!;
}

describe('Organization page', () => {
  it('is reached from the page navigation, next to Locations, and reads the map status once', async () => {
    const platform = await renderApp();
    const tabs = within(screen.getByRole('navigation', { name: 'Pages' })).getAllByRole('button');
    expect(tabs.map((t) => t.textContent)).toEqual(['Status', 'History', 'Locations', 'Organization', 'E911', 'Accounts']);
    expect(platform.mapStatus).not.toHaveBeenCalled();

    openOrganization();
    await screen.findByTestId('map-in-force');
    expect(screen.getByRole('button', { name: 'Organization' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Organization');
    expect(platform.mapStatus).toHaveBeenCalledOnce();
    expect(platform.checkMaps).not.toHaveBeenCalled();
  });

  it('shows the map in force: organisation, serial, source, verified signature and times', async () => {
    await openWith(mapStatus());
    const map = screen.getByTestId('map-in-force');
    expect(within(map).getByTestId('map-org').textContent).toBe('Acme Corp');
    expect(within(map).getByTestId('map-serial').textContent).toBe('42');
    expect(within(map).getByTestId('map-source').textContent).toBe('https://it.acme.example/locus/map.json');
    expect(within(map).getByText('Source (URL)')).toBeTruthy();
    expect(within(map).getByTestId('map-signature').textContent).toBe(`Signature verified, key ${MAP_KEY_ID}`);
    expect(within(map).getByTestId('map-issued').getAttribute('datetime')).toBe('2025-03-01T09:00:00Z');
    expect(within(map).getByTestId('map-expires').getAttribute('datetime')).toBe('2026-01-01T00:00:00Z');
    expect(within(map).getByTestId('map-applied').getAttribute('datetime')).toBe('2025-03-01T09:05:12Z');
    // Readable, not the raw RFC 3339 text.
    expect(within(map).getByTestId('map-issued').textContent).not.toBe('2025-03-01T09:00:00Z');
    expect(within(map).getByTestId('map-issued').textContent).toContain('2025');
    expect(within(map).queryByTestId('map-expiry-warning')).toBeNull();
    expect(screen.queryByTestId('no-map')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names a map that came from a file as such', async () => {
    await openWith(mapStatus({ map: mapInForce({ source: '/Library/Locus/maps/map.json' }) }));
    expect(screen.getByTestId('map-source').textContent).toBe('/Library/Locus/maps/map.json');
    expect(screen.getByText('Source (File)')).toBeTruthy();
  });

  it('says so when no IT map is in force', async () => {
    await openWith(mapStatus({ map: null }));
    expect(screen.getByTestId('no-map').textContent).toBe('No IT map: locations come only from your own confirmations');
    expect(screen.queryByTestId('map-in-force')).toBeNull();
    expect(screen.queryByText(/Signature verified/)).toBeNull();
  });

  it('shows a valid policy: its file, its status and the pinned key ids', async () => {
    const second = 'RWTsecondKeyId000000000000000000000000000000000000000000';
    await openWith(mapStatus({ trusted_key_ids: [MAP_KEY_ID, second] }));
    const policy = card('Managed policy');
    expect(within(policy).getByTestId('policy-file').textContent).toBe('/etc/locus/policy.json');
    expect(within(policy).getByTestId('policy-source').getAttribute('data-source')).toBe('file');
    expect(within(policy).getByTestId('policy-source').textContent).toBe('Found and valid');
    expect(within(policy).getAllByTestId('trusted-key').map((k) => k.textContent)).toEqual([MAP_KEY_ID, second]);
    expect(within(policy).queryByTestId('policy-errors')).toBeNull();
    expect(within(policy).queryByTestId('policy-writable')).toBeNull();
  });

  it('shows an invalid policy with each error in an alert', async () => {
    await openWith(
      mapStatus({
        map: null,
        policy_source: 'invalid',
        policy_errors: [
          { field: 'maps.sources[0].url', message: 'must be an https:// URL, got "http://it.acme.example/map.json"' },
          { field: 'maps.trusted_keys[1]', message: 'not a minisign public key' },
        ],
        trusted_key_ids: [],
      }),
    );
    const policy = card('Managed policy');
    expect(within(policy).getByTestId('policy-source').getAttribute('data-source')).toBe('invalid');
    expect(within(policy).getByTestId('policy-source').textContent).toContain('Invalid');
    const alert = within(policy).getByRole('alert');
    expect(alert.getAttribute('data-testid')).toBe('policy-errors');
    expect(within(alert).getAllByTestId('policy-error').map((li) => li.textContent)).toEqual([
      'maps.sources[0].url: must be an https:// URL, got "http://it.acme.example/map.json"',
      'maps.trusted_keys[1]: not a minisign public key',
    ]);
    expect(within(policy).getByTestId('no-trusted-keys')).toBeTruthy();
  });

  it('says when there is no policy file', async () => {
    await openWith(mapStatus({ map: null, policy_source: 'none', sources: [], trusted_key_ids: [] }));
    expect(screen.getByTestId('policy-source').textContent).toContain('Not found');
    expect(screen.getByTestId('no-sources')).toBeTruthy();
  });

  it('warns when the policy file is writable by the user', async () => {
    await openWith(mapStatus({ policy_user_writable: true }));
    const warning = within(card('Managed policy')).getByTestId('policy-writable');
    expect(warning.textContent).toContain(
      'This policy file can be changed by your user account; it should be writable by administrators only',
    );
  });

  it('lists each delivery source with its last check, last success and last error', async () => {
    await openWith(
      mapStatus({
        sources: [
          mapSource(),
          mapSource({
            source: '/Library/Application Support/Locus/maps',
            last_check: '2025-06-01T11:00:00Z',
            last_success: null,
            last_error: 'map.json.minisig: signature does not verify with any pinned key',
          }),
          mapSource({ source: 'https://backup.acme.example/map.json', last_check: null, last_success: null }),
        ],
      }),
    );
    const sources = card('Delivery sources');
    const rows = within(sources).getAllByTestId('source-row');
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'https://it.acme.example/locus/map.json',
      '/Library/Application Support/Locus/maps',
      'https://backup.acme.example/map.json',
    ]);
    expect(within(rows[0]!).queryByRole('alert')).toBeNull();
    expect(rows[0]!.querySelectorAll('time')[0]!.getAttribute('datetime')).toBe('2025-03-10T08:00:00Z');

    const error = within(rows[1]!).getByRole('alert');
    expect(error.textContent).toBe('map.json.minisig: signature does not verify with any pinned key');
    expect(rows[1]!.querySelector('time')!.getAttribute('datetime')).toBe('2025-06-01T11:00:00Z');
    expect(rows[1]!.textContent).toContain('Never');
    expect(rows[2]!.textContent).toContain('Never checked');
    expect(within(sources).getAllByRole('alert')).toHaveLength(1);
  });

  it('warns when the map expires within 14 days', async () => {
    await openWith(mapStatus({ map: mapInForce({ expires: '2025-06-08T18:00:00Z' }) }));
    const warning = screen.getByTestId('map-expiry-warning');
    expect(warning.getAttribute('data-state')).toBe('soon');
    expect(warning.textContent).toContain('This map expires in 7 days');
  });

  it('does not warn 15 days before expiry', async () => {
    await openWith(mapStatus({ map: mapInForce({ expires: '2025-06-16T12:00:00Z' }) }));
    expect(screen.queryByTestId('map-expiry-warning')).toBeNull();
  });

  it('warns when the map has expired', async () => {
    await openWith(mapStatus({ map: mapInForce({ expires: '2025-05-29T00:00:00Z' }) }));
    const warning = screen.getByTestId('map-expiry-warning');
    expect(warning.getAttribute('data-state')).toBe('expired');
    expect(warning.textContent).toContain('This map expired 3 days ago');
  });

  it('"Check now" calls check_maps, is disabled while it runs, and shows the report it returns', async () => {
    let finish!: (report: MapStatusReport) => void;
    const platform = await openWith(mapStatus());
    vi.mocked(platform.checkMaps).mockReturnValueOnce(new Promise((r) => (finish = r)));

    const button = screen.getByRole('button', { name: 'Check now' });
    expect(button.getAttribute('aria-describedby')).toBe('org-check-hint');
    fireEvent.click(button);
    expect(platform.checkMaps).toHaveBeenCalledOnce();
    await waitFor(() => expect((screen.getByTestId('check-maps') as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId('check-maps').textContent).toBe('Checking…');

    const newer = mapStatus({
      map: mapInForce({ serial: 43, applied_at: '2025-06-01T12:00:00Z' }),
      sources: [mapSource({ last_check: '2025-06-01T12:00:00Z', last_success: '2025-06-01T12:00:00Z' })],
    });
    await act(async () => finish(newer));
    expect(screen.getByTestId('map-serial').textContent).toBe('43');
    expect(screen.getByTestId('map-applied').getAttribute('datetime')).toBe('2025-06-01T12:00:00Z');
    const button2 = screen.getByRole('button', { name: 'Check now' }) as HTMLButtonElement;
    expect(button2.disabled).toBe(false);
    expect(screen.getByTestId('check-result').textContent).toMatch(/^Checked /);
    expect(screen.getByTestId('check-result').querySelector('time')!.getAttribute('datetime')).toBe(NOW.toISOString());
    expect(platform.mapStatus).toHaveBeenCalledOnce();
  });

  it('a failed "Check now" shows the error and keeps the report on screen', async () => {
    await openWith(mapStatus(), {
      check: { reject: { code: 'map_invalid', message: 'the managed policy is invalid: maps.sources[0].url' } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    const alert = await screen.findByTestId('error-alert');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('Could not check for a new IT map');
    expect(within(alert).getByTestId('error-message').textContent).toBe(
      'the managed policy is invalid: maps.sources[0].url',
    );
    expect(within(alert).getByTestId('error-code').textContent).toBe('map_invalid');
    expect((screen.getByRole('button', { name: 'Check now' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('map-serial').textContent).toBe('42');
    expect(screen.queryByTestId('check-result')).toBeNull();
  });

  it('a failed map status read is shown as an alert', async () => {
    await renderApp({ maps: { reject: { code: 'database', message: 'database is locked' } } });
    openOrganization();
    const alert = await screen.findByTestId('error-alert');
    expect(alert.textContent).toContain("Could not read your organisation's map status");
    expect(within(alert).getByTestId('error-message').textContent).toBe('database is locked');
    expect(screen.getByTestId('organization-screen').textContent).toContain('has not been read');
  });

  it('a MapRejected event shows its errors and re-reads the status; a later MapApplied refreshes and clears them', async () => {
    const platform = await openWith(mapStatus());
    expect(screen.queryByTestId('map-rejected')).toBeNull();

    platform.options.maps = mapStatus({
      sources: [mapSource({ last_check: '2025-06-01T12:00:00Z', last_error: 'serial 41 is not greater than 42' })],
    });
    act(() =>
      platform.emit({
        type: 'MapRejected',
        payload: {
          source: 'https://it.acme.example/locus/map.json',
          errors: [
            { field: '/serial', message: 'serial 41 is not greater than 42' },
            { field: '/sites/3/places/0/rules/2/mac', message: '"02:00:5e" is not a MAC address' },
          ],
        },
      }),
    );
    const rejected = screen.getByTestId('map-rejected');
    expect(rejected.getAttribute('role')).toBe('alert');
    expect(within(rejected).getByRole('heading', { name: 'Last map rejected' })).toBeTruthy();
    expect(within(rejected).getByTestId('map-rejected-source').textContent).toBe(
      'https://it.acme.example/locus/map.json',
    );
    expect(within(rejected).getAllByTestId('map-rejected-error').map((li) => li.textContent)).toEqual([
      '/serial: serial 41 is not greater than 42',
      '/sites/3/places/0/rules/2/mac: "02:00:5e" is not a MAC address',
    ]);
    await waitFor(() => expect(platform.mapStatus).toHaveBeenCalledTimes(2));
    expect((await screen.findByTestId('source-error')).textContent).toBe('serial 41 is not greater than 42');
    expect(screen.getByTestId('map-serial').textContent).toBe('42');

    platform.options.maps = mapStatus({ map: mapInForce({ serial: 44, org: 'Acme Corporation' }) });
    act(() => platform.emit({ type: 'MapApplied', payload: { org: 'Acme Corporation', serial: 44 } }));
    expect(screen.queryByTestId('map-rejected')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('map-serial').textContent).toBe('44'));
    expect(platform.mapStatus).toHaveBeenCalledTimes(3);
    expect(screen.getByTestId('map-org').textContent).toBe('Acme Corporation');
    expect(screen.queryByTestId('source-error')).toBeNull();
  });

  it('a rejection that arrived before the page was opened is shown when it opens', async () => {
    const platform = await renderApp();
    act(() =>
      platform.emit({
        type: 'MapRejected',
        payload: { source: '/etc/locus/maps/map.json', errors: [{ field: '.', message: 'signature does not verify' }] },
      }),
    );
    // Nobody is looking at the map status yet: it is not read.
    expect(platform.mapStatus).not.toHaveBeenCalled();
    openOrganization();
    await screen.findByTestId('map-in-force');
    expect(within(screen.getByTestId('map-rejected')).getByTestId('map-rejected-error').textContent).toBe(
      '.: signature does not verify',
    );
  });
});
