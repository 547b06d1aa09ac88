import type { CallRecord } from '../platform/bindings';
import {
  directionIcon,
  directionLabel,
  durationSeconds,
  emergencyDetails,
  formatDuration,
  historyBadges,
  historyCallLabel,
  historyDirection,
  historyEndReason,
  historyRemote,
  isoDuration,
} from '../state/historyFormat';
import { formatTime } from '../state/mapFormat';

export interface HistoryRowProps {
  record: CallRecord;
  /** True while this row's number is being dialed. */
  dialing: boolean;
  /** Dials the row's number through the dialer's path (so a 911 is an emergency call). */
  onCall: () => void;
}

/** One finished call in the History table, with its Call button. */
export function HistoryRow({ record, dialing, onCall }: HistoryRowProps) {
  const direction = historyDirection(record);
  const seconds = durationSeconds(record);
  const duration = isoDuration(seconds);
  const details = emergencyDetails(record);
  const call = historyCallLabel(record);
  const emergency = record.kind === 'emergency';
  const id = record.call_id;

  return (
    <tr
      data-testid={`history-row-${id}`}
      data-direction={direction}
      data-kind={record.kind}
      class={direction === 'missed' ? 'history__row is-missed' : 'history__row'}
    >
      <td class="history__direction" data-testid="history-direction">
        <span class="history__icon" aria-hidden="true">
          {directionIcon(direction)}
        </span>{' '}
        {directionLabel(direction)}
      </td>
      <th scope="row" class="history__remote">
        <span data-testid="history-remote">{historyRemote(record)}</span>
        {historyBadges(record).map((badge) => (
          <span
            key={badge.id}
            class={badge.id === 'test' ? 'tag tag--warn' : 'tag tag--bad'}
            data-testid={`history-badge-${badge.id}`}
          >
            {badge.text}
          </span>
        ))}
        {details && (
          <p class="history__details" data-testid="history-emergency">
            {details}
          </p>
        )}
      </th>
      <td>
        <time dateTime={record.started_at} data-testid="history-started">
          {formatTime(record.started_at)}
        </time>
      </td>
      <td data-testid="history-duration">
        {duration === null ? formatDuration(seconds) : <time dateTime={duration}>{formatDuration(seconds)}</time>}
      </td>
      <td data-testid="history-end-reason">{historyEndReason(record)}</td>
      <td class="history__actions">
        <button
          type="button"
          class={emergency ? 'button--emergency' : undefined}
          data-testid={`history-call-${id}`}
          aria-label={call.name === call.text ? undefined : call.name}
          aria-busy={dialing}
          disabled={record.remote.trim() === ''}
          onClick={onCall}
        >
          {call.text}
        </button>
      </td>
    </tr>
  );
}
