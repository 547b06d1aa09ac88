// Mute / Unmute for one call panel: sends the change, ignores presses while one is under way, and keeps the
// error, if any (with whether it was muting or unmuting), for the panel to show.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';

export interface MuteFailure {
  /** What was asked for: true when muting failed, false when unmuting did. */
  muting: boolean;
  error: IpcError;
}

export function useMute(
  muted: boolean,
  onSetMuted: (muted: boolean) => Promise<void>,
): { toggle: () => void; busy: boolean; failure: MuteFailure | null } {
  const mounted = useRef(true);
  const pending = useRef(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MuteFailure | null>(null);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const toggle = () => {
    if (pending.current) return;
    const muting = !muted;
    pending.current = true;
    setBusy(true);
    setFailure(null);
    onSetMuted(muting)
      .catch((reason: unknown) => {
        if (mounted.current) setFailure({ muting, error: toIpcError(reason) });
      })
      .finally(() => {
        pending.current = false;
        if (mounted.current) setBusy(false);
      });
  };
  return { toggle, busy, failure };
}
