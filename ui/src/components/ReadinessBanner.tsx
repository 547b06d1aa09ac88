import type { Readiness } from '../platform/bindings';
import { LEVEL_LABELS } from '../state/format';

export const OTHER_PHONE_GUIDANCE = 'Use another phone for 911.';

export interface ReadinessBannerProps {
  /** Null until readiness is known. */
  readiness: Readiness | null;
  /** True while readiness is still being read; false with null readiness means it could not be read. */
  loading: boolean;
}

/**
 * The always-visible E911 readiness strip. Colour is never the only signal: the level is also spelled out.
 * When red, it says to use another phone and shows the shell's outage warning (power and internet).
 */
export function ReadinessBanner({ readiness, loading }: ReadinessBannerProps) {
  const level = readiness?.level ?? 'unknown';
  const label = readiness ? LEVEL_LABELS[readiness.level] : loading ? 'Checking' : 'Unknown';
  const summary = readiness
    ? readiness.summary
    : loading
      ? 'Checking E911 readiness…'
      : 'E911 readiness unknown: Locus could not read its status.';
  const warnOtherPhone = level === 'red' || (readiness === null && !loading);

  return (
    <div
      class="readiness"
      role="status"
      aria-live="polite"
      data-testid="readiness"
      data-level={level}
      data-reason={readiness?.reason}
    >
      <span class="readiness__label">{label}</span>
      <span class="readiness__summary">{summary}</span>
      {warnOtherPhone && <strong class="readiness__guidance">{OTHER_PHONE_GUIDANCE}</strong>}
      {readiness?.warning && (
        <span class="readiness__warning" data-testid="readiness-warning">
          {readiness.warning}
        </span>
      )}
    </div>
  );
}
