import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { EVENT_CHANNEL, type Event } from './bindings';
import { toIpcError } from './errors';
import { onEvent } from './events';
import { tauriPlatform } from './index';
import {
  acceptCarrierSuggestion,
  answerCall,
  answerTestCall,
  audioDevices,
  callHistory,
  carrierOverview,
  checkMaps,
  checkNumber,
  chooseAudioDevices,
  clearCallHistory,
  confirmLocation,
  declineCall,
  declineCarrierSuggestions,
  deleteLocation,
  dial,
  dismissTestSuggestion,
  emergencyPlan,
  getNetwork,
  getStatus,
  hangUp,
  listAccounts,
  listCalls,
  listLocations,
  locate,
  mapStatus,
  muteCall,
  sendDtmf,
  transferCall,
  openDialLink,
  recentNumbers,
  redial,
  refreshNetwork,
  removeAccount,
  reportMoved,
  saveAccount,
  startTestCall,
  syncCarrier,
  takeDialLink,
  testAccount,
  updateLocation,
  validateAccount,
  validateAddress,
  verifyAuditLog,
} from './ipc';

const invokeMock = vi.mocked(invoke);
const listenMock = vi.mocked(listen);

beforeEach(() => {
  invokeMock.mockReset();
  listenMock.mockReset();
});

