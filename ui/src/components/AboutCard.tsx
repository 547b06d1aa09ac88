import type { AuditVerification, StatusReport } from '../platform/bindings';
import { configSourceLabel, describeAudit } from '../state/format';

export interface AboutCardProps {
  status: StatusReport;
  audit: AuditVerification | null;
  verifying: boolean;
  onVerify: () => void;
}

export function AboutCard({ status, audit, verifying, onVerify }: AboutCardProps) {
  const result = audit ? describeAudit(audit) : null;
  return (
    <section class="card" aria-labelledby="about-title">
      <header class="card__header">
        <h2 id="about-title">About this install</h2>
      </header>
      <dl class="facts facts--stacked">
        <div>
          <dt>Version</dt>
          <dd data-testid="version">{status.version}</dd>
        </div>
        <div>
          <dt>Settings from</dt>
          <dd>{configSourceLabel(status.config.source)}</dd>
        </div>
        <div>
          <dt>Config directory</dt>
          <dd class="mono path">{status.paths.config_dir}</dd>
        </div>
        <div>
          <dt>Data directory</dt>
          <dd class="mono path">{status.paths.data_dir}</dd>
        </div>
        <div>
          <dt>Log directory</dt>
          <dd class="mono path">{status.paths.log_dir}</dd>
        </div>
        <div>
          <dt>Audit entries</dt>
          <dd data-testid="audit-entries">{status.audit_entries}</dd>
        </div>
      </dl>
      <div class="audit">
        <button type="button" onClick={onVerify} disabled={verifying} aria-busy={verifying}>
          {verifying ? 'Verifying…' : 'Verify audit log'}
        </button>
        <div aria-live="polite" class="audit__result-region">
          {result && (
            <p
              class={`audit__result ${result.intact ? 'audit__result--ok' : 'audit__result--bad'}`}
              data-testid="audit-result"
              data-intact={String(result.intact)}
            >
              {result.text}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
