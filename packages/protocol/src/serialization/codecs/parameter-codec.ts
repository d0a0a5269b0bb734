import { Parameter, ValidationError } from '@bosonic/core';
import { create } from '@bufbuild/protobuf';
import { ParameterSchema, type Parameter as PbParameter } from '../../proto/perceval_circuit_pb.js';
import { UnsupportedPcvlError } from '../unsupported-error.js';

/**
 * Component arguments on the wire (`perceval.schema.Parameter`), as Perceval writes them:
 * - a number, or a fixed parameter: `real_value`;
 * - a named variable that has a value: `real_value` and `name`;
 * - a free named variable: `symbol` (and `name`).
 * Symbolic expressions (`expression` + `expr_parameters`) are read as an error: bosonic's model has no
 * expressions.
 */

/**
 * The named parameters met while decoding one circuit or experiment: a name seen twice yields the same
 * {@link Parameter} object, as the circuit requires (two distinct parameters may not share a name).
 */
export type ParameterScope = Map<string, Parameter>;

/** Encodes a component's parameter. */
export function encodeParameter(parameter: Parameter): PbParameter {
  if (parameter.fixed) {
    return create(ParameterSchema, { type: { case: 'realValue', value: parameter.value ?? 0 } });
  }
  if (parameter.value !== undefined) {
    return create(ParameterSchema, {
      type: { case: 'realValue', value: parameter.value },
      name: parameter.name,
    });
  }
  return create(ParameterSchema, { type: { case: 'symbol', value: parameter.name }, name: parameter.name });
}

/**
 * Decodes a component's parameter: a number for a plain value, a (shared) {@link Parameter} for a named one,
 * `undefined` when the message is absent or empty (the component's default applies).
 * @param where - names the argument in errors, e.g. `beam_splitter.theta`.
 * @throws ValidationError for a symbolic expression or a non-finite value.
 */
export function decodeParameter(
  message: PbParameter | undefined,
  scope: ParameterScope,
  where: string,
): number | Parameter | undefined {
  if (message === undefined) return undefined;
  const { type } = message;
  switch (type.case) {
    case undefined:
      return undefined;
    case 'realValue': {
      if (!Number.isFinite(type.value)) {
        throw new ValidationError(`${where} is not a finite number (${type.value})`, { field: where });
      }
      if (!message.name) return type.value;
      const existing = scope.get(message.name);
      if (existing !== undefined) return existing;
      const parameter = new Parameter(message.name, { value: type.value });
      scope.set(message.name, parameter);
      return parameter;
    }
    case 'symbol': {
      const name = message.name || type.value;
      if (!name) throw new ValidationError(`${where} is a symbol without a name`, { field: where });
      const existing = scope.get(name);
      if (existing !== undefined) return existing;
      const parameter = new Parameter(name);
      scope.set(name, parameter);
      return parameter;
    }
    case 'expression':
      throw new UnsupportedPcvlError(
        `${where} is the symbolic expression '${type.value}': bosonic supports numbers and named parameters only`,
        { field: where },
      );
  }
}