describe('ipc wrappers', () => {
  it('invoke the command of the same name', async () => {
    invokeMock.mockResolvedValue('result');
    await getStatus();
    await getNetwork();
    await refreshNetwork();
    await verifyAuditLog();
    expect(invokeMock.mock.calls.map((c) => c[0])).toEqual([
      'get_status',
      'get_network',
      'refresh_network',
      'verify_audit_log',
    ]);
  });

  it('location commands pass their arguments under the camelCase names Tauri expects', async () => {
    invokeMock.mockResolvedValue(null);
    const address = { country: 'US', a1: 'IL' } as Parameters<typeof validateAddress>[0];
    const request = { choice: { choice: 'existing' as const, location_id: 'p-1' }, moving_with_user: true };
    const edit = { location_id: 'p-1', label: 'Home', address };
    await locate();
    await confirmLocation(request);
    await reportMoved();
    await listLocations();
    await updateLocation(edit);
    await expect(deleteLocation('p-1')).resolves.toBeUndefined();
    await validateAddress(address);
    expect(invokeMock.mock.calls).toEqual([
      ['locate'],
      ['confirm_location', { request }],
      ['report_moved'],
      ['list_locations'],
      ['update_location', { edit }],
      ['delete_location', { locationId: 'p-1' }],
      ['validate_address', { address }],
    ]);
  });

  it('map commands take no arguments', async () => {
    invokeMock.mockResolvedValue({ map: null });
    await expect(mapStatus()).resolves.toEqual({ map: null });
    await checkMaps();
    expect(invokeMock.mock.calls).toEqual([['map_status'], ['check_maps']]);
  });

  it('carrier commands pass their arguments under the camelCase names Tauri expects', async () => {
    const overview = { accounts: [], without_carrier: ['work'] };
    invokeMock.mockResolvedValue(overview);
    await expect(carrierOverview()).resolves.toEqual(overview);
    await expect(syncCarrier('work')).resolves.toEqual(overview);
    await acceptCarrierSuggestion('3125550100', 0);
    await acceptCarrierSuggestion('3125550100', 2);
    await declineCarrierSuggestions('3125550101');
    expect(invokeMock.mock.calls).toEqual([
      ['carrier_overview'],
      ['sync_carrier', { accountId: 'work' }],
      ['accept_carrier_suggestion', { did: '3125550100', index: 0 }],
      ['accept_carrier_suggestion', { did: '3125550100', index: 2 }],
      ['decline_carrier_suggestions', { did: '3125550101' }],
    ]);
  });

  it('pass a carrier error from sync_carrier through with its message', async () => {
    const refused = { code: 'call_failed', message: 'Locus does not know where you are yet: confirm your location' };
    invokeMock.mockRejectedValue(refused);
    await expect(syncCarrier('work')).rejects.toEqual(refused);
  });

  it('call commands pass their arguments under the camelCase names Tauri expects', async () => {
    invokeMock.mockResolvedValue(null);
    await emergencyPlan();
    await checkNumber('9-911');
    await dial('911');
    await expect(hangUp('c-1')).resolves.toBeUndefined();
    await answerCall('in-1');
    await muteCall('c-1', true);
    await muteCall('c-1', false);
    await expect(sendDtmf('c-1', '#')).resolves.toBeUndefined();
    await expect(transferCall('c-1', '312-555-0142')).resolves.toBeUndefined();
    await expect(declineCall('in-2')).resolves.toBeUndefined();
    await listCalls();
    await startTestCall();
    await answerTestCall('t-1', 'mismatched');
    await expect(dismissTestSuggestion()).resolves.toBeUndefined();
    expect(invokeMock.mock.calls).toEqual([
      ['emergency_plan'],
      ['check_number', { text: '9-911' }],
      ['dial', { number: '911' }],
      ['hang_up', { callId: 'c-1' }],
      ['answer_call', { callId: 'in-1' }],
      ['mute_call', { callId: 'c-1', muted: true }],
      ['mute_call', { callId: 'c-1', muted: false }],
      ['send_dtmf', { callId: 'c-1', digits: '#' }],
      ['transfer_call', { callId: 'c-1', target: '312-555-0142' }],
      ['decline_call', { callId: 'in-2' }],
      ['list_calls'],
      ['start_test_call'],
      ['answer_test_call', { callId: 't-1', answer: 'mismatched' }],
      ['dismiss_test_suggestion'],
    ]);
  });

  it('history and dial-link commands pass their arguments under the names Tauri expects', async () => {
    invokeMock.mockResolvedValue(null);
    await callHistory(200);
    await recentNumbers(5);
    await redial();
    await clearCallHistory();
    await openDialLink('tel:+1-614-555-0100');
    await expect(takeDialLink()).resolves.toBeNull();
    expect(invokeMock.mock.calls).toEqual([
      ['call_history', { limit: 200 }],
      ['recent_numbers', { limit: 5 }],
      ['redial'],
      ['clear_call_history'],
      ['open_dial_link', { link: 'tel:+1-614-555-0100' }],
      ['take_dial_link'],
    ]);
  });

  it('account commands pass their arguments under the camelCase names Tauri expects', async () => {
    invokeMock.mockResolvedValue(null);
    const settings = {
      id: 'work',
      display_name: 'Ana',
      user: 'ana',
      domain: 'sip.example.com',
      registrar: '',
      transport: 'tls',
      outbound_proxy: '',
      auth_user: '',
      caller_id: '6145550100',
      register_interval: 600,
      tls_ca_file: '/etc/locus/company-ca.pem',
    };
    await listAccounts();
    await validateAccount(settings);
    await testAccount(settings, 'secret');
    await testAccount(settings, null);
    await saveAccount(settings, null);
    await expect(removeAccount('work')).resolves.toBeUndefined();
    expect(invokeMock.mock.calls).toEqual([
      ['list_accounts'],
      ['validate_account', { settings }],
      ['test_account', { settings, password: 'secret' }],
      ['test_account', { settings, password: null }],
      ['save_account', { settings, password: null }],
      ['remove_account', { accountId: 'work' }],
    ]);
    expect(tauriPlatform.listAccounts).toBe(listAccounts);
    expect(tauriPlatform.validateAccount).toBe(validateAccount);
    expect(tauriPlatform.testAccount).toBe(testAccount);
    expect(tauriPlatform.saveAccount).toBe(saveAccount);
    expect(tauriPlatform.removeAccount).toBe(removeAccount);
  });

  it('audio commands pass the choice under the name Tauri expects and resolve to the device list', async () => {
    const view = {
      inputs: [{ id: 'usb-headset', name: 'USB Headset', is_default: false }],
      outputs: [],
      chosen: { input: 'usb-headset', output: null },
      input_note: null,
      output_note: null,
      error: null,
    };
    invokeMock.mockResolvedValue(view);
    const choice = { input: 'usb-headset', output: null };
    await expect(audioDevices()).resolves.toEqual(view);
    await expect(chooseAudioDevices(choice)).resolves.toEqual(view);
    expect(invokeMock.mock.calls).toEqual([['audio_devices'], ['choose_audio_devices', { choice }]]);
    expect(tauriPlatform.audioDevices).toBe(audioDevices);
    expect(tauriPlatform.chooseAudioDevices).toBe(chooseAudioDevices);
  });

  it('pass read_only and config_invalid from choose_audio_devices through with their messages', async () => {
    const locked = { code: 'read_only', message: 'the sound devices are set by your organisation' };
    invokeMock.mockRejectedValueOnce(locked);
    await expect(chooseAudioDevices({ input: null, output: null })).rejects.toEqual(locked);
    const invalid = { code: 'config_invalid', message: 'the configuration file /x/config.json is invalid' };
    invokeMock.mockRejectedValueOnce(invalid);
    await expect(chooseAudioDevices({ input: null, output: 'hdmi' })).rejects.toEqual(invalid);
  });

  it('pass a config_invalid error from save_account through with its message', async () => {
    const refused = {
      code: 'config_invalid',
      message: "the configuration file /x/accounts.json is invalid: password: enter the account's password",
    };
    invokeMock.mockRejectedValue(refused);
    await expect(saveAccount({} as Parameters<typeof saveAccount>[0], null)).rejects.toEqual(refused);
  });

  it('take_dial_link hands over the pending link, and an undefined answer is null', async () => {
    const link = { link: 'tel:911', text: '911', check: { kind: 'emergency', target: '911' } };
    invokeMock.mockResolvedValueOnce(link).mockResolvedValueOnce(undefined);
    await expect(takeDialLink()).resolves.toEqual(link);
    await expect(takeDialLink()).resolves.toBeNull();
  });

  it('pass an invalid_link error from open_dial_link and call_failed from redial through', async () => {
    const invalid = { code: 'invalid_link', message: 'not a tel: or sip: link' };
    invokeMock.mockRejectedValueOnce(invalid);
    await expect(openDialLink('http://example.com')).rejects.toEqual(invalid);
    const nothing = { code: 'call_failed', message: 'nothing has been dialed yet' };
    invokeMock.mockRejectedValueOnce(nothing);
    await expect(redial()).rejects.toEqual(nothing);
  });

  it('mute_call resolves to the call as the shell now has it, and passes an error through', async () => {
    const view = { call_id: 'c-1', state: 'established', muted: true };
    invokeMock.mockResolvedValueOnce(view);
    await expect(muteCall('c-1', true)).resolves.toEqual(view);
    const gone = { code: 'not_found', message: 'there is no call "c-1"' };
    invokeMock.mockRejectedValueOnce(gone);
    await expect(muteCall('c-1', false)).rejects.toEqual(gone);
  });

  it('transfer_call passes emergency_transfer and transfer_failed through', async () => {
    const emergency = { code: 'emergency_transfer', message: 'an emergency call cannot be transferred' };
    invokeMock.mockRejectedValueOnce(emergency);
    await expect(transferCall('c-911', '3125550142')).rejects.toEqual(emergency);
    const busy = { code: 'transfer_failed', message: 'the transfer did not go through: 486 Busy Here' };
    invokeMock.mockRejectedValueOnce(busy);
    await expect(transferCall('c-1', '3125550142')).rejects.toEqual(busy);
  });

  it('send_dtmf passes call_failed for characters off the keypad and not_found through', async () => {
    const off = { code: 'call_failed', message: '"x" is not a DTMF digit' };
    invokeMock.mockRejectedValueOnce(off);
    await expect(sendDtmf('c-1', 'x')).rejects.toEqual(off);
    const gone = { code: 'not_found', message: 'there is no call "c-9"' };
    invokeMock.mockRejectedValueOnce(gone);
    await expect(sendDtmf('c-9', '1')).rejects.toEqual(gone);
  });

  it('pass a call_failed error from dial through with its message', async () => {
    invokeMock.mockRejectedValue({ code: 'call_failed', message: 'the gateway did not answer' });
    await expect(dial('911')).rejects.toEqual({ code: 'call_failed', message: 'the gateway did not answer' });
  });

  it('pass a map_invalid error through with its message', async () => {
    invokeMock.mockRejectedValue({ code: 'map_invalid', message: 'the managed policy is invalid' });
    await expect(checkMaps()).rejects.toEqual({ code: 'map_invalid', message: 'the managed policy is invalid' });
  });

  it('pass an invalid_address error through with its message', async () => {
    invokeMock.mockRejectedValue({ code: 'invalid_address', message: 'the address is not valid: hno: required' });
    await expect(confirmLocation({ choice: { choice: 'existing', location_id: 'x' }, moving_with_user: false }))
      .rejects.toEqual({ code: 'invalid_address', message: 'the address is not valid: hno: required' });
  });

  it('pass an IpcError through unchanged', async () => {
    invokeMock.mockRejectedValue({ code: 'storage', message: 'disk full' });
    await expect(getStatus()).rejects.toEqual({ code: 'storage', message: 'disk full' });
  });

  it('normalise other rejections into code "internal"', async () => {
    invokeMock.mockRejectedValue('command get_status not found');
    await expect(getStatus()).rejects.toEqual({ code: 'internal', message: 'command get_status not found' });
    invokeMock.mockRejectedValue(new TypeError('window.__TAURI_INTERNALS__ is undefined'));
    await expect(refreshNetwork()).rejects.toEqual({
      code: 'internal',
      message: 'window.__TAURI_INTERNALS__ is undefined',
    });
  });

  it('tauriPlatform exposes the wrappers', () => {
    expect(tauriPlatform.getStatus).toBe(getStatus);
    expect(tauriPlatform.onEvent).toBe(onEvent);
    expect(tauriPlatform.confirmLocation).toBe(confirmLocation);
    expect(tauriPlatform.deleteLocation).toBe(deleteLocation);
    expect(tauriPlatform.mapStatus).toBe(mapStatus);
    expect(tauriPlatform.checkMaps).toBe(checkMaps);
    expect(tauriPlatform.carrierOverview).toBe(carrierOverview);
    expect(tauriPlatform.syncCarrier).toBe(syncCarrier);
    expect(tauriPlatform.acceptCarrierSuggestion).toBe(acceptCarrierSuggestion);
    expect(tauriPlatform.declineCarrierSuggestions).toBe(declineCarrierSuggestions);
    expect(tauriPlatform.dial).toBe(dial);
    expect(tauriPlatform.checkNumber).toBe(checkNumber);
    expect(tauriPlatform.muteCall).toBe(muteCall);
    expect(tauriPlatform.sendDtmf).toBe(sendDtmf);
    expect(tauriPlatform.transferCall).toBe(transferCall);
    expect(tauriPlatform.answerTestCall).toBe(answerTestCall);
    expect(tauriPlatform.callHistory).toBe(callHistory);
    expect(tauriPlatform.recentNumbers).toBe(recentNumbers);
    expect(tauriPlatform.redial).toBe(redial);
    expect(tauriPlatform.clearCallHistory).toBe(clearCallHistory);
    expect(tauriPlatform.openDialLink).toBe(openDialLink);
    expect(tauriPlatform.takeDialLink).toBe(takeDialLink);
  });
});

