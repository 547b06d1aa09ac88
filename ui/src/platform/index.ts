// The only module the rest of the UI imports from src/platform/ (besides the generated bindings' types).

import { onEvent } from './events';
import {
  checkMaps,
  confirmLocation,
  deleteLocation,
  getNetwork,
  getStatus,
  listLocations,
  locate,
  mapStatus,
  refreshNetwork,
  reportFirstPaint,
  reportMoved,
  updateLocation,
  validateAddress,
  verifyAuditLog,
} from './ipc';
import type { Platform } from './types';

export type { Platform } from './types';
export { toIpcError } from './errors';

/** The real platform: the Tauri shell. `dialEmergency` is absent until the SIP stack lands. */
export const tauriPlatform: Platform = {
  getStatus,
  getNetwork,
  refreshNetwork,
  verifyAuditLog,
  reportFirstPaint,
  onEvent,
  locate,
  confirmLocation,
  reportMoved,
  listLocations,
  updateLocation,
  deleteLocation,
  validateAddress,
  mapStatus,
  checkMaps,
};
