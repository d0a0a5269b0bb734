import { ValidationError } from '../../errors/index.js';
import { BasicState } from '../../model/state/basic-state.js';
import { fockStates } from '../../model/state/fock-space.js';

/** A state given to the Analyzer: a BasicState or its text (`'|1,0,1,0>'`). */
export type AnalyzerState = BasicState | string;

/**
 * A list of states, or states with display labels (Perceval's `{BasicState: name}` dict): a Map, or an object
 * whose keys are state texts.
 */
export type AnalyzerStateSet =
  | readonly AnalyzerState[]
  | ReadonlyMap<AnalyzerState, string>
  | Readonly<Record<string, string>>;

/** The output states: the inputs (undefined), a list, labelled states, or `'*'` for every state of the inputs' photons. */
export type AnalyzerOutputSet = AnalyzerStateSet | '*' | undefined;

/** The ideal output of each input, by input state or label, as an output state or label. */
export type AnalyzerExpected =
  | ReadonlyMap<AnalyzerState, AnalyzerState>
  | Readonly<Record<string, AnalyzerState>>;

/** Labels of states, by the state's text. */
export type Labels = Map<string, string>;

export function toState(value: unknown, field: string): BasicState {
  if (value instanceof BasicState) return value;
  if (typeof value === 'string') {
    try {
      return BasicState.parse(value);
    } catch (error) {
      throw new ValidationError(`${field}: '${value}' is not a Fock state such as '|1,0>'`, {
        field,
        cause: error,
      });
    }
  }
  throw new ValidationError(`${field} must hold BasicStates (or their text such as '|1,0>')`, { field });
}

/**
 * The states of a set, in order, recording their labels. Perceval's rule: a list or a labelled set; anything
 * else is a ValidationError naming `field`.
 */
export function readStateSet(set: AnalyzerStateSet, field: string, labels: Labels): BasicState[] {
  const states: BasicState[] = [];
  const add = (state: BasicState, label?: string): void => {
    if (label !== undefined) {
      if (typeof label !== 'string') throw new ValidationError(`${field}: labels must be strings`, { field });
      labels.set(state.toString(), label);
    }
    if (!states.some((s) => s.equals(state))) states.push(state);
  };
  if (Array.isArray(set)) {
    set.forEach((value, i) => {
      add(toState(value, `${field}[${i}]`));
    });
  } else if (set instanceof Map) {
    for (const [key, label] of set) add(toState(key, field), label);
  } else if (set !== null && typeof set === 'object') {
    for (const [key, label] of Object.entries(set)) add(toState(key, field), label as string);
  } else {
    throw new ValidationError(`${field} must be a list of states or a mapping {state: label}`, { field });
  }
  if (states.length === 0) throw new ValidationError(`${field} is empty`, { field });
  return states;
}

/** Every state with the photon count of one of `inputs` over their modes (Perceval's `allstate_iterator`), sorted. */
export function allOutputStates(inputs: readonly BasicState[]): BasicState[] {
  const seen = new Set<string>();
  const out: BasicState[] = [];
  for (const input of inputs) {
    for (const occupations of fockStates(input.m, input.n)) {
      const state = new BasicState(occupations);
      if (seen.has(state.toString())) continue;
      seen.add(state.toString());
      out.push(state);
    }
  }
  return out;
}

/**
 * The expected output of `input` (Perceval's lookup): by the input state or its label; a value that is a label
 * of a known state names that state, otherwise it must be a state text.
 * @throws ValidationError (field `expected`) when the input has no entry or the output is not among `outputs`.
 */
export function expectedOutput(
  expected: AnalyzerExpected,
  input: BasicState,
  labels: Labels,
  outputs: readonly BasicState[],
): number {
  const keyOf = (key: AnalyzerState): string => (key instanceof BasicState ? key.toString() : key);
  const entries: [string, AnalyzerState][] =
    expected instanceof Map
      ? [...expected].map(([k, v]) => [keyOf(k), v])
      : Object.entries(expected as Record<string, AnalyzerState>);
  const byKey = new Map(entries);
  const label = labels.get(input.toString());
  const value = byKey.get(input.toString()) ?? (label === undefined ? undefined : byKey.get(label));
  if (value === undefined) {
    throw new ValidationError(
      `expected has no output for the input state ${input}${label ? ` (${label})` : ''}`,
      {
        field: 'expected',
      },
    );
  }
  let state: BasicState | undefined;
  if (value instanceof BasicState) {
    state = value;
  } else {
    const labelled = [...labels].find(([, l]) => l === value)?.[0];
    state = toState(labelled ?? value, 'expected');
  }
  const index = outputs.findIndex((o) => o.equals(state));
  if (index < 0) {
    throw new ValidationError(`expected: ${state} is not one of the analysed output states`, {
      field: 'expected',
    });
  }
  return index;
}
