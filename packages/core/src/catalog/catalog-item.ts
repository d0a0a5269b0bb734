import { ValidationError } from '../errors/index.js';
import type { Circuit } from '../model/circuit/circuit.js';
import { Parameter } from '../model/circuit/parameter.js';
import { Experiment } from '../model/experiment.js';

/** A value given to a catalog item: a number, a {@link Parameter}, or a name (which makes a new Parameter). */
export type CatalogParamValue = number | string | Parameter;

/** The values given to a catalog item, by Perceval's keys (`theta`, `phi`, `phi_a`, …). */
export type CatalogParams = Readonly<Record<string, CatalogParamValue>>;

/**
 * One entry of the component catalog, as Perceval's `CatalogItem`: a named gate or building block that builds its
 * circuit, and the experiment around it (ports, heralds, post-selection).
 */
export interface CatalogItem {
  /** Perceval's catalog name (`'heralded cnot'`, `'h'`, `'mzi phase first'`, …). */
  readonly name: string;
  /** What it is, in one or two sentences. */
  readonly description: string;
  /** The article it implements, when there is one. */
  readonly articleRef: string | undefined;
  /** The parameters it takes, with their meaning and default; empty for a fixed gate. */
  readonly paramsDoc: Readonly<Record<string, string>>;
  /**
   * The linear-optical circuit.
   * @throws ValidationError (field `params.<key>`) for an unknown key or a value of the wrong type.
   */
  buildCircuit(params?: CatalogParams): Circuit;
  /**
   * The circuit in an Experiment with the item's ports, heralds and post-selection, ready for a `Processor`.
   * @throws ValidationError as {@link CatalogItem.buildCircuit}.
   */
  buildExperiment(params?: CatalogParams): Experiment;
}

/** What an item definition provides; {@link defineItem} adds the parameter checks. */
export interface ItemDefinition {
  name: string;
  description: string;
  articleRef?: string;
  paramsDoc?: Record<string, string>;
  circuit(params: ParamReader): Circuit;
  /** Ports, heralds and post-selection on the experiment of the circuit; none when omitted. */
  setUp?(experiment: Experiment, params: ParamReader): Experiment;
}

/** Reads an item's parameters, with Perceval's rule that a string names a new {@link Parameter}. */
export class ParamReader {
  readonly #params: CatalogParams;

  constructor(params: CatalogParams) {
    this.#params = params;
  }

  /** The value of `key` (a number or a Parameter), or `fallback` (a number, or a name for a new Parameter). */
  value(key: string, fallback: number | string): number | Parameter {
    const given = this.#params[key] ?? fallback;
    if (typeof given === 'string') return new Parameter(given);
    return given;
  }

  /** The numeric value of `key`, or `fallback`. @throws ValidationError when a Parameter or a name was given. */
  number(key: string, fallback: number): number {
    const given = this.#params[key] ?? fallback;
    if (typeof given !== 'number') {
      throw new ValidationError(`params.${key} must be a number for this item (got ${String(given)})`, {
        field: `params.${key}`,
      });
    }
    return given;
  }

  /** The raw value of `key`, if given. */
  raw(key: string): CatalogParamValue | undefined {
    return this.#params[key];
  }
}

function checkParams(definition: ItemDefinition, params: unknown): CatalogParams {
  if (params === undefined) return {};
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ValidationError(`The parameters of '${definition.name}' must be an object`, {
      field: 'params',
    });
  }
  const known = Object.keys(definition.paramsDoc ?? {});
  for (const [key, value] of Object.entries(params)) {
    if (!known.includes(key)) {
      throw new ValidationError(
        `'${definition.name}' has no parameter '${key}' (parameters: ${known.join(', ') || 'none'})`,
        { field: `params.${key}` },
      );
    }
    const ok =
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.trim() !== '') ||
      value instanceof Parameter;
    if (!ok) {
      throw new ValidationError(
        `params.${key} must be a finite number, a Parameter or a parameter name (got ${String(value)})`,
        { field: `params.${key}` },
      );
    }
  }
  return params as CatalogParams;
}

/** A frozen {@link CatalogItem} from its definition. */
export function defineItem(definition: ItemDefinition): CatalogItem {
  const buildCircuit = (params?: CatalogParams): Circuit =>
    definition.circuit(new ParamReader(checkParams(definition, params)));
  return Object.freeze({
    name: definition.name,
    description: definition.description,
    articleRef: definition.articleRef,
    paramsDoc: Object.freeze({ ...(definition.paramsDoc ?? {}) }),
    buildCircuit,
    buildExperiment(params?: CatalogParams): Experiment {
      const reader = new ParamReader(checkParams(definition, params));
      const experiment = new Experiment(definition.circuit(reader), { name: definition.name });
      return definition.setUp === undefined ? experiment : definition.setUp(experiment, reader);
    },
    toString(): string {
      return `CatalogItem('${definition.name}')`;
    },
  });
}
