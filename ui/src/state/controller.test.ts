import { describe, expect, it, vi } from 'vitest';
import type { CarrierOverview, LocateReport, MapStatusReport, StatusReport } from '../platform/bindings';
import { createFakePlatform } from '../test/fakePlatform';
import {
  CALLBACK_DID,
  carrierAccount,
  carrierDid,
  carrierOverview,
  carrierSuggestion,
  homeLocation,
  itLocation,
  locateConfirm,
  locateResolved,
  mapInForce,
  mapStatus,
  network,
  status,
} from '../test/fixtures';
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

describe('controller: location', () => {
  it('takes the location from the status report', async () => {
    const platform = createFakePlatform({ locate: locateConfirm('stale') });
    const store = createStore();
    await createController(platform, store).start();
    expect(store.state.value.locate?.state).toBe('confirm_required');
  });

  it('a location event re-reads locate() and then the status', async () => {
    const platform = createFakePlatform({ locate: locateConfirm() });
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    platform.options.locate = locateResolved(homeLocation());
    platform.emit({ type: 'LocationResolved', payload: { location_id: 'p-home', label: 'Home office' } });
    await vi.waitFor(() => expect(platform.getStatus).toHaveBeenCalledTimes(2));
    expect(platform.locate).toHaveBeenCalledOnce();
    expect(store.state.value.locate?.location?.label).toBe('Home office');
  });

  it('an older location answer that arrives late does not replace a newer one', async () => {
    const platform = createFakePlatform({ locate: locateConfirm() });
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();

    // The event's re-read starts first and is slow; the user's confirmation starts later and answers first.
    let answerLocate!: (r: LocateReport) => void;
    vi.mocked(platform.locate).mockReturnValueOnce(new Promise((r) => (answerLocate = r)));
    vi.mocked(platform.getStatus).mockImplementation(() => new Promise(() => {}));
    platform.emit({ type: 'LocationConfirmRequired', payload: { reason: 'unknown_network', suggestions: [] } });
    await controller.confirmLocation({ choice: { choice: 'existing', location_id: 'p-home' }, moving_with_user: false });
    expect(store.state.value.locate?.state).toBe('resolved');

    answerLocate(locateConfirm());
    await new Promise((r) => setTimeout(r, 0));
    expect(store.state.value.locate?.state).toBe('resolved');
  });

  it('confirmLocation rejects with an IpcError and leaves the state alone', async () => {
    const platform = createFakePlatform({
      locate: locateConfirm(),
      confirm: { reject: { code: 'invalid_address', message: 'the address is not valid: hno: required' } },
    });
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    await expect(
      controller.confirmLocation({ choice: { choice: 'existing', location_id: 'x' }, moving_with_user: false }),
    ).rejects.toEqual({ code: 'invalid_address', message: 'the address is not valid: hno: required' });
    expect(store.state.value.locate?.state).toBe('confirm_required');
    expect(store.state.value.error).toBeNull();
  });
});

