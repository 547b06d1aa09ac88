// The seam between the UI and the desktop shell. Everything outside src/platform/ talks to the shell only
// through a `Platform`, so the app can run against a fake one in tests (and, later, in a browser preview).

import type { AuditVerification, Event, NetworkSnapshot, StatusReport } from './bindings';

export interface Platform {
  /** Everything the status screen needs in one call. */
  getStatus(): Promise<StatusReport>;
  /** The latest network snapshot the shell holds. */
  getNetwork(): Promise<NetworkSnapshot>;
  /** Asks the shell to re-read the network now; resolves to the snapshot in force afterwards. */
  refreshNetwork(): Promise<NetworkSnapshot>;
  /** Walks the audit log's hash chain. */
  verifyAuditLog(): Promise<AuditVerification>;
  /** Tells the shell the first frame with live data is on screen (logged for the launch benchmark). */
  reportFirstPaint(): Promise<void>;
  /** Subscribes to shell events; resolves to a function that unsubscribes. */
  onEvent(handler: (event: Event) => void): Promise<() => void>;
}
