import { ValidationError } from '@bosonic/core';
import { type DescMessage, fromBinary, type MessageShape, toBinary } from '@bufbuild/protobuf';

/**
 * The protobuf side of `:PCVL:` bodies: Circuit, Experiment, Detector, Matrix, … bodies are
 * base64(protobuf bytes) of the messages in `proto/perceval_circuit.proto`, encoded and decoded through
 * @bufbuild/protobuf with the generated descriptors. Fields are written in field-number order and proto3
 * defaults are omitted, as Python's protobuf does, so the bytes match Perceval's.
 */

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

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
 * @throws ValidationError (field = tag) when the text is not padded standard base64 or the bytes are not a
 *   valid `schema` message.
 */
export function decodeProtoBase64<Desc extends DescMessage>(
  schema: Desc,
  text: string,
  tag: string,
): MessageShape<Desc> {
  if (!STRICT_BASE64.test(text)) {
    throw new ValidationError(`Malformed :PCVL:${tag}: the body is not padded standard base64`, {
      field: tag,
    });
  }
  try {
    return fromBinary(schema, Buffer.from(text, 'base64'));
  } catch (error) {
    throw new ValidationError(
      `Malformed :PCVL:${tag}: the body is not a valid ${schema.typeName} protobuf message (${describe(error)})`,
      { field: tag, cause: error },
    );
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
