import type { ConfigLoad } from '../platform/bindings';
import { configWarningHeading } from '../state/format';

export function ConfigWarnings({ config }: { config: ConfigLoad }) {
  if (config.errors.length === 0) return null;
  return (
    <section class="warning" data-testid="config-warnings" aria-labelledby="config-warnings-title">
      <h2 id="config-warnings-title" class="warning__title">
        {configWarningHeading(config.source)}
      </h2>
      <ul class="warning__list">
        {config.errors.map((e, i) => (
          <li key={`${e.field}-${i}`} data-testid="config-error">
            <code>{e.field}</code>: {e.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
