// The only module the rest of the UI imports from src/platform/ (besides the generated bindings' types).

import { onEvent } from './events';
import {
  answerCall,
  answerTestCall,
  checkMaps,
  checkNumber,
  confirmLocation,
  deleteLocation,
  declineCall,
  dial,
  dismissTestSuggestion,
  emergencyPlan,
  getNetwork,
  getStatus,
  hangUp,
  holdCall,
  listCalls,
  listLocations,
  locate,
  mapStatus,
  refreshNetwork,
  reportFirstPaint,
  reportMoved,
  resumeCall,
  startTestCall,
  updateLocation,
  validateAddress,
  verifyAuditLog,
} from './ipc';
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
  locate,
  confirmLocation,
  reportMoved,
  listLocations,
  updateLocation,
  deleteLocation,
  validateAddress,
  mapStatus,
  checkMaps,
  emergencyPlan,
  checkNumber,
  dial,
  hangUp,
  holdCall,
  resumeCall,
  answerCall,
  declineCall,
  listCalls,
  startTestCall,
  answerTestCall,
  dismissTestSuggestion,
};
