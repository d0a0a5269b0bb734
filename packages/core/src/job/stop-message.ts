/**
 * The stop message of a job whose task threw `error`: `"<ErrorName>: <message>"`, as Perceval writes
 * `f"{type(e).__name__}: {e}"` (just the name when the message is empty). A thrown non-Error value reads
 * `"Error: <value>"`.
 */
export function stopMessageOf(error: unknown): string {
  if (error instanceof Error || isErrorLike(error)) {
    const name = error.name || 'Error';
    return error.message ? `${name}: ${error.message}` : name;
  }
  return `Error: ${safeString(error)}`;
}

function isErrorLike(value: unknown): value is { name: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** `String(value)`, except that it never throws (e.g. for an object without a prototype). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
