// Tests for the Sound settings on the Accounts page, through the whole app on the fake platform: the device
// lists with the system default named, saving a change at once, a chosen device that is unplugged, Refresh,
// the policy lock and failed saves.

import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { AudioConfig, AudioDevicesView } from '../platform/bindings';
import { App } from './App';
import { SOUND_SAVED_TEXT } from '../state/soundFormat';
import { createFakePlatform, type FakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { audioDevice, audioDevices, audioNote } from '../test/fixtures';

async function openSound(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const platform = createFakePlatform(options);
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  fireEvent.click(screen.getByTestId('nav-accounts'));
  await waitFor(() => expect(screen.queryByTestId('sound-loading')).toBeNull());
  return platform;
}

function section(): HTMLElement {
  return screen.getByRole('region', { name: 'Sound' });
}

function microphone(): HTMLSelectElement {
  return within(section()).getByLabelText('Microphone') as HTMLSelectElement;
}

function speaker(): HTMLSelectElement {
  return within(section()).getByLabelText('Speaker or headset') as HTMLSelectElement;
}

/** The options' labels, in order, and the one selected. */
function options(select: HTMLSelectElement): { labels: string[]; selected: string } {
  const all = [...select.options];
  return { labels: all.map((o) => o.textContent ?? ''), selected: all[select.selectedIndex]?.textContent ?? '' };
}

function choose(select: HTMLSelectElement, value: string) {
  fireEvent.change(select, { target: { value } });
}

describe('Sound settings', () => {
  it('are read when the Accounts page opens, with the system default named after its device', async () => {
    const platform = createFakePlatform();
    render(<App platform={platform} />);
    await screen.findByRole('heading', { name: 'About this install' });
    expect(platform.audioDevices).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('nav-accounts'));
    await waitFor(() => expect(within(section()).queryByLabelText('Microphone')).not.toBeNull());
    expect(platform.audioDevices).toHaveBeenCalledOnce();

    expect(options(microphone())).toEqual({
      labels: ['System default (Built-in Microphone)', 'Built-in Microphone', 'USB Headset'],
      selected: 'System default (Built-in Microphone)',
    });
    expect(options(speaker())).toEqual({
      labels: ['System default (Built-in Speakers)', 'Built-in Speakers', 'USB Headset'],
      selected: 'System default (Built-in Speakers)',
    });
    expect(microphone().disabled).toBe(false);
    expect(within(section()).getByText(/used from the next call on/)).toBeTruthy();
    expect(screen.getByTestId('sound-status').textContent).toBe('');
  });

  it('saves a change at once, with the other direction unchanged, and says so politely', async () => {
    const platform = await openSound({
      audio: audioDevices({ chosen: { input: null, output: 'usb-headset' } }),
    });
    expect(options(speaker()).selected).toBe('USB Headset');
    const select = microphone();
    select.focus();
    choose(select, 'usb-headset');

    await waitFor(() => expect(screen.getByTestId('sound-status').textContent).toBe(SOUND_SAVED_TEXT));
    expect(platform.chooseAudioDevices).toHaveBeenCalledExactlyOnceWith({ input: 'usb-headset', output: 'usb-headset' });
    const status = screen.getByTestId('sound-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(options(microphone()).selected).toBe('USB Headset');
    expect(document.activeElement).toBe(select);

    // Back to the system default: null, not the default device's id.
    choose(speaker(), '');
    await waitFor(() => expect(platform.chooseAudioDevices).toHaveBeenCalledTimes(2));
    expect(platform.chooseAudioDevices).toHaveBeenLastCalledWith({ input: 'usb-headset', output: null });
    await waitFor(() => expect(options(speaker()).selected).toBe('System default (Built-in Speakers)'));
  });

  it('sends quick changes one at a time, so the last choice made is the one saved', async () => {
    const platform = await openSound();
    const answers: Array<{ choice: AudioConfig; resolve: (view: AudioDevicesView) => void }> = [];
    vi.mocked(platform.chooseAudioDevices).mockImplementation(
      (choice) => new Promise((resolve) => answers.push({ choice, resolve })),
    );
    choose(microphone(), 'usb-headset');
    choose(microphone(), 'builtin-mic');
    choose(speaker(), 'usb-headset');
    expect(answers.map((a) => a.choice)).toEqual([{ input: 'usb-headset', output: null }]);

    answers[0]!.resolve(audioDevices({ chosen: answers[0]!.choice }));
    await waitFor(() => expect(answers).toHaveLength(2));
    expect(answers[1]!.choice).toEqual({ input: 'builtin-mic', output: 'usb-headset' });
    // The answer to the older choice does not move the selects back.
    expect(options(microphone()).selected).toBe('Built-in Microphone');
    expect(screen.getByTestId('sound-status').textContent).toBe('');

    answers[1]!.resolve(audioDevices({ chosen: answers[1]!.choice }));
    await waitFor(() => expect(screen.getByTestId('sound-status').textContent).toBe(SOUND_SAVED_TEXT));
    expect(options(microphone()).selected).toBe('Built-in Microphone');
    expect(options(speaker()).selected).toBe('USB Headset');
    expect(answers).toHaveLength(2);
  });

  it('keeps a chosen device that is not connected selected, with its note, and saving the other keeps it', async () => {
    const platform = await openSound({
      audio: audioDevices({ chosen: { input: 'jabra-evolve', output: null }, input_note: audioNote('jabra-evolve') }),
    });
    expect(options(microphone())).toEqual({
      labels: [
        'System default (Built-in Microphone)',
        'jabra-evolve (not connected)',
        'Built-in Microphone',
        'USB Headset',
      ],
      selected: 'jabra-evolve (not connected)',
    });
    const note = screen.getByTestId('sound-input-note');
    expect(note.textContent).toBe(audioNote('jabra-evolve'));
    expect(microphone().getAttribute('aria-describedby')).toContain(note.id);
    expect(screen.queryByTestId('sound-output-note')).toBeNull();

    choose(speaker(), 'usb-headset');
    await waitFor(() => expect(screen.getByTestId('sound-status').textContent).toBe(SOUND_SAVED_TEXT));
    expect(platform.chooseAudioDevices).toHaveBeenCalledWith({ input: 'jabra-evolve', output: 'usb-headset' });
    expect(options(microphone()).selected).toBe('jabra-evolve (not connected)');
    expect(screen.getByTestId('sound-input-note').textContent).toBe(audioNote('jabra-evolve'));
  });

  it('Refresh lists the devices again (a headset plugged in) and says what it found', async () => {
    const platform = await openSound({
      audio: audioDevices({ chosen: { input: 'jabra-evolve', output: null }, input_note: audioNote('jabra-evolve') }),
    });
    const base = audioDevices();
    platform.options.audio = audioDevices({
      inputs: [...base.inputs, audioDevice('jabra-evolve', 'Jabra Evolve 65')],
      chosen: { input: 'jabra-evolve', output: null },
    });
    const refresh = within(section()).getByRole('button', { name: 'Refresh' });
    refresh.focus();
    fireEvent.click(refresh);

    await waitFor(() => expect(options(microphone()).selected).toBe('Jabra Evolve 65'));
    expect(platform.audioDevices).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('sound-input-note')).toBeNull();
    expect(screen.getByTestId('sound-status').textContent).toBe('Found 3 microphones and 2 speakers or headsets.');
    expect(document.activeElement).toBe(refresh);
  });

  it('a read_only refusal shows the policy message, disables the selects and puts the choice back', async () => {
    const message = 'the sound devices are set by your organisation (policy.json)';
    const platform = await openSound({ chooseAudio: { reject: { code: 'read_only', message } } });
    choose(speaker(), 'usb-headset');

    const locked = await screen.findByTestId('sound-locked');
    expect(locked.textContent).toBe(message);
    expect(locked.getAttribute('role')).toBe('alert');
    expect(microphone().disabled).toBe(true);
    expect(speaker().disabled).toBe(true);
    expect(speaker().getAttribute('aria-describedby')).toContain(locked.id);
    expect(options(speaker()).selected).toBe('System default (Built-in Speakers)');
    expect(document.activeElement).toBe(locked);
    expect(platform.chooseAudioDevices).toHaveBeenCalledOnce();
    expect(screen.getByTestId('sound-status').textContent).toBe('');
  });

  it('a failed save shows an alert and puts the select back to the saved device', async () => {
    const message = 'the configuration file /home/ana/.config/locus/config.json is invalid: network.refresh_seconds';
    await openSound({
      audio: audioDevices({ chosen: { input: 'usb-headset', output: null } }),
      chooseAudio: { reject: { code: 'config_invalid', message } },
    });
    const select = microphone();
    select.focus();
    choose(select, 'builtin-mic');

    const alert = await within(section()).findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('config_invalid');
    expect(within(alert).getByTestId('error-message').textContent).toBe(message);
    expect(alert.textContent).toContain('Could not save the sound devices.');
    expect(options(microphone()).selected).toBe('USB Headset');
    expect(microphone().value).toBe('usb-headset');
    expect(microphone().disabled).toBe(false);
    expect(document.activeElement).toBe(select);
    expect(screen.getByTestId('sound-status').textContent).toBe('');
  });

  it('says so when the device list could not be read at all, instead of the selects', async () => {
    await openSound({
      audio: audioDevices({ inputs: [], outputs: [], error: 'no sound system is running (ALSA: no such device)' }),
    });
    expect(screen.getByTestId('sound-unavailable').textContent).toBe(
      'No sound devices could be read: no sound system is running (ALSA: no such device)',
    );
    expect(within(section()).queryByLabelText('Microphone')).toBeNull();
    expect(within(section()).queryByLabelText('Speaker or headset')).toBeNull();
    expect(within(section()).getByRole('button', { name: 'Refresh' })).toBeTruthy();
  });

  it('shows an alert with Dismiss when the shell cannot list the devices', async () => {
    await openSound({ audio: { reject: { code: 'internal', message: 'command audio_devices not found' } } });
    const alert = within(section()).getByRole('alert');
    expect(alert.textContent).toContain('Could not read the sound devices.');
    expect(within(alert).getByTestId('error-code').textContent).toBe('internal');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(within(section()).queryByRole('alert')).toBeNull();
  });
});
