import { ValidationError } from '@bosonic/core';
import { DEFAULT_DECODE_LIMITS } from '@bosonic/protocol';

/**
 * Refuses a create-job body whose `:PCVL:` value is longer than the decoder takes (its `maxStringLength`, 4 Mi
 * characters) before anything else reads it: the decoder would refuse it too, but only after copying and scanning
 * it (a 10-million-character experiment held the event loop for hundreds of milliseconds that way, see
 * `bench/hostile.mjs`). A string's length is known at once, where a schema's `maxLength` counts code points.
 * Run by the create-job route, and by the request checker's thread on the large bodies it parses.
 * @throws ValidationError naming the field.
 */
export function checkPcvlValueLengths(body: unknown): void {
  const max = DEFAULT_DECODE_LIMITS.maxStringLength;
  const check = (value: unknown, field: string): void => {
    if (typeof value === 'string' && value.length > max) {
      throw new ValidationError(
        `${field}: ${value.length} characters, more than a :PCVL: value may hold (${max}, maxStringLength)`,
        { field },
      );
    }
  };
  const payload = (body as { payload?: Record<string, unknown> } | undefined)?.payload;
  if (payload === null || typeof payload !== 'object') return;
  for (const key of ['experiment', 'circuit', 'input_state']) check(payload[key], `payload.${key}`);
  const iterator = payload.iterator;
  if (!Array.isArray(iterator)) return;
  iterator.forEach((step: unknown, i) => {
    if (step === null || typeof step !== 'object') return;
    for (const key of ['input_state', 'noise']) {
      check((step as Record<string, unknown>)[key], `payload.iterator[${i}].${key}`);
    }
  });
}
