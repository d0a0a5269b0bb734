/**
 * `@bosonic/protocol`: the wire format of the Quandela Cloud protocol, shared by bosonic's cloud client and
 * its server. Request/response types with their JSON Schemas and validators (`createJobRequestSchema`,
 * `validateCreateJobRequest`, …), the REST paths, the validation helpers every bosonic input goes through
 * (`check`, `validator`), and Perceval's `:PCVL:` serialization (`serialize` / `deserialize`), protobuf circuits
 * and experiments included.
 *
 * @packageDocumentation
 */
export * from './serialization/index.js';
export * from './validation/index.js';
export * from './wire/index.js';
