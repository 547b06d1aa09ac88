// Wording and options for the Sound settings: which microphone and which speaker or headset calls use.

import type { AudioDeviceView } from '../platform/bindings';
import { plural } from './format';

/** Said (politely) once a choice is saved: calls already going keep their devices. */
export const SOUND_SAVED_TEXT = 'Saved — used from the next call';

/** The option value standing for the system default (the choice `null`). */
export const SYSTEM_DEFAULT_VALUE = '';

export interface DeviceOption {
  value: string;
  label: string;
}

/**
 * The options of one select: the system default (named after the device the system uses), then the devices by
 * name. A saved device that is not in the list stays as an option, "<id> (not connected)", so that the choice is
 * still shown selected and saving the other direction does not lose it.
 */
export function deviceOptions(devices: AudioDeviceView[], chosen: string | null): DeviceOption[] {
  const systemDefault = devices.find((d) => d.is_default);
  const options: DeviceOption[] = [
    {
      value: SYSTEM_DEFAULT_VALUE,
      label: systemDefault ? `System default (${systemDefault.name})` : 'System default',
    },
  ];
  if (chosen !== null && !devices.some((d) => d.id === chosen)) {
    options.push({ value: chosen, label: `${chosen} (not connected)` });
  }
  for (const device of devices) options.push({ value: device.id, label: device.name });
  return options;
}

/** The choice an option value stands for. */
export function choiceFromValue(value: string): string | null {
  return value === SYSTEM_DEFAULT_VALUE ? null : value;
}

/** The option value showing `choice`. */
export function valueFromChoice(choice: string | null): string {
  return choice ?? SYSTEM_DEFAULT_VALUE;
}

/** What a refreshed list is announced with. */
export function deviceCount(inputs: number, outputs: number): string {
  const speakers = plural(outputs, 'speaker or headset', 'speakers or headsets');
  return `Found ${plural(inputs, 'microphone', 'microphones')} and ${speakers}.`;
}
