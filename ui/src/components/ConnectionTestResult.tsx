// The answer to "Test connection", in words: connected (and how fast), or why not with the shell's own message.

import type { ConnectionTest } from '../platform/bindings';
import { connectionTestText } from '../state/accountFormat';

export function ConnectionTestResult({ result }: { result: ConnectionTest }) {
  const { ok, headline, detail } = connectionTestText(result);
  return (
    <div
      class={`account-test-result ${ok ? 'is-ok' : 'is-bad'}`}
      data-testid="account-test-result"
      data-ok={String(ok)}
      data-code={result.code ?? undefined}
    >
      <p class="account-test-result__headline">{headline}</p>
      {(detail !== null || (!ok && result.code !== null)) && (
        <p class="account-test-result__detail" data-testid="account-test-detail">
          {detail}
          {!ok && result.code !== null && (
            <span class="alert__code">
              {detail !== null && ' '}(code: <code>{result.code}</code>)
            </span>
          )}
        </p>
      )}
    </div>
  );
}
