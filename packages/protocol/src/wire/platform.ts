import { Type } from '@sinclair/typebox';
import { type JsonValue, jsonValueSchema } from '../validation/json-value.js';
import { schemaOf, validator } from '../validation/validator.js';
import { countSchema, nullable, pcvlTextSchema } from './schema-parts.js';

/**
 * Platform details, the answer of `GET /api/platforms/{name}/processor` (and of the older
 * `GET /api/platform/{name}`), docs/wire-protocol.md:
 *
 * ```json
 * {"id":"<uuid>","name":"sim:test","status":"available","type":"simulator","perfs":{},
 *  "specs":{"available_commands":["probs"],"connected_input_modes":[0,2,4],
 *   "constraints":{"max_mode_count":20,"max_photon_count":6,"min_mode_count":1,"min_photon_count":1,
 *                  "support_multi_photon":false},
 *   "parameters":{"min_detected_photons":"<description>"},
 *   "specific_circuit":":PCVL:zip:…","architecture":":PCVL:zip:…","detector":"threshold"}}
 * ```
 */

/** `specs.constraints`: what inputs the platform accepts. */
export interface PlatformConstraints {
  max_mode_count?: number | null;
  min_mode_count?: number | null;
  max_photon_count?: number | null;
  min_photon_count?: number | null;
  /** False: at most one photon per input mode. */
  support_multi_photon?: boolean | null;
  [key: string]: unknown;
}

/** `specs`: what the platform can do. `:PCVL:` values stay serialized here. */
export interface PlatformSpecs {
  /** Commands the platform runs natively, e.g. `["probs"]`; a Sampler derives the others. */
  available_commands?: string[];
  /** Input modes wired to a source. */
  connected_input_modes?: number[];
  constraints?: PlatformConstraints;
  /** Accepted `payload.parameters`, name → description. */
  parameters?: Record<string, JsonValue>;
  /** The chip's circuit, a `:PCVL:` string (older platforms). */
  specific_circuit?: string;
  /** The chip as an experiment, a `:PCVL:` string (current platforms). */
  architecture?: string;
  /** `"threshold"` when the platform's detectors are threshold detectors. */
  detector?: string;
  description?: string;
  min_client_version?: string;
  pcvl_version?: string;
  software_versions?: JsonValue;
  [key: string]: unknown;
}

/** Platform details. */
export interface PlatformDetails {
  id?: string;
  /** The platform's name, e.g. `"sim:slos"` or `"qpu:belenos"`. */
  name?: string;
  /** e.g. `"available"`. */
  status?: string | null;
  /** `"simulator"`, or a physical QPU (`"qpu"` from Perceval 1.2 on). */
  type?: string | null;
  /** Measured performance figures, e.g. `{"Transmittance (%)": 5.2}`. */
  perfs?: Record<string, JsonValue> | null;
  specs: PlatformSpecs;
  [key: string]: unknown;
}

const count = Type.Optional(nullable(countSchema));

/** Schema of {@link PlatformConstraints}. */
export const platformConstraintsSchema = schemaOf<PlatformConstraints>()(
  Type.Object({
    max_mode_count: count,
    min_mode_count: count,
    max_photon_count: count,
    min_photon_count: count,
    support_multi_photon: Type.Optional(nullable(Type.Boolean())),
  }),
);

/** Schema of {@link PlatformSpecs}. */
export const platformSpecsSchema = schemaOf<PlatformSpecs>()(
  Type.Object({
    available_commands: Type.Optional(Type.Array(Type.String())),
    connected_input_modes: Type.Optional(Type.Array(countSchema)),
    constraints: Type.Optional(platformConstraintsSchema),
    parameters: Type.Optional(Type.Record(Type.String(), jsonValueSchema)),
    specific_circuit: Type.Optional(pcvlTextSchema),
    architecture: Type.Optional(pcvlTextSchema),
    detector: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    min_client_version: Type.Optional(Type.String()),
    pcvl_version: Type.Optional(Type.String()),
    software_versions: Type.Optional(jsonValueSchema),
  }),
);

/** Schema of {@link PlatformDetails}. */
export const platformDetailsSchema = schemaOf<PlatformDetails>()(
  Type.Object({
    id: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    status: Type.Optional(nullable(Type.String())),
    type: Type.Optional(nullable(Type.String())),
    perfs: Type.Optional(nullable(Type.Record(Type.String(), jsonValueSchema))),
    specs: platformSpecsSchema,
  }),
);

/**
 * Checks platform details (either path).
 * @throws ValidationError naming the field (e.g. `specs.constraints.max_mode_count`).
 */
export const validatePlatformDetails: (body: unknown) => PlatformDetails = validator(platformDetailsSchema);
