// The Sound section: the microphone and the speaker or headset calls use. A change is saved at once and used from
// the next call on; a chosen device that is unplugged stays chosen ("not connected") until it is changed.

import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AudioConfig, AudioDevicesView } from '../platform/bindings';
import { toIpcError } from '../platform/errors';
import type { UiError } from '../state/appState';
import { SOUND_SAVED_TEXT, choiceFromValue, deviceCount, deviceOptions, valueFromChoice } from '../state/soundFormat';
import { ErrorAlert } from './ErrorAlert';

export interface SoundSettingsProps {
  /** Lists the devices and the saved choice (when the section is first shown, and on Refresh). */
  load: () => Promise<AudioDevicesView>;
  /** Saves the choice; resolves to the list afterwards, rejects with an `IpcError` (`read_only`, `config_invalid`). */
  choose: (choice: AudioConfig) => Promise<AudioDevicesView>;
}

type Direction = keyof AudioConfig;

/** One select: its choice, label, and where its devices and note are in the view. */
interface DirectionField {
  key: Direction;
  label: string;
  list: 'inputs' | 'outputs';
  note: 'input_note' | 'output_note';
}

const DIRECTIONS: DirectionField[] = [
  { key: 'input', label: 'Microphone', list: 'inputs', note: 'input_note' },
  { key: 'output', label: 'Speaker or headset', list: 'outputs', note: 'output_note' },
];

export function SoundSettings({ load, choose }: SoundSettingsProps) {
  const uid = useId();
  const mounted = useRef(true);
  const [view, setView] = useState<AudioDevicesView | null>(null);
  /** What the selects show: the saved choice, or the one being saved. */
  const [shown, setShown] = useState<AudioConfig>({ input: null, output: null });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  /** The policy's `read_only` message once a save was refused: the selects stay disabled. */
  const [locked, setLocked] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  /**
   * For the async handlers: what is shown and saved now, and the choice waiting to be sent. Saves go one at a time
   * (a keyboard can change a select at every arrow key), so the last choice made is the one that stays.
   */
  const latest = useRef<{ shown: AudioConfig; saved: AudioConfig; wanted: AudioConfig | null; saving: boolean }>({
    shown,
    saved: shown,
    wanted: null,
    saving: false,
  });
  const lockRef = useRef<HTMLParagraphElement>(null);

  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const apply = (next: AudioDevicesView, moveSelects: boolean) => {
    latest.current.saved = next.chosen;
    setView(next);
    if (moveSelects) {
      latest.current.shown = next.chosen;
      setShown(next.chosen);
    }
  };

  const refresh = async (announce: boolean) => {
    if (loading) return;
    setLoading(true);
    setError(null);
    if (announce) setAnnouncement('');
    try {
      const next = await load();
      if (!mounted.current) return;
      apply(next, !latest.current.saving);
      if (announce) {
        setAnnouncement(
          next.error === null ? deviceCount(next.inputs.length, next.outputs.length) : 'No sound devices could be read.',
        );
      }
    } catch (reason) {
      if (mounted.current) setError({ op: 'audio', ...toIpcError(reason) });
    } finally {
      if (mounted.current) setLoading(false);
    }
  };

  useEffect(() => {
    void refresh(false);
  }, []); // once, when the section is first shown

  // Refused by the policy: the focused select is now disabled, so the focus goes to the reason.
  useLayoutEffect(() => {
    if (locked !== null) lockRef.current?.focus();
  }, [locked]);

  const change = (direction: Direction, value: string) => {
    const choice = { ...latest.current.shown, [direction]: choiceFromValue(value) };
    latest.current.shown = choice;
    latest.current.wanted = choice;
    setShown(choice);
    setAnnouncement('');
    setError(null);
    if (!latest.current.saving) void saveWanted();
  };

  const saveWanted = async () => {
    const state = latest.current;
    state.saving = true;
    try {
      while (state.wanted !== null) {
        const choice = state.wanted;
        state.wanted = null;
        try {
          const next = await choose(choice);
          if (!mounted.current) return;
          const newest = state.wanted === null;
          apply(next, newest);
          if (newest) setAnnouncement(SOUND_SAVED_TEXT);
        } catch (reason) {
          if (!mounted.current) return;
          const failure = toIpcError(reason);
          if (failure.code !== 'read_only' && state.wanted !== null) continue; // a newer choice decides
          state.wanted = null;
          // Back to what is saved, so the selects never show a choice that is not in force.
          state.shown = state.saved;
          setShown(state.saved);
          if (failure.code === 'read_only') setLocked(failure.message);
          else setError({ op: 'save_audio', ...failure });
        }
      }
    } finally {
      state.saving = false;
    }
  };

  const titleId = `${uid}-title`;
  const hintId = `${uid}-hint`;
  const lockId = `${uid}-locked`;

  return (
    <section class="card" aria-labelledby={titleId} aria-busy={loading} data-testid="sound-settings">
      <header class="card__header">
        <h2 id={titleId}>Sound</h2>
        <button
          type="button"
          class="button--quiet"
          data-testid="sound-refresh"
          aria-busy={loading}
          onClick={() => void refresh(true)}
        >
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <p id={hintId} class="card__hint">
        The microphone and the speaker or headset calls use. A change is used from the next call on; a call in
        progress keeps its devices. Plugged something in? Press Refresh.
      </p>

      {error && <ErrorAlert error={error} onDismiss={() => setError(null)} testId="sound-error-alert" />}

      {view === null ? (
        loading && (
          <p class="muted" data-testid="sound-loading">
            Reading the sound devices…
          </p>
        )
      ) : view.error !== null ? (
        <p class="field__warning" data-testid="sound-unavailable">
          No sound devices could be read: {view.error}
        </p>
      ) : (
        <div class="field-row">
          {DIRECTIONS.map(({ key, label, list, note }) => {
            const id = `${uid}-${key}`;
            const noteText = view[note];
            const noteId = `${id}-note`;
            const describedBy = [hintId, noteText ? noteId : undefined, locked !== null ? lockId : undefined]
              .filter(Boolean)
              .join(' ');
            return (
              <div key={key} class="field field--l">
                <label for={id}>{label}</label>
                <select
                  id={id}
                  name={key}
                  data-testid={`sound-${key}`}
                  value={valueFromChoice(shown[key])}
                  disabled={locked !== null}
                  aria-describedby={describedBy}
                  onChange={(e) => change(key, e.currentTarget.value)}
                >
                  {deviceOptions(view[list], shown[key]).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
                {noteText && (
                  <span id={noteId} class="field__hint" data-testid={`sound-${key}-note`}>
                    {noteText}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      )}

      {locked !== null && (
        <p ref={lockRef} id={lockId} class="field__warning" role="alert" tabIndex={-1} data-testid="sound-locked">
          {locked}
        </p>
      )}
      <p class="sound__status" role="status" aria-live="polite" data-testid="sound-status">
        {announcement}
      </p>
    </section>
  );
}
