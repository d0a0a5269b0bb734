import type { Rng } from '@bosonic/core';
import { PCVL_PREFIX } from '../pcvl-prefix.js';
import { knownTags } from '../registry.js';
import { compressPcvl } from '../zip.js';

/** Longest input the fuzzer builds: large enough to cross every parser's piece boundaries, quick to try. */
export const MAX_INPUT_LENGTH = 1 << 20;

/** Fragments of the `:PCVL:` grammars, so that mutations keep reaching past the first character check. */
const TOKENS = [
  '|',
  ',',
  '>',
  '<',
  '〉',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '=',
  '==',
  '<=',
  '>=',
  ';',
  '/',
  '+',
  '*',
  '-',
  '.',
  'e',
  'e-',
  'E+',
  ' ',
  '\t',
  '\n',
  ':',
  '_:',
  '&',
  '|',
  'and',
  'or',
  'xor',
  'AND',
  'P:H',
  '0',
  '1',
  '9',
  '255',
  '256',
  '4096',
  '4097',
  '1000000000',
  '99999999999999999999',
  '1e308',
  '1e309',
  'NaN',
  'Infinity',
  '-0',
  '"',
  '\\',
  'null',
  'true',
  '{}',
  '[]',
  '\u0000',
  '\uffff',
  '\ud800',
  'é',
  PCVL_PREFIX,
  ':PCVL:zip:',
  '=',
];

/** Tags whose body is base64 protobuf: their bytes are mutated too. */
const PROTOBUF_TAGS = new Set(['Detector', 'Matrix', 'ACircuit', 'Component', 'Experiment']);

/** A mutated copy of a well-formed `:PCVL:` string: its text, its protobuf bytes, its tag, or its `zip:` form. */
export function mutatePcvl(rng: Rng, seed: string): string {
  const colon = seed.indexOf(':', PCVL_PREFIX.length);
  let tag = seed.slice(PCVL_PREFIX.length, colon);
  let body = seed.slice(colon + 1);
  if (rng.nextInt(20) === 0) {
    const tags = knownTags();
    tag = tags[rng.nextInt(tags.length)] as string;
  }
  if (PROTOBUF_TAGS.has(tag) && rng.nextInt(3) !== 0) {
    body = Buffer.from(mutateBytes(rng, Buffer.from(body, 'base64'))).toString('base64');
  } else {
    body = mutateText(rng, body);
  }
  let text = `${PCVL_PREFIX}${tag}:${body}`;
  if (rng.nextInt(4) === 0) {
    text = compressPcvl(text);
    if (rng.nextInt(4) === 0) text = mutateText(rng, text, 1);
  } else if (rng.nextInt(30) === 0) {
    text = mutateText(rng, text);
  }
  return text;
}

/** A few random edits (mostly one, so that many inputs stay nearly valid), kept under {@link MAX_INPUT_LENGTH}. */
export function mutateText(rng: Rng, text: string, edits = editCount(rng)): string {
  let out = text;
  for (let k = 0; k < edits; k++) {
    const at = rng.nextInt(out.length + 1);
    const token = TOKENS[rng.nextInt(TOKENS.length)] as string;
    switch (rng.nextInt(7)) {
      case 0: // replace a character
        out = out.slice(0, at) + token + out.slice(at + 1);
        break;
      case 1: // insert a token
        out = out.slice(0, at) + token + out.slice(at);
        break;
      case 2: {
        // delete a range
        const end = Math.min(out.length, at + 1 + rng.nextInt(16));
        out = out.slice(0, at) + out.slice(end);
        break;
      }
      case 3: {
        // repeat a slice many times: long states, deep nesting, many entries
        const end = Math.min(out.length, at + 1 + rng.nextInt(12));
        const slice = out.slice(at, end) || token;
        const times = 1 + rng.nextInt(rng.nextInt(8) === 0 ? 50_000 : 16);
        out =
          out.slice(0, at) + slice.repeat(Math.min(times, MAX_INPUT_LENGTH / slice.length)) + out.slice(at);
        break;
      }
      case 4: // truncate
        out = out.slice(0, at);
        break;
      case 5: {
        // nest: wrap a slice in many brackets of one kind
        const [open, close] = [
          ['(', ')'],
          ['[', ']'],
          ['{', '}'],
          ['|', '>'],
        ][rng.nextInt(4)] as [string, string];
        const depth = 1 + rng.nextInt(rng.nextInt(8) === 0 ? 30_000 : 80);
        const end = Math.min(out.length, at + rng.nextInt(16));
        out =
          out.slice(0, at) + open.repeat(depth) + out.slice(at, end) + close.repeat(depth) + out.slice(end);
        break;
      }
      default: // a random character anywhere in the BMP
        out = out.slice(0, at) + String.fromCharCode(rng.nextInt(0x10000)) + out.slice(at);
    }
    if (out.length > MAX_INPUT_LENGTH) out = out.slice(0, MAX_INPUT_LENGTH);
  }
  return out;
}

/** A few random edits of protobuf bytes: bit flips, random bytes, deletions, repeated slices. */
export function mutateBytes(rng: Rng, bytes: Uint8Array): Uint8Array {
  let out: Uint8Array = Uint8Array.from(bytes);
  const edits = editCount(rng);
  for (let k = 0; k < edits; k++) {
    const at = rng.nextInt(out.length + 1);
    switch (rng.nextInt(5)) {
      case 0:
        if (at < out.length) out[at] = (out[at] as number) ^ (1 << rng.nextInt(8));
        break;
      case 1:
        if (at < out.length) out[at] = rng.nextInt(256);
        break;
      case 2: {
        const inserted = Uint8Array.from({ length: 1 + rng.nextInt(8) }, () => rng.nextInt(256));
        out = concat(out.subarray(0, at), inserted, out.subarray(at));
        break;
      }
      case 3:
        out = concat(out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + rng.nextInt(8))));
        break;
      default: {
        const slice = out.subarray(at, Math.min(out.length, at + 1 + rng.nextInt(16)));
        const times = 1 + rng.nextInt(rng.nextInt(8) === 0 ? 5000 : 8);
        const repeated = new Uint8Array(Math.min(slice.length * times, MAX_INPUT_LENGTH / 2));
        for (let i = 0; i < repeated.length && slice.length > 0; i++)
          repeated[i] = slice[i % slice.length] as number;
        out = concat(out.subarray(0, at), repeated, out.subarray(at));
      }
    }
  }
  return out;
}

/** One edit half of the time, up to four otherwise. */
function editCount(rng: Rng): number {
  return rng.nextInt(2) === 0 ? 1 : 1 + rng.nextInt(4);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
