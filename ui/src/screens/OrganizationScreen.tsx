import { useEffect } from 'preact/hooks';
import type { MapInForce, MapRejection, MapSourceReport, MapStatusReport } from '../platform/bindings';
import {
  formatTime,
  mapExpiry,
  mapSourceKind,
  NO_MAP_TEXT,
  POLICY_WRITABLE_WARNING,
  policySourceLabel,
  signatureText,
} from '../state/mapFormat';

export interface OrganizationScreenProps {
  /** Null until first read. */
  maps: MapStatusReport | null;
  loading: boolean;
  /** True while "Check now" runs. */
  checking: boolean;
  /** When the last "Check now" finished (RFC 3339), if one did this session. */
  checkedAt: string | null;
  /** The last rejected map's problems, until a map is applied. */
  rejection: MapRejection | null;
  onLoad: () => void;
  onCheck: () => void;
  /** The time expiry is judged against; the current time by default. */
  now?: Date;
}

/** What IT manages on this laptop: the signed location map in force, the managed policy, the delivery sources. */
export function OrganizationScreen(props: OrganizationScreenProps) {
  const { maps, loading, checking, checkedAt, rejection, onLoad, onCheck } = props;
  const now = props.now ?? new Date();

  useEffect(() => {
    onLoad();
  }, []); // once, when the page opens

  return (
    <div class="screen" data-testid="organization-screen">
      <section class="card" aria-labelledby="org-map-title">
        <header class="card__header">
          <h2 id="org-map-title">IT location map</h2>
          <button
            type="button"
            data-testid="check-maps"
            disabled={checking}
            aria-busy={checking}
            aria-describedby="org-check-hint"
            onClick={onCheck}
          >
            {checking ? 'Checking…' : 'Check now'}
          </button>
        </header>
        <p id="org-check-hint" class="card__hint">
          "Check now" asks each delivery source for a newer signed map. Locus also checks on its own.
        </p>
        <div aria-live="polite" class="org-check-result">
          {checkedAt !== null && !checking && (
            <p class="muted" data-testid="check-result">
              Checked <time dateTime={checkedAt}>{formatTime(checkedAt)}</time>.
            </p>
          )}
        </div>
        {rejection && <Rejection rejection={rejection} />}
        {maps === null ? (
          <p class="muted">{loading ? 'Reading the IT map status…' : 'The IT map status has not been read.'}</p>
        ) : maps.map === null ? (
          <p class="org-no-map" data-testid="no-map">
            {NO_MAP_TEXT}
          </p>
        ) : (
          <MapFacts map={maps.map} now={now} />
        )}
      </section>

      {maps && <PolicyCard maps={maps} />}
      {maps && <SourcesCard sources={maps.sources} />}
    </div>
  );
}

