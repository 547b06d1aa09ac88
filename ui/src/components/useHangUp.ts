// Hang-up for one call panel: sends it and keeps the error, if any, for the panel to show.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';

export function useHangUp(onHangUp: () => Promise<void>): {
  hangUp: () => void;
  error: IpcError | null;
} {
  const mounted = useRef(true);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const hangUp = () => {
    setError(null);
    onHangUp().catch((reason: unknown) => {
      if (mounted.current) setError(toIpcError(reason));
    });
  };
  return { hangUp, error };
}
