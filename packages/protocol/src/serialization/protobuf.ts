import { ValidationError } from '@bosonic/core';
import { type DescMessage, fromBinary, type MessageShape, toBinary } from '@bufbuild/protobuf';
import { ComponentSchema } from '../proto/perceval_circuit_pb.js';
import { isPaddedBase64 } from './base64.js';
import type { DecodeLimits } from './decode-limits.js';

/**
 * The protobuf side of `:PCVL:` bodies: Circuit, Experiment, Detector, Matrix, … bodies are
 * base64(protobuf bytes) of the messages in `proto/perceval_circuit.proto`, encoded and decoded through
 * @bufbuild/protobuf with the generated descriptors. Fields are written in field-number order and proto3
 * defaults are omitted, as Python's protobuf does, so the bytes match Perceval's.
 */

/** Encodes a message as base64 (standard alphabet, padded). */
export function encodeProtoBase64<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): string {
  return bytesToBase64(toBinary(schema, message));
}

/**
 * Decodes base64 protobuf bytes as `schema`.
 * @param tag - the `:PCVL:` tag, named in errors.
 * @param limits - `maxDepth`, the deepest nesting of messages (a circuit in a component in a circuit… counts one
 *   level per message: the decoder recurses once per level), and `maxComponents`, the most components in all
 *   (each takes a few hundred bytes once decoded, from 5 bytes of wire), both checked on the bytes before
 *   decoding.
 * @throws ValidationError (field = tag) when the text is not padded standard base64, exceeds a limit, or the
 *   bytes are not a valid `schema` message.
 */
export function decodeProtoBase64<Desc extends DescMessage>(
  schema: Desc,
  text: string,
  tag: string,
  limits: Pick<DecodeLimits, 'maxDepth' | 'maxComponents'>,
): MessageShape<Desc> {
  if (!isPaddedBase64(text)) {
    throw new ValidationError(`Malformed :PCVL:${tag}: the body is not padded standard base64`, {
      field: tag,
    });
  }
  const bytes = Buffer.from(text, 'base64');
  const exceeded = scanMessages(schema, bytes, limits);
  if (exceeded === 'maxDepth') {
    throw new ValidationError(
      `Malformed :PCVL:${tag}: its messages nest deeper than ${limits.maxDepth} levels (maxDepth)`,
      { field: tag },
    );
  }
  if (exceeded === 'maxComponents') {
    throw new ValidationError(
      `Malformed :PCVL:${tag}: it holds more than ${limits.maxComponents} components (maxComponents)`,
      { field: tag },
    );
  }
  try {
    return fromBinary(schema, bytes);
  } catch (error) {
    throw new ValidationError(
      `Malformed :PCVL:${tag}: the body is not a valid ${schema.typeName} protobuf message (${describe(error)})`,
      { field: tag, cause: error },
    );
  }
}

/** What a length-delimited field of a message holds: a nested message, or a map entry whose value may be one. */
type Nested = { message: DescMessage } | { mapValue: DescMessage | undefined };
/** A nested message being scanned, up to byte `end`. */
type Frame = Nested & { end: number };

/**
 * The limit the messages in `bytes` exceed, if any: nesting deeper than `maxDepth`, or more than
 * `maxComponents` Component messages. Found with an explicit stack (no recursion); bytes that are malformed in
 * any other way are left to the decoder to report.
 */
function scanMessages(
  schema: DescMessage,
  bytes: Uint8Array,
  { maxDepth, maxComponents }: Pick<DecodeLimits, 'maxDepth' | 'maxComponents'>,
): 'maxDepth' | 'maxComponents' | undefined {
  let components = 0;
  const stack: Frame[] = [{ end: bytes.length, message: schema }];
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.length) return -1;
      const b = bytes[pos++] as number;
      if (shift < 35) value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    return -1;
  };
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (pos >= frame.end) {
      stack.pop();
      continue;
    }
    const tag = varint();
    if (tag < 0) return undefined;
    const number = Math.floor(tag / 8);
    switch (tag % 8) {
      case 0:
        if (varint() < 0) return undefined;
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2: {
        const length = varint();
        if (length < 0 || pos + length > frame.end) return undefined;
        const nested = nestedIn(frame, number);
        if (nested === undefined) {
          pos += length;
          break;
        }
        if (stack.length >= maxDepth) return 'maxDepth';
        if ('message' in nested && nested.message === ComponentSchema && ++components > maxComponents) {
          return 'maxComponents';
        }
        stack.push({ ...nested, end: pos + length });
        break;
      }
      default:
        return undefined; // groups and invalid wire types: the decoder reports them
    }
  }
  return undefined;
}

/** The frame a length-delimited field `number` opens inside `frame`, if it holds a message. */
function nestedIn(frame: Frame, number: number): Nested | undefined {
  if (!('message' in frame)) {
    return number === 2 && frame.mapValue !== undefined ? { message: frame.mapValue } : undefined;
  }
  const field = frame.message.fields.find((candidate) => candidate.number === number);
  if (field === undefined) return undefined;
  switch (field.fieldKind) {
    case 'message':
      return { message: field.message };
    case 'list':
      return field.listKind === 'message' ? { message: field.message } : undefined;
    case 'map':
      return { mapValue: field.mapKind === 'message' ? field.message : undefined };
    default:
      return undefined;
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
