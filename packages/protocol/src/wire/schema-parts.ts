import { type TNull, type TSchema, type TUnion, Type } from '@sinclair/typebox';
import { PCVL_PREFIX } from '../serialization/pcvl-prefix.js';

/** Pieces the wire schemas share. */

/** A serialized Perceval object; decoding it is `deserialize`'s job, the schema checks the prefix only. */
export const pcvlTextSchema = Type.String({
  pattern: `^${PCVL_PREFIX}`,
  title: `string starting with '${PCVL_PREFIX}'`,
});

/** A count: an integer ≥ 0. */
export const countSchema = Type.Integer({ minimum: 0 });

/** `null` or a value of `schema`. */
export function nullable<S extends TSchema>(schema: S): TUnion<[S, TNull]> {
  return Type.Union([schema, Type.Null()]);
}
