// An account's registration state as a coloured pill: "Registered", "Registering…", "Not registered: …".

import type { RegistrationStatus } from '../platform/bindings';
import { registrationText, registrationTone } from '../state/accountFormat';

export function AccountStatusPill({ accountId, status }: { accountId: string; status: RegistrationStatus }) {
  const tone = registrationTone(status.state);
  return (
    <span
      class={`account-pill account-pill--${tone}`}
      data-testid={`account-status-${accountId}`}
      data-state={status.state}
      data-code={status.code ?? undefined}
    >
      {registrationText(status)}
    </span>
  );
}
