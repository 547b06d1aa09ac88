import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallState, CallView } from '../platform/bindings';
import { callStateText, callTitle } from '../state/callFormat';

/**
 * A visually hidden live region that says each call's new state once ("Emergency call — 911: Connected"), so
 * screen-reader users hear calls change without moving focus. Always rendered, so it is announced reliably.
 */
export function CallAnnouncer({ calls }: { calls: CallView[] }) {
  const seen = useRef(new Map<string, CallState>());
  const [text, setText] = useState('');

  useEffect(() => {
    const changes: string[] = [];
    const next = new Map<string, CallState>();
    for (const call of calls) {
      next.set(call.call_id, call.state);
      if (seen.current.get(call.call_id) !== call.state) {
        changes.push(`${callTitle(call.kind, call.remote, call.remote_name)}: ${callStateText(call)}`);
      }
    }
    seen.current = next;
    if (changes.length > 0) setText(changes.join('. '));
  }, [calls]);

  return (
    <p class="visually-hidden" role="status" aria-live="polite" data-testid="call-announcer">
      {text}
    </p>
  );
}
