import type { PlanSummary } from '../platform/bindings';
import { OTHER_PHONE, conveyedByText, lintFindingText, spokenNumber } from '../state/callFormat';

export interface EmergencyPlanCardProps {
  /** The plan in force; null without an account. */
  plan: PlanSummary | null;
  /** True until the first status report arrives. */
  loading: boolean;
  /** Opens the "Test emergency calling…" dialog. */
  onTest: () => void;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a 911 call would send right now (callback number, location, how) and the readback test button. */
export function EmergencyPlanCard({ plan, loading, onTest }: EmergencyPlanCardProps) {
  const conveyed = plan ? conveyedByText(plan.location_sent_by) : null;
  const findings = plan?.lint.findings ?? [];
  return (
    <section class="card plan" aria-labelledby="plan-title" data-testid="emergency-plan">
      <header class="card__header">
        <h2 id="plan-title">Emergency calling</h2>
        <button type="button" class="button--quiet" data-testid="test-call-open" onClick={onTest}>
          Test emergency calling…
        </button>
      </header>
      {plan ? (
        <>
          <dl class="facts">
            <div>
              <dt>Callback number</dt>
              <dd class="mono" data-testid="plan-callback">
                {plan.caller_id ? spokenNumber(plan.caller_id) : 'None'}
              </dd>
            </div>
            <div>
              <dt>Location sent</dt>
              <dd data-testid="plan-location">{plan.location_sent ?? 'None — tell the dispatcher your address'}</dd>
            </div>
            {conveyed && (
              <div>
                <dt>Sent as</dt>
                <dd>{capitalised(conveyed)}</dd>
              </div>
            )}
          </dl>
          {findings.length > 0 && (
            <div class="warning" data-testid="plan-lint">
              <strong class="warning__title">Check the emergency caller ID — 911 calls still go out:</strong>
              <ul class="warning__list">
                {findings.map((finding, i) => (
                  <li key={i}>{lintFindingText(finding)}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      ) : (
        !loading && (
          <p class="plan__none" data-testid="plan-none">
            No calling account is set up, so Locus cannot place 911 calls. {OTHER_PHONE}
          </p>
        )
      )}
    </section>
  );
}