function Rejection({ rejection }: { rejection: MapRejection }) {
  return (
    <div class="alert alert--block" role="alert" data-testid="map-rejected">
      <h3 class="alert__title">Last map rejected</h3>
      <p class="alert__line">
        From <span class="mono path" data-testid="map-rejected-source">{rejection.source}</span>. Nothing from it was
        applied; the map in force, if any, stays.
      </p>
      <ul class="alert__list">
        {rejection.errors.map((e, i) => (
          <li key={`${e.field}-${i}`} data-testid="map-rejected-error">
            <code>{e.field}</code>: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function MapFacts({ map, now }: { map: MapInForce; now: Date }) {
  const expiry = mapExpiry(map.expires, now);
  return (
    <dl class="facts facts--stacked" data-testid="map-in-force">
      <div>
        <dt>Organisation</dt>
        <dd data-testid="map-org">{map.org}</dd>
      </div>
      <div>
        <dt>Serial</dt>
        <dd data-testid="map-serial">{map.serial}</dd>
      </div>
      <div class="facts__wide">
        <dt>Source ({mapSourceKind(map.source)})</dt>
        <dd class="mono path" data-testid="map-source">
          {map.source}
        </dd>
      </div>
      <div class="facts__wide">
        <dt>Signature</dt>
        <dd class="org-signature" data-testid="map-signature">
          {signatureText(map.signed_by)}
        </dd>
      </div>
      <div>
        <dt>Issued</dt>
        <dd>
          <Time value={map.issued} testId="map-issued" />
        </dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>
          <Time value={map.expires} testId="map-expires" />
          {expiry.warning && (
            <p
              class={`org-expiry org-expiry--${expiry.state}`}
              data-testid="map-expiry-warning"
              data-state={expiry.state}
            >
              <strong>{expiry.state === 'expired' ? 'Expired. ' : 'Expires soon. '}</strong>
              {expiry.warning}
            </p>
          )}
        </dd>
      </div>
      <div>
        <dt>Applied</dt>
        <dd>
          <Time value={map.applied_at} testId="map-applied" />
        </dd>
      </div>
    </dl>
  );
}

function PolicyCard({ maps }: { maps: MapStatusReport }) {
  return (
    <section class="card" aria-labelledby="org-policy-title">
      <header class="card__header">
        <h2 id="org-policy-title">Managed policy</h2>
      </header>
      <p class="card__hint">
        Set by your IT department: where maps come from and which keys may sign them. You cannot change it here.
      </p>
      {maps.policy_user_writable && (
        <div class="warning org-warning" data-testid="policy-writable">
          <strong>Warning: </strong>
          {POLICY_WRITABLE_WARNING}
        </div>
      )}
      {maps.policy_errors.length > 0 && (
        <div class="alert alert--block" role="alert" data-testid="policy-errors">
          <h3 class="alert__title">The policy file has problems</h3>
          <ul class="alert__list">
            {maps.policy_errors.map((e, i) => (
              <li key={`${e.field}-${i}`} data-testid="policy-error">
                <code>{e.field}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl class="facts facts--stacked">
        <div class="facts__wide">
          <dt>Policy file</dt>
          <dd class="mono path" data-testid="policy-file">
            {maps.policy_file}
          </dd>
        </div>
        <div class="facts__wide">
          <dt>Status</dt>
          <dd
            class={`org-policy-status ${maps.policy_source === 'file' ? 'is-ok' : 'is-bad'}`}
            data-testid="policy-source"
            data-source={maps.policy_source}
          >
            {policySourceLabel(maps.policy_source)}
          </dd>
        </div>
        <div class="facts__wide">
          <dt>Pinned signing keys</dt>
          <dd>
            {maps.trusted_key_ids.length === 0 ? (
              <span class="muted" data-testid="no-trusted-keys">
                None: no map can be verified
              </span>
            ) : (
              <ul class="org-keys">
                {maps.trusted_key_ids.map((id) => (
                  <li key={id}>
                    <code data-testid="trusted-key">{id}</code>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function SourcesCard({ sources }: { sources: MapSourceReport[] }) {
  return (
    <section class="card" aria-labelledby="org-sources-title">
      <header class="card__header">
        <h2 id="org-sources-title">Delivery sources</h2>
      </header>
      {sources.length === 0 ? (
        <p class="muted" data-testid="no-sources">
          The policy lists no delivery source (URL or folder).
        </p>
      ) : (
        <div class="table-wrap">
          <table class="table" aria-labelledby="org-sources-title">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Last check</th>
                <th scope="col">Last success</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s, i) => (
                <tr key={`${s.source}-${i}`} data-testid="source-row">
                  <th scope="row" class="mono path org-source">
                    {s.source}
                  </th>
                  <td>
                    <Time value={s.last_check} never="Never checked" />
                  </td>
                  <td>
                    <Time value={s.last_success} never="Never" />
                  </td>
                  <td>
                    {s.last_error === null ? (
                      <span class="muted">None</span>
                    ) : (
                      <p class="org-source-error" role="alert" data-testid="source-error">
                        {s.last_error}
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Time({ value, never = 'Never', testId }: { value: string | null; never?: string; testId?: string }) {
  if (value === null) {
    return (
      <span class="muted" data-testid={testId}>
        {never}
      </span>
    );
  }
  return (
    <time dateTime={value} data-testid={testId}>
      {formatTime(value)}
    </time>
  );
}
