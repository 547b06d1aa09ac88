// The only module the rest of the UI imports from src/platform/ (besides the generated bindings' types).

import { onEvent } from './events';
import { getNetwork, getStatus, refreshNetwork, reportFirstPaint, verifyAuditLog } from './ipc';
import type { Platform } from './types';

export type { Platform } from './types';
export { toIpcError } from './errors';

/** The real platform: the Tauri shell. */
export const tauriPlatform: Platform = {
  getStatus,
  getNetwork,
  refreshNetwork,
  verifyAuditLog,
  reportFirstPaint,
  onEvent,
};