describe('toIpcError', () => {
  it('handles odd values', () => {
    expect(toIpcError(undefined)).toEqual({ code: 'internal', message: 'Unexpected error: undefined' });
    expect(toIpcError({ message: 'only a message' })).toEqual({ code: 'internal', message: 'only a message' });
    expect(toIpcError({ code: 42, message: 'bad code' })).toEqual({ code: 'internal', message: 'bad code' });
    expect(toIpcError(new Error(''))).toEqual({ code: 'internal', message: 'Error' });
  });
});

describe('onEvent', () => {
  it('listens on EVENT_CHANNEL and hands over the payload', async () => {
    const unlisten = vi.fn();
    listenMock.mockResolvedValue(unlisten);
    const seen: Event[] = [];
    const stop = await onEvent((e) => seen.push(e));
    expect(listenMock).toHaveBeenCalledWith(EVENT_CHANNEL, expect.any(Function));

    const deliver = listenMock.mock.calls[0]![1];
    const event: Event = {
      type: 'ReadinessChanged',
      payload: { level: 'red', reason: 'no_network', summary: 'x', warning: 'keep another phone', also: [] },
    };
    deliver({ event: EVENT_CHANNEL, id: 1, payload: event });
    expect(seen).toEqual([event]);

    stop();
    expect(unlisten).toHaveBeenCalledOnce();
  });

  it('normalises a failure to subscribe', async () => {
    listenMock.mockRejectedValue(new Error('no event plugin'));
    await expect(onEvent(() => {})).rejects.toEqual({ code: 'internal', message: 'no event plugin' });
  });
});
