// Blind transfer on a call panel: the "Transfer" button among the in-call buttons (disabled, with a title saying
// why, on an emergency call), the small inline form it opens below them (the number, Transfer and Cancel; Enter
// transfers, Escape cancels), and the line saying "Transferring to …" and then how it ended.

import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallView } from '../platform/bindings';
import { sentence, spokenNumber, transferBlockedReason } from '../state/callFormat';
import type { Transfer } from './useTransfer';

/** Transfer is offered while the call is answered and up: connected, or on hold. */
export function canTransfer(call: Pick<CallView, 'state'>): boolean {
  return call.state === 'established' || call.state === 'on_hold';
}

/** The id of the panel's Transfer button, where focus returns when the form closes. */
function buttonId(uid: string): string {
  return `${uid}-transfer`;
}

/** The id of the panel's transfer form. */
function formId(uid: string): string {
  return `${uid}-transfer-form`;
}

export interface TransferButtonProps {
  call: CallView;
  transfer: Transfer;
  /** The id prefix of the panel (its heading is `${uid}-title`). */
  uid: string;
}

/** "Transfer": opens the inline form; disabled while a transfer runs, and on calls that must stay where they are. */
export function TransferButton({ call, transfer, uid }: TransferButtonProps) {
  const blocked = transferBlockedReason(call) ?? (transfer.available ? null : 'This call cannot be transferred.');
  const step = transfer.state.step;
  return (
    <button
      type="button"
      id={buttonId(uid)}
      class="button--quiet call__transfer-toggle"
      data-testid="call-transfer"
      aria-expanded={step === 'editing'}
      aria-controls={formId(uid)}
      aria-describedby={`${uid}-title`}
      title={blocked ?? undefined}
      disabled={blocked !== null || step === 'transferring' || step === 'transferred'}
      onClick={transfer.open}
    >
      Transfer
    </button>
  );
}

export interface InCallTransferProps {
  transfer: Transfer;
  uid: string;
  /** Who is on the other end, for the form's name ("Transfer 312-555-0199"). */
  remote: string;
}

/** The form while it is open, and the transfer's progress or outcome once asked for. */
export function InCallTransfer({ transfer, uid, remote }: InCallTransferProps) {
  const { state } = transfer;
  switch (state.step) {
    case 'closed':
      return null;
    case 'editing':
      return <TransferForm transfer={transfer} uid={uid} remote={remote} problem={state.problem} />;
    case 'transferring':
      return (
        <p class="call__transfer-status" role="status" data-testid="call-transfer-status">
          Transferring to {spokenNumber(state.target)}…
        </p>
      );
    case 'transferred':
      return (
        <p class="call__transfer-status" role="status" data-testid="call-transfer-status">
          Transferred to {spokenNumber(state.target)}.
        </p>
      );
    case 'failed':
      return (
        <p class="call__error" role="alert" data-testid="call-transfer-error">
          Could not transfer to {spokenNumber(state.target)}: {sentence(state.error.message)}
        </p>
      );
  }
}

interface TransferFormProps {
  transfer: Transfer;
  uid: string;
  remote: string;
  problem: string | null;
}

function TransferForm({ transfer, uid, remote, problem }: TransferFormProps) {
  const input = useRef<HTMLInputElement>(null);
  const [target, setTarget] = useState(transfer.lastTarget);
  useEffect(() => input.current?.focus(), []);
  const close = () => {
    transfer.cancel();
    document.getElementById(buttonId(uid))?.focus();
  };
  const onSubmit = (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    transfer.submit(target);
  };
  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
  const problemId = `${uid}-transfer-problem`;
  return (
    <form
      id={formId(uid)}
      class="call__transfer"
      data-testid="call-transfer-form"
      aria-label={`Transfer ${remote}`}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
    >
      <div class="field field--m">
        <label for={`${uid}-transfer-target`}>Transfer to</label>
        <input
          ref={input}
          id={`${uid}-transfer-target`}
          data-testid="call-transfer-target"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={target}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : problemId}
          onInput={(event) => setTarget(event.currentTarget.value)}
        />
        {problem !== null && (
          <span class="field__error" id={problemId} data-testid="call-transfer-problem">
            {problem}
          </span>
        )}
      </div>
      <button type="submit" data-testid="call-transfer-submit">
        Transfer
      </button>
      <button type="button" class="button--quiet" data-testid="call-transfer-cancel" onClick={close}>
        Cancel
      </button>
    </form>
  );
}