describe('controller: IT map status', () => {
  const rejected = {
    type: 'MapRejected' as const,
    payload: { source: '/etc/locus/maps/map.json', errors: [{ field: '/serial', message: 'too low' }] },
  };

  it('map events are recorded but the status is not read until something asks for it', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    await createController(platform, store).start();
    platform.emit(rejected);
    expect(store.state.value.mapRejection).toEqual(rejected.payload);
    platform.emit({ type: 'MapApplied', payload: { org: 'Acme Corp', serial: 43 } });
    expect(store.state.value.mapRejection).toBeNull();
    await new Promise((r) => setTimeout(r, 0));
    expect(platform.mapStatus).not.toHaveBeenCalled();
    // A map event does not make the status report be read again.
    expect(platform.getStatus).toHaveBeenCalledOnce();
  });

  it('after loadMaps, MapRejected and MapApplied re-read the map status', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    await controller.loadMaps();
    expect(store.state.value.maps?.map?.serial).toBe(42);
    expect(store.state.value.loadingMaps).toBe(false);

    platform.emit(rejected);
    await vi.waitFor(() => expect(platform.mapStatus).toHaveBeenCalledTimes(2));
    platform.options.maps = mapStatus({ map: mapInForce({ serial: 43 }) });
    platform.emit({ type: 'MapApplied', payload: { org: 'Acme Corp', serial: 43 } });
    await vi.waitFor(() => expect(store.state.value.maps?.map?.serial).toBe(43));
    expect(platform.mapStatus).toHaveBeenCalledTimes(3);
  });

  it('MapApplied re-reads the Locations page once it has been read (the IT sites changed)', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    platform.emit({ type: 'MapApplied', payload: { org: 'Acme Corp', serial: 43 } });
    expect(platform.listLocations).not.toHaveBeenCalled();
    await controller.loadLocations();
    platform.options.locations = [itLocation({ label: 'HQ — floor 4' })];
    platform.emit({ type: 'MapApplied', payload: { org: 'Acme Corp', serial: 44 } });
    await vi.waitFor(() => expect(store.state.value.locations?.[0]?.label).toBe('HQ — floor 4'));
    platform.emit(rejected);
    await new Promise((r) => setTimeout(r, 0));
    expect(platform.listLocations).toHaveBeenCalledTimes(2);
  });

  it('checkMaps applies the report check_maps returns and records when it finished', async () => {
    const platform = createFakePlatform({ check: mapStatus({ map: mapInForce({ serial: 50 }) }) });
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    const checking = controller.checkMaps();
    expect(store.state.value.checkingMaps).toBe(true);
    await checking;
    expect(platform.checkMaps).toHaveBeenCalledOnce();
    expect(store.state.value.checkingMaps).toBe(false);
    expect(store.state.value.maps?.map?.serial).toBe(50);
    expect(store.state.value.mapsCheckedAt).not.toBeNull();
  });

  it('a failed check is shown as an error and ends "checking"', async () => {
    const platform = createFakePlatform({ check: { reject: 'command check_maps not found' } });
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    await controller.checkMaps();
    expect(store.state.value.checkingMaps).toBe(false);
    expect(store.state.value.error).toEqual({
      op: 'check_maps',
      code: 'internal',
      message: 'command check_maps not found',
    });
  });

  it('an older map status answer that arrives late does not replace a newer one', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();

    // The page's read starts first and is slow; "Check now" starts later and answers first.
    let answerRead!: (r: MapStatusReport) => void;
    vi.mocked(platform.mapStatus).mockReturnValueOnce(new Promise((r) => (answerRead = r)));
    const reading = controller.loadMaps();
    platform.options.check = mapStatus({ map: mapInForce({ serial: 43 }) });
    await controller.checkMaps();
    expect(store.state.value.maps?.map?.serial).toBe(43);

    answerRead(mapStatus());
    await reading;
    expect(store.state.value.maps?.map?.serial).toBe(43);
    expect(store.state.value.loadingMaps).toBe(false);
  });

  it('watchCarrier reads the overview and re-reads it on CarrierStateChanged until unwatched', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    const carrierChanged = { type: 'CarrierStateChanged' as const, payload: { did: CALLBACK_DID, state: 'verified' } };
    platform.emit(carrierChanged);
    await new Promise((r) => setTimeout(r, 0));
    expect(platform.carrierOverview).not.toHaveBeenCalled();

    const unwatch = controller.watchCarrier();
    expect(store.state.value.loadingCarrier).toBe(true);
    await vi.waitFor(() => expect(store.state.value.carrier).toEqual(carrierOverview()));
    expect(store.state.value.loadingCarrier).toBe(false);

    platform.options.carrier = carrierOverview({ without_carrier: ['home'] });
    platform.emit(carrierChanged);
    await vi.waitFor(() => expect(store.state.value.carrier?.without_carrier).toEqual(['home']));
    expect(platform.carrierOverview).toHaveBeenCalledTimes(2);

    unwatch();
    unwatch(); // twice is harmless
    platform.emit(carrierChanged);
    await new Promise((r) => setTimeout(r, 0));
    expect(platform.carrierOverview).toHaveBeenCalledTimes(2);
    // The status report carries nothing of the carrier's records.
    expect(platform.getStatus).toHaveBeenCalledOnce();
  });

  it('syncCarrier marks the account syncing, applies the overview it returns, and shows a failure', async () => {
    const synced = carrierOverview({ accounts: [carrierAccount({ dids: [carrierDid({ status: 'pending' })] })] });
    const platform = createFakePlatform({ syncCarrier: synced });
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    const syncing = controller.syncCarrier('work');
    expect(store.state.value.syncingCarrier).toEqual(['work']);
    await syncing;
    expect(platform.syncCarrier).toHaveBeenCalledWith('work');
    expect(store.state.value.syncingCarrier).toEqual([]);
    expect(store.state.value.carrier).toEqual(synced);

    platform.options.syncCarrier = { reject: { code: 'call_failed', message: 'no such carrier account: home' } };
    await controller.syncCarrier('home');
    expect(store.state.value.syncingCarrier).toEqual([]);
    expect(store.state.value.carrier).toEqual(synced);
    expect(store.state.value.error).toEqual({
      op: 'sync_carrier',
      code: 'call_failed',
      message: 'no such carrier account: home',
    });
  });

  it('a read that started before a sync answered does not replace the sync\'s overview', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    let answerRead!: (o: CarrierOverview) => void;
    vi.mocked(platform.carrierOverview).mockReturnValueOnce(new Promise((r) => (answerRead = r)));
    const reading = controller.loadCarrier();
    platform.options.syncCarrier = carrierOverview({ without_carrier: ['synced'] });
    await controller.syncCarrier('work');
    answerRead(carrierOverview({ without_carrier: ['old'] }));
    await reading;
    expect(store.state.value.carrier?.without_carrier).toEqual(['synced']);
    expect(store.state.value.loadingCarrier).toBe(false);
  });

  it('a read started during a sync (on an event) is not replaced by the sync\'s answer arriving after it', async () => {
    const platform = createFakePlatform();
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    controller.watchCarrier();
    await vi.waitFor(() => expect(store.state.value.carrier).not.toBeNull());

    let answerSync!: (o: CarrierOverview) => void;
    vi.mocked(platform.syncCarrier).mockReturnValueOnce(new Promise((r) => (answerSync = r)));
    const syncing = controller.syncCarrier('work');
    platform.options.carrier = carrierOverview({ without_carrier: ['after the event'] });
    platform.emit({ type: 'CarrierStateChanged', payload: { did: CALLBACK_DID, state: 'needs_user_decision' } });
    await vi.waitFor(() => expect(store.state.value.carrier?.without_carrier).toEqual(['after the event']));
    answerSync(carrierOverview({ without_carrier: ['before the event'] }));
    await syncing;
    expect(store.state.value.carrier?.without_carrier).toEqual(['after the event']);
    expect(store.state.value.syncingCarrier).toEqual([]);
  });

  it('carrier decisions apply the overview returned, and reject with an IpcError', async () => {
    const undecided = carrierDid({ status: 'needs_user_decision', suggestions: [carrierSuggestion()] });
    const waiting = carrierOverview({ accounts: [carrierAccount({ dids: [undecided] })] });
    const platform = createFakePlatform({ carrier: waiting });
    const store = createStore();
    const controller = createController(platform, store);
    await controller.start();
    await controller.loadCarrier();

    const accepted = await controller.acceptCarrierSuggestion(CALLBACK_DID, 0);
    expect(platform.acceptCarrierSuggestion).toHaveBeenCalledWith(CALLBACK_DID, 0);
    expect(accepted.accounts[0]!.dids[0]!.status).toBe('pending');
    expect(store.state.value.carrier).toEqual(accepted);
    // The accepted correction also corrects the place: the status is read again.
    await vi.waitFor(() => expect(platform.getStatus).toHaveBeenCalledTimes(2));

    platform.options.declineSuggestions = { reject: 'command decline_carrier_suggestions not found' };
    await expect(controller.declineCarrierSuggestions(CALLBACK_DID)).rejects.toEqual({
      code: 'internal',
      message: 'command decline_carrier_suggestions not found',
    });
    expect(store.state.value.carrier).toEqual(accepted);
    expect(store.state.value.error).toBeNull();
  });
});
