import { useId } from 'preact/hooks';
import { mayBeEmergency, spokenNumber } from '../state/callFormat';
import { RECENT_LIMIT } from '../state/history';

export interface RecentNumbersProps {
  /** The numbers dialed most recently, newest first. */
  recent: string[];
  /** True while a call is being placed. */
  busy: boolean;
  /** Dials the newest number again. */
  onRedial: () => void;
  /** Puts a number into the dialer's field (it is not dialed). */
  onPick: (number: string) => void;
}

/** Under the dialer: Redial, and the last few numbers as buttons that fill the number field. */
export function RecentNumbers({ recent, busy, onRedial, onPick }: RecentNumbersProps) {
  const uid = useId();
  const last = recent[0];
  const shown = recent.slice(0, RECENT_LIMIT);
  const redialName =
    last === undefined
      ? 'Redial (nothing dialed yet)'
      : `Redial ${spokenNumber(last)}${mayBeEmergency(last) ? ' (emergency)' : ''}`;

  return (
    <div class="dialer__recent">
      <button
        type="button"
        class="dialer__redial"
        data-testid="dialer-redial"
        aria-label={redialName}
        aria-busy={busy}
        disabled={last === undefined}
        onClick={onRedial}
      >
        Redial
      </button>
      {shown.length > 0 && (
        <>
          <span id={`${uid}-recent`} class="dialer__recent-label">
            Recent:
          </span>
          <ul class="dialer__recent-list" aria-labelledby={`${uid}-recent`}>
            {shown.map((number) => (
              <li key={number}>
                <button
                  type="button"
                  class="button--quiet dialer__recent-number"
                  data-testid={`dialer-recent-${number}`}
                  onClick={() => onPick(number)}
                >
                  {spokenNumber(number)}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
