// DTMF for one call panel: sends each key as it is pressed, one at a time and in order (a key pressed while the
// previous one is still on its way waits for it), keeps the digits that went out, and the last error, if any.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';

export interface DtmfFailure {
  /** The key that could not be sent. */
  digit: string;
  error: IpcError;
}

export function useDtmf(onSendDtmf: (digits: string) => Promise<void>): {
  send: (digit: string) => void;
  /** The digits sent on this call so far, in order (failed ones left out). */
  sent: string;
  failure: DtmfFailure | null;
} {
  const mounted = useRef(true);
  /** The last send still under way, if any; the next key waits for it. */
  const tail = useRef<Promise<void> | null>(null);
  const [sent, setSent] = useState('');
  const [failure, setFailure] = useState<DtmfFailure | null>(null);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const send = (digit: string) => {
    setFailure(null);
    const run = () =>
      new Promise<void>((resolve) => resolve(onSendDtmf(digit))).then(
        () => {
          if (mounted.current) setSent((before) => before + digit);
        },
        (reason: unknown) => {
          if (mounted.current) setFailure({ digit, error: toIpcError(reason) });
        },
      );
    // Nothing waiting: send at once (not on a later tick), so a single press goes out immediately.
    const mine = tail.current === null ? run() : tail.current.then(run);
    tail.current = mine;
    void mine.then(() => {
      if (tail.current === mine) tail.current = null;
    });
  };
  return { send, sent, failure };
}
