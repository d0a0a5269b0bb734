/**
 * `@bosonic/protocol`: the wire format of the Quandela Cloud protocol, shared by bosonic's cloud client and
 * its server. Request/response types with runtime validators (`validateCreateJobRequest`, …), the REST paths,
 * and Perceval's `:PCVL:` serialization (`serialize` / `deserialize`), protobuf circuits and experiments included.
 *
 * @packageDocumentation
 */
export * from './serialization/index.js';
export * from './wire/index.js';
