import {
  array,
  boolean,
  type JsonValue,
  json,
  nullable,
  number,
  object,
  optional,
  record,
  type Schema,
  string,
  validator,
} from './schema.js';

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

const PCVL = ':PCVL:';
const count = nullable(number({ integer: true, min: 0 }));

/** Schema of {@link PlatformConstraints}. */
export const platformConstraintsSchema: Schema<PlatformConstraints> = object({
  max_mode_count: optional(count),
  min_mode_count: optional(count),
  max_photon_count: optional(count),
  min_photon_count: optional(count),
  support_multi_photon: optional(nullable(boolean())),
});

/** Schema of {@link PlatformSpecs}. */
export const platformSpecsSchema: Schema<PlatformSpecs> = object({
  available_commands: optional(array(string())),
  connected_input_modes: optional(array(number({ integer: true, min: 0 }))),
  constraints: optional(platformConstraintsSchema),
  parameters: optional(record(json())),
  specific_circuit: optional(string({ prefix: PCVL })),
  architecture: optional(string({ prefix: PCVL })),
  detector: optional(string()),
  description: optional(string()),
  min_client_version: optional(string()),
  pcvl_version: optional(string()),
  software_versions: optional(json()),
});

/** Schema of {@link PlatformDetails}. */
export const platformDetailsSchema: Schema<PlatformDetails> = object({
  id: optional(string()),
  name: optional(string()),
  status: optional(nullable(string())),
  type: optional(nullable(string())),
  perfs: optional(nullable(record(json()))),
  specs: platformSpecsSchema,
});

/**
 * Checks platform details (either path).
 * @throws ValidationError naming the field (e.g. `specs.constraints.max_mode_count`).
 */
export const validatePlatformDetails: (body: unknown) => PlatformDetails = validator(platformDetailsSchema);
