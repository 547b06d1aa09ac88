// Blind transfer for one call panel: the inline form opened and closed, the number typed (checked only for being
// there: the shell refuses emergency numbers and says why), then the transfer under way and how it ended.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { IpcError } from '../platform/bindings';
import { toIpcError } from '../platform/errors';

export type TransferState =
  /** Nothing asked for (or the form was cancelled). */
  | { step: 'closed' }
  /** The form is open; `problem` says what is wrong with the last submit. */
  | { step: 'editing'; problem: string | null }
  /** The far end was asked to call `target`; waiting for how that went. */
  | { step: 'transferring'; target: string }
  /** `target` answered: the call ends next. */
  | { step: 'transferred'; target: string }
  /** The transfer to `target` was refused or did not go through; the call goes on. */
  | { step: 'failed'; target: string; error: IpcError };

export interface Transfer {
  state: TransferState;
  /** What the number field starts with: the last target tried. */
  lastTarget: string;
  /** False when the panel offers no transfer at all (the 911 panel). */
  available: boolean;
  /** Opens the form (not while a transfer is under way). */
  open: () => void;
  /** Closes the form without transferring. */
  cancel: () => void;
  /** Transfers to `target`, or says what is missing. */
  submit: (target: string) => void;
}

export function useTransfer(onTransfer?: (target: string) => Promise<void>): Transfer {
  const mounted = useRef(true);
  const [state, setState] = useState<TransferState>({ step: 'closed' });
  const [lastTarget, setLastTarget] = useState('');
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const open = () => {
    if (state.step === 'transferring' || state.step === 'transferred') return;
    setState({ step: 'editing', problem: null });
  };
  const cancel = () => {
    if (state.step === 'editing') setState({ step: 'closed' });
  };
  const submit = (typed: string) => {
    if (onTransfer === undefined || state.step !== 'editing') return;
    const target = typed.trim();
    setLastTarget(target);
    if (target === '') {
      setState({ step: 'editing', problem: 'Enter the number to transfer the call to.' });
      return;
    }
    setState({ step: 'transferring', target });
    onTransfer(target).then(
      () => {
        if (mounted.current) setState({ step: 'transferred', target });
      },
      (reason: unknown) => {
        if (mounted.current) setState({ step: 'failed', target, error: toIpcError(reason) });
      },
    );
  };
  return { state, lastTarget, available: onTransfer !== undefined, open, cancel, submit };
}
