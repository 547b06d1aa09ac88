import { describe, expect, it } from 'vitest';
import { audioDevice } from '../test/fixtures';
import { choiceFromValue, deviceCount, deviceOptions, valueFromChoice } from './soundFormat';

const mics = [audioDevice('usb-headset', 'USB Headset'), audioDevice('builtin-mic', 'Built-in Microphone', true)];

describe('deviceOptions', () => {
  it('starts with the system default named after its device, then the devices in the order given', () => {
    expect(deviceOptions(mics, null)).toEqual([
      { value: '', label: 'System default (Built-in Microphone)' },
      { value: 'usb-headset', label: 'USB Headset' },
      { value: 'builtin-mic', label: 'Built-in Microphone' },
    ]);
  });

  it('keeps a chosen device that is not in the list, marked not connected', () => {
    expect(deviceOptions(mics, 'jabra')[1]).toEqual({ value: 'jabra', label: 'jabra (not connected)' });
    expect(deviceOptions(mics, 'usb-headset')).toHaveLength(3);
  });

  it('says only "System default" when no device is the default', () => {
    expect(deviceOptions([], null)).toEqual([{ value: '', label: 'System default' }]);
  });
});

describe('choice values', () => {
  it('map null to the default option and back', () => {
    expect(valueFromChoice(null)).toBe('');
    expect(choiceFromValue('')).toBeNull();
    expect(choiceFromValue(valueFromChoice('usb-headset'))).toBe('usb-headset');
  });
});

describe('deviceCount', () => {
  it('counts each direction', () => {
    expect(deviceCount(1, 2)).toBe('Found 1 microphone and 2 speakers or headsets.');
    expect(deviceCount(0, 1)).toBe('Found 0 microphones and 1 speaker or headset.');
  });
});
