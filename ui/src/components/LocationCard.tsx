import type { LocateReport } from '../platform/bindings';
import {
  confidenceText,
  confirmReasonText,
  howObtainedText,
  oneLineAddress,
  ruleKindText,
  sourceText,
  verdictText,
} from '../state/locationFormat';

export interface LocationCardProps {
  /** Null until the first status arrives. */
  report: LocateReport | null;
  reportingMoved: boolean;
  /** "I'm somewhere else". */
  onMoved: () => void;
}

/** Where Locus thinks the laptop is, how it knows, and a way to say it is wrong. */
export function LocationCard({ report, reportingMoved, onMoved }: LocationCardProps) {
  return (
    <section
      class="card location"
      aria-labelledby="location-title"
      data-testid="current-location"
      data-state={report?.state ?? 'unknown'}
    >
      <header class="card__header">
        <h2 id="location-title">Current location</h2>
        {report?.state === 'resolved' && (
          <button
            type="button"
            class="button--quiet"
            data-testid="report-moved"
            onClick={onMoved}
            disabled={reportingMoved}
            aria-busy={reportingMoved}
          >
            {reportingMoved ? 'Asking…' : "I'm somewhere else"}
          </button>
        )}
      </header>
      {report === null ? <p class="muted">Reading your location…</p> : <Body report={report} />}
      {report !== null && report.evidence.length > 0 && <EvidenceList report={report} />}
    </section>
  );
}

function Body({ report }: { report: LocateReport }) {
  switch (report.state) {
    case 'no_network':
      return (
        <p class="location__none" data-testid="current-location-none">
          No network: Locus cannot tell where you are.
        </p>
      );
    case 'confirm_required':
      return (
        <p class="location__pending" data-testid="current-location-pending">
          Not confirmed. {confirmReasonText(report.reason)}
        </p>
      );
    case 'resolved': {
      const place = report.location;
      return (
        <>
          <p class="location__label" data-testid="current-location-label">
            {place?.label ?? report.location_id}
          </p>
          {place && (
            <p class="location__address" data-testid="current-location-address">
              {oneLineAddress(place.address)}
            </p>
          )}
          <dl class="facts">
            <div>
              <dt>How Locus knows</dt>
              <dd data-testid="how-obtained">{howObtainedText(report.how_obtained)}</dd>
            </div>
            <div>
              <dt>Confidence</dt>
              <dd data-testid="confidence">{confidenceText(report.confidence)}</dd>
            </div>
            {place && (
              <div>
                <dt>Dispatchable</dt>
                <dd data-testid="current-location-dispatchable" data-dispatchable={String(place.dispatchable)}>
                  {place.dispatchable ? 'Yes' : 'No: add the floor, unit or room on the Locations page'}
                </dd>
              </div>
            )}
          </dl>
        </>
      );
    }
  }
}

function EvidenceList({ report }: { report: LocateReport }) {
  const names = new Map<string, string>();
  for (const place of [...report.suggestions, ...(report.location ? [report.location] : [])]) {
    names.set(place.id, place.label);
  }
  return (
    <details class="evidence" data-testid="evidence">
      <summary>Why Locus thinks so</summary>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Identifier</th>
              <th scope="col">Rule from</th>
              <th scope="col">Points to</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {report.evidence.map((e, i) => (
              <tr key={`${e.kind}-${e.identifier}-${i}`} data-testid="evidence-row" data-verdict={e.verdict}>
                <th scope="row">{ruleKindText(e.kind)}</th>
                <td class="mono evidence__id">{e.identifier}</td>
                <td>{sourceText(e.source)}</td>
                <td>{names.get(e.location_id) ?? <span class="mono">{e.location_id}</span>}</td>
                <td class={`verdict verdict--${e.verdict}`}>{verdictText(e.verdict)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

