import type { ErrorCode, IpcError } from './bindings';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns whatever a failed platform call rejected with into an `IpcError`.
 *
 * Commands reject with an `IpcError` object; anything else (a string from the Tauri runtime such as an
 * unknown command, a thrown `Error`, `undefined`) becomes `{ code: "internal", message }`.
 */
export function toIpcError(reason: unknown): IpcError {
  if (isRecord(reason) && typeof reason.code === 'string' && typeof reason.message === 'string') {
    // A code this UI does not know yet is kept as sent: showing it is more useful than hiding it.
    return { code: reason.code as ErrorCode, message: reason.message };
  }
  if (typeof reason === 'string') {
    return { code: 'internal', message: reason };
  }
  if (reason instanceof Error) {
    return { code: 'internal', message: reason.message || reason.name };
  }
  if (isRecord(reason) && typeof reason.message === 'string') {
    return { code: 'internal', message: reason.message };
  }
  let text: string;
  try {
    text = JSON.stringify(reason) ?? String(reason);
  } catch {
    text = String(reason);
  }
  return { code: 'internal', message: `Unexpected error: ${text}` };
}
