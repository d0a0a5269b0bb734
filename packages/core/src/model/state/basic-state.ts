import { ValidationError } from '../../errors/index.js';
import {
  DEFAULT_PARSE_LIMITS,
  type ParseLimits,
  resolveLimits,
  textExcerpt,
  textTooLong,
} from '../parse-limits.js';
import { fockSpace } from './fock-space.js';
import { Polarization } from './polarization.js';

/** One photon of a state: the mode it occupies and its noise tag (`undefined` for an untagged photon). */
export interface PhotonTag {
  mode: number;
  tag: number | undefined;
}

/** One photon of a state and its polarization annotation (`undefined` when it has none: Perceval reads it as H). */
export interface PhotonPolarization {
  mode: number;
  polarization: Polarization | undefined;
}

/** A state given as a BasicState or its text form (`'|1,0>'`). */
export type StateLike = BasicState | string;

/** The BasicState for a {@link StateLike}: the state itself, or its parsed text. */
export function toBasicState(state: StateLike, field = 'state'): BasicState {
  if (state instanceof BasicState) return state;
  if (typeof state === 'string') return BasicState.parse(state);
  throw new ValidationError('Expected a BasicState or its text form such as "|1,0>"', { field });
}

/** Tagged photons of one mode: `[tag, count]` runs, sorted by tag, counts > 0. */
type TagRuns = ReadonlyArray<readonly [tag: number, count: number]>;

/** Polarized photons of one mode: `[polarization, count]` runs, sorted by the polarization's text, counts > 0. */
type PolarizationRuns = ReadonlyArray<readonly [polarization: Polarization, count: number]>;

const CLOSERS: Record<string, readonly string[]> = { '|': ['>', '〉', '⟩'], '[': [']'], '(': [')'] };

/**
 * A Fock state: how many photons sit in each of `m` modes (Perceval's `BasicState` / `FockState`), optionally
 * with integer noise tags on photons (Perceval's `NoisyFockState`). Photons with different tags are fully
 * distinguishable; photons with the same tag, or untagged ones, are indistinguishable.
 *
 * Text forms: `|0,1,1>` (also `|0,1,1〉`, `[0, 1, 1]`, `(0,1,1)`); tags as `|{0},{1}>` (one photon tagged 0 in
 * mode 0, one tagged 1 in mode 1), `|2{0}{1},0>` (two photons tagged 0 and one tagged 1 in mode 0),
 * `|{0}1,0>` (one tagged 0 and one untagged photon in mode 0). Polarization annotations as Perceval's:
 * `|{P:H},{P:V}>`, `|2{P:D}>`, `|{P:(pi/2,pi)}>` (see {@link Polarization}); a photon carries a noise tag or a
 * polarization, not both. Unannotated photons are horizontal (H) where polarization matters.
 *
 * Instances are immutable. {@link BasicState.key} is a canonical string usable as a map key.
 */
export class BasicState implements Iterable<number> {
  readonly #occ: readonly number[];
  readonly #n: number;
  #tags: ReadonlyArray<TagRuns> | undefined;
  #polarizations: ReadonlyArray<PolarizationRuns> | undefined;
  #key: string | undefined;

  /**
   * @param occupations photon count of each mode (non-negative integers), or a state's text form (see
   *   {@link BasicState.parse}; text is read within the default {@link ParseLimits}).
   */
  constructor(occupations: ArrayLike<number> | string) {
    if (typeof occupations === 'string') {
      const parsed = parseBasicState(occupations, DEFAULT_PARSE_LIMITS);
      this.#occ = parsed.occ;
      this.#n = parsed.n;
      this.#tags = parsed.tags;
      this.#polarizations = parsed.polarizations;
      return;
    }
    if (occupations === null || typeof occupations !== 'object' || typeof occupations.length !== 'number') {
      throw new ValidationError('A BasicState needs an array of photon counts or a string such as "|0,1>"', {
        field: 'state',
      });
    }
    const occ = new Array<number>(occupations.length);
    let n = 0;
    for (let i = 0; i < occupations.length; i++) {
      const o = occupations[i];
      if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) {
        throw new ValidationError(
          `Photon numbers must be non-negative integers, got ${String(o)} in mode ${i}`,
          { field: 'state' },
        );
      }
      occ[i] = o;
      n += o;
    }
    if (!Number.isSafeInteger(n)) {
      throw new ValidationError('The total photon number is too large', { field: 'state' });
    }
    this.#occ = Object.freeze(occ);
    this.#n = n;
    this.#tags = undefined;
    this.#polarizations = undefined;
  }

  /**
   * Parses `|n0,n1,...>` (or `|..〉`, `[..]`, `(..)`), with optional noise tags (`{t}`, `k{t}`). Blanks around
   * numbers are allowed. Malformed text throws a ValidationError whose message gives the column.
   * @param limits - bounds on the text length, the modes and the photons, checked while reading (defaults:
   *   {@link DEFAULT_PARSE_LIMITS}); a text beyond one is a ValidationError naming it.
   */
  static parse(text: string, limits?: Partial<ParseLimits>): BasicState {
    if (limits === undefined) return new BasicState(text);
    if (typeof text !== 'string') {
      throw new ValidationError('A BasicState text must be a string such as "|0,1>"', { field: 'state' });
    }
    const parsed = parseBasicState(text, resolveLimits(limits, DEFAULT_PARSE_LIMITS));
    return BasicState.#make([...parsed.occ], parsed.tags, parsed.polarizations);
  }

  /**
   * Builds a state from its photons (as {@link BasicState.photonTags} returns them): one entry per photon,
   * with its mode and optional integer noise tag.
   */
  static fromPhotons(
    m: number,
    photons: Iterable<{ mode: number; tag?: number | undefined; polarization?: Polarization | undefined }>,
  ): BasicState {
    if (!Number.isSafeInteger(m) || m < 0) {
      throw new ValidationError(`The mode count must be a non-negative integer, got ${String(m)}`, {
        field: 'm',
      });
    }
    const occ = new Array<number>(m).fill(0);
    const tagCounts: Array<Map<number, number> | undefined> = new Array(m).fill(undefined);
    const polarizationCounts: Array<PolarizationCounts | undefined> = new Array(m).fill(undefined);
    for (const photon of photons) {
      const { mode, tag, polarization } = photon;
      if (!Number.isSafeInteger(mode) || mode < 0 || mode >= m) {
        throw new ValidationError(`Photon mode ${String(mode)} is outside [0, ${m})`, { field: 'photons' });
      }
      occ[mode]!++;
      if (polarization !== undefined) {
        if (!(polarization instanceof Polarization)) {
          throw new ValidationError('A photon polarization must be a Polarization', { field: 'photons' });
        }
        if (tag !== undefined) {
          throw new ValidationError('A photon carries a noise tag or a polarization, not both', {
            field: 'photons',
          });
        }
        polarizationCounts[mode] = addPolarization(polarizationCounts[mode], polarization, 1);
      }
      if (tag !== undefined) {
        if (!Number.isSafeInteger(tag) || tag < 0) {
          throw new ValidationError(`Noise tags must be non-negative integers, got ${String(tag)}`, {
            field: 'photons',
          });
        }
        const counts = tagCounts[mode] ?? new Map<number, number>();
        counts.set(tag, (counts.get(tag) ?? 0) + 1);
        tagCounts[mode] = counts;
      }
    }
    return BasicState.#make(occ, runsFromMaps(tagCounts), polarizationRuns(polarizationCounts));
  }

  /** Builds a state from already validated parts (annotations normalised: sorted runs, or undefined). */
  static #make(
    occ: number[],
    tags: ReadonlyArray<TagRuns> | undefined,
    polarizations: ReadonlyArray<PolarizationRuns> | undefined = undefined,
  ): BasicState {
    const state = new BasicState(occ);
    state.#tags = tags;
    state.#polarizations = polarizations;
    return state;
  }

  /** Number of modes. */
  get m(): number {
    return this.#occ.length;
  }

  /** Number of photons. */
  get n(): number {
    return this.#n;
  }

  /** Photon count of `mode` (all tags together). */
  get(mode: number): number {
    const o = this.#occ[mode];
    if (o === undefined || !Number.isInteger(mode)) {
      throw new ValidationError(`Mode ${String(mode)} is outside [0, ${this.m})`, { field: 'mode' });
    }
    return o;
  }

  /** The photon counts, one per mode (a fresh array). */
  toArray(): number[] {
    return [...this.#occ];
  }

  /** Iterates the photon counts mode by mode. */
  [Symbol.iterator](): Iterator<number> {
    return this.#occ[Symbol.iterator]();
  }

  /** True when at least one photon carries a noise tag. */
  get isNoisy(): boolean {
    return this.#tags !== undefined;
  }

  /** True when at least one photon carries a polarization annotation. */
  get isPolarized(): boolean {
    return this.#polarizations !== undefined;
  }

  /**
   * One entry per photon, in mode order; within a mode, polarized photons (by the text of their polarization),
   * then the others (`polarization` undefined).
   */
  photonPolarizations(): PhotonPolarization[] {
    const out: PhotonPolarization[] = [];
    for (let mode = 0; mode < this.#occ.length; mode++) {
      let plain = this.#occ[mode]!;
      for (const [polarization, count] of this.#polarizations?.[mode] ?? []) {
        for (let k = 0; k < count; k++) out.push({ mode, polarization });
        plain -= count;
      }
      for (let k = 0; k < plain; k++) out.push({ mode, polarization: undefined });
    }
    return out;
  }

  /** The same photon counts and noise tags without polarization annotations. */
  withoutPolarization(): BasicState {
    return this.#polarizations === undefined ? this : BasicState.#make([...this.#occ], this.#tags);
  }

  /**
   * One entry per photon, in mode order; within a mode, tagged photons by ascending tag, then untagged ones.
   */
  photonTags(): PhotonTag[] {
    const out: PhotonTag[] = [];
    for (let mode = 0; mode < this.#occ.length; mode++) {
      let untagged = this.#occ[mode]!;
      for (const [tag, count] of this.#tags?.[mode] ?? []) {
        for (let k = 0; k < count; k++) out.push({ mode, tag });
        untagged -= count;
      }
      for (let k = 0; k < untagged; k++) out.push({ mode, tag: undefined });
    }
    return out;
  }

  /**
   * Splits the photons by noise tag (Perceval's `split_state`): each group becomes an untagged state on the
   * same m modes. Keys: `undefined` (untagged photons) first if any, then tags in ascending order. A state
   * without photons maps `undefined` to itself.
   */
  separateByTag(): Map<number | undefined, BasicState> {
    const groups = new Map<number | undefined, BasicState>();
    const tags = this.#tags;
    if (tags === undefined) {
      groups.set(undefined, this);
      return groups;
    }
    const m = this.m;
    const untagged = [...this.#occ];
    const byTag = new Map<number, number[]>();
    for (let mode = 0; mode < m; mode++) {
      for (const [tag, count] of tags[mode] ?? []) {
        let occ = byTag.get(tag);
        if (occ === undefined) {
          occ = new Array<number>(m).fill(0);
          byTag.set(tag, occ);
        }
        occ[mode]! += count;
        untagged[mode]! -= count;
      }
    }
    if (untagged.some((o) => o > 0)) groups.set(undefined, new BasicState(untagged));
    for (const tag of [...byTag.keys()].sort((a, b) => a - b))
      groups.set(tag, new BasicState(byTag.get(tag)!));
    return groups;
  }

  /** The same photon counts without any noise tag (polarization annotations are kept). */
  withoutTags(): BasicState {
    return this.#tags === undefined ? this : BasicState.#make([...this.#occ], undefined, this.#polarizations);
  }

  /** Tensor product (Perceval's `*`): this state's modes followed by `other`'s. `|0,1> ⊗ |2,3> = |0,1,2,3>`. */
  tensor(other: BasicState): BasicState {
    const occ = [...this.#occ, ...other.#occ];
    const concat = <R>(
      a: ReadonlyArray<R> | undefined,
      b: ReadonlyArray<R> | undefined,
    ): ReadonlyArray<R> | undefined =>
      a === undefined && b === undefined
        ? undefined
        : [...(a ?? new Array<R>(this.m).fill([] as R)), ...(b ?? new Array<R>(other.m).fill([] as R))];
    return BasicState.#make(
      occ,
      concat(this.#tags, other.#tags),
      concat(this.#polarizations, other.#polarizations),
    );
  }

  /** Adds photon counts mode by mode (Perceval's `merge`); both states must have the same m. Tags are kept. */
  merge(other: BasicState): BasicState {
    if (other.m !== this.m) {
      throw new ValidationError(`Cannot merge a ${other.m}-mode state into a ${this.m}-mode state`, {
        field: 'other',
      });
    }
    const occ = this.#occ.map((o, i) => o + other.#occ[i]!);
    let polarizations: ReadonlyArray<PolarizationRuns> | undefined;
    if (this.#polarizations !== undefined || other.#polarizations !== undefined) {
      const counts: Array<PolarizationCounts | undefined> = [];
      for (let mode = 0; mode < this.m; mode++) {
        let c: PolarizationCounts | undefined;
        for (const [p, k] of this.#polarizations?.[mode] ?? []) c = addPolarization(c, p, k);
        for (const [p, k] of other.#polarizations?.[mode] ?? []) c = addPolarization(c, p, k);
        counts.push(c);
      }
      polarizations = polarizationRuns(counts);
    }
    if (this.#tags === undefined && other.#tags === undefined)
      return BasicState.#make(occ, undefined, polarizations);
    const maps: Array<Map<number, number> | undefined> = [];
    for (let mode = 0; mode < this.m; mode++) {
      const counts = new Map<number, number>();
      for (const [tag, count] of this.#tags?.[mode] ?? []) counts.set(tag, count);
      for (const [tag, count] of other.#tags?.[mode] ?? []) counts.set(tag, (counts.get(tag) ?? 0) + count);
      maps.push(counts);
    }
    return BasicState.#make(occ, runsFromMaps(maps), polarizations);
  }

  /** Caps each mode at `k` photons, as a threshold detector with `k` levels sees it. Tags are dropped. */
  thresholdDetection(k = 1): BasicState {
    if (!Number.isSafeInteger(k) || k < 0) {
      throw new ValidationError(`The threshold must be a non-negative integer, got ${String(k)}`, {
        field: 'k',
      });
    }
    return new BasicState(this.#occ.map((o) => Math.min(o, k)));
  }

  /** The state without the listed modes (Perceval's `remove_modes`); tags of the kept modes are kept. */
  removeModes(modes: Iterable<number>): BasicState {
    const drop = new Set<number>();
    for (const mode of modes) {
      if (!Number.isSafeInteger(mode) || mode < 0 || mode >= this.m) {
        throw new ValidationError(`Mode ${String(mode)} is outside [0, ${this.m})`, { field: 'modes' });
      }
      drop.add(mode);
    }
    const keep: number[] = [];
    for (let mode = 0; mode < this.m; mode++) if (!drop.has(mode)) keep.push(mode);
    return this.#select(keep);
  }

  /** Modes `start` (inclusive) to `end` (exclusive) as a state of their own, with their tags. */
  slice(start: number, end: number = this.m): BasicState {
    if (
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(end) ||
      start < 0 ||
      end > this.m ||
      start > end
    ) {
      throw new ValidationError(`Invalid mode range [${String(start)}, ${String(end)}) for ${this.m} modes`, {
        field: 'start',
      });
    }
    const keep: number[] = [];
    for (let mode = start; mode < end; mode++) keep.push(mode);
    return this.#select(keep);
  }

  #select(modes: readonly number[]): BasicState {
    const occ = modes.map((mode) => this.#occ[mode]!);
    const pick = <R>(
      runs: ReadonlyArray<ReadonlyArray<R>> | undefined,
    ): ReadonlyArray<ReadonlyArray<R>> | undefined => {
      if (runs === undefined) return undefined;
      const kept = modes.map((mode) => runs[mode] ?? []);
      return kept.some((r) => r.length > 0) ? kept : undefined;
    };
    return BasicState.#make(occ, pick(this.#tags), pick(this.#polarizations));
  }

  /** Π n_i! over the modes (exact while it stays below 2^53). */
  prodnfact(): number {
    let p = 1;
    for (const o of this.#occ) for (let k = 2; k <= o; k++) p *= k;
    return p;
  }

  /** The rank of this state's photon counts in the Fock space of its m and n (FSArray order, see fock-space). */
  get rank(): number {
    return fockSpace(this.m, this.#n).rankUnchecked(this.#occ);
  }

  /** Same modes, same photon counts and same tags. */
  equals(other: BasicState): boolean {
    return this === other || (other instanceof BasicState && other.key === this.key);
  }

  /** A canonical string identifying the state (its text form), usable as a Map key. */
  get key(): string {
    this.#key ??= this.#format();
    return this.#key;
  }

  /** Perceval's text form: `|0,1,1>`, tagged `|{0},{1}>`, `|2{0}{1},0>`. */
  toString(): string {
    return this.key;
  }

  /** JSON form: the text form. */
  toJSON(): string {
    return this.key;
  }

  #format(): string {
    const parts = new Array<string>(this.m);
    for (let mode = 0; mode < this.m; mode++) {
      const runs = this.#tags?.[mode] ?? [];
      const polarized = this.#polarizations?.[mode] ?? [];
      const total = this.#occ[mode]!;
      if (runs.length === 0 && polarized.length === 0) {
        parts[mode] = String(total);
        continue;
      }
      let text = '';
      let untagged = total;
      for (const [tag, count] of runs) {
        text += `${count > 1 ? count : ''}{${tag}}`;
        untagged -= count;
      }
      for (const [polarization, count] of polarized) {
        text += `${count > 1 ? count : ''}{P:${polarization.toString()}}`;
        untagged -= count;
      }
      parts[mode] = untagged > 0 ? `${text}${untagged}` : text;
    }
    return `|${parts.join(',')}>`;
  }
}

/** Sorted `[tag, count]` runs per mode, or undefined when no mode holds a tagged photon. */
function runsFromMaps(
  maps: ReadonlyArray<Map<number, number> | undefined>,
): ReadonlyArray<TagRuns> | undefined {
  let any = false;
  const runs = maps.map((counts) => {
    if (counts === undefined) return [];
    const list = [...counts.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
    if (list.length > 0) any = true;
    return list as TagRuns;
  });
  return any ? runs : undefined;
}

/** Polarized photons of one mode while a state is built: by the polarization's text. */
type PolarizationCounts = Map<string, readonly [Polarization, number]>;

function addPolarization(
  counts: PolarizationCounts | undefined,
  polarization: Polarization,
  k: number,
): PolarizationCounts {
  const out = counts ?? new Map<string, readonly [Polarization, number]>();
  const key = polarization.toString();
  out.set(key, [polarization, (out.get(key)?.[1] ?? 0) + k]);
  return out;
}

/** Sorted `[polarization, count]` runs per mode, or undefined when no photon is polarized. */
function polarizationRuns(
  counts: ReadonlyArray<PolarizationCounts | undefined>,
): ReadonlyArray<PolarizationRuns> | undefined {
  let any = false;
  const runs = counts.map((c) => {
    if (c === undefined) return [];
    const list = [...c.entries()]
      .filter(([, [, k]]) => k > 0)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, run]) => run);
    if (list.length > 0) any = true;
    return list as PolarizationRuns;
  });
  return any ? runs : undefined;
}

interface ParsedState {
  occ: readonly number[];
  n: number;
  tags: ReadonlyArray<TagRuns> | undefined;
  polarizations: ReadonlyArray<PolarizationRuns> | undefined;
}

/** Single-pass parser for the text forms of {@link BasicState}, checking `limits` as it reads. */
function parseBasicState(text: string, limits: ParseLimits): ParsedState {
  if (text.length > limits.maxStringLength)
    throw textTooLong('A BasicState text', limits, 'state', text.length);
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new ValidationError(`Invalid BasicState ${textExcerpt(text)}: ${reason} at column ${at + 1}`, {
      field: 'state',
    });
  };
  const skipBlanks = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const readInteger = (): number => {
    const start = i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    const value = Number(text.slice(start, i));
    if (!Number.isSafeInteger(value)) fail('number too large', start);
    return value;
  };
  const isDigit = (): boolean => i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  /** At '{': a polarization annotation `{P:…}`, read up to its closing brace. */
  const readPolarization = (): Polarization | undefined => {
    let j = i + 1;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== 'P') return undefined;
    j++;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== ':') return undefined;
    const start = j + 1;
    const end = text.indexOf('}', start);
    if (end < 0) fail("missing '}'", start);
    try {
      const polarization = Polarization.parse(text.slice(start, end));
      i = end + 1;
      return polarization;
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error), start);
    }
  };
  const readTag = (): number => {
    // At '{'.
    i++;
    skipBlanks();
    if (!isDigit()) {
      fail(
        text[i] === '}'
          ? 'empty annotation'
          : 'annotations are integer noise tags such as {0} or polarizations such as {P:H}',
      );
    }
    const tag = readInteger();
    skipBlanks();
    if (text[i] !== '}') fail(i >= text.length ? "missing '}'" : `expected '}' but found '${text[i]}'`);
    i++;
    return tag;
  };

  skipBlanks();
  const open = text[i];
  if (open === undefined || CLOSERS[open] === undefined) {
    fail(
      open === undefined
        ? "empty text: expected '|', '[' or '('"
        : `expected '|', '[' or '(' but found '${open}'`,
    );
  }
  const closers = CLOSERS[open!]!;
  i++;
  skipBlanks();

  const occ: number[] = [];
  const tagMaps: Array<Map<number, number> | undefined> = [];
  const polarizationMaps: Array<PolarizationCounts | undefined> = [];
  let n = 0;
  const atClose = (): boolean => i < text.length && closers.includes(text[i]!);
  if (!atClose()) {
    for (;;) {
      skipBlanks();
      const modeStart = i;
      let count = 0;
      let tags: Map<number, number> | undefined;
      let polarizations: PolarizationCounts | undefined;
      const annotate = (k: number): void => {
        const polarization = readPolarization();
        if (polarization !== undefined) {
          polarizations = addPolarization(polarizations, polarization, k);
          return;
        }
        const tag = readTag();
        tags ??= new Map();
        tags.set(tag, (tags.get(tag) ?? 0) + k);
      };
      for (;;) {
        if (isDigit()) {
          const k = readInteger();
          if (text[i] === '{') annotate(k);
          count += k;
        } else if (text[i] === '{') {
          annotate(1);
          count += 1;
        } else {
          break;
        }
      }
      if (i === modeStart) {
        fail(
          i >= text.length
            ? 'unexpected end of text: expected a photon count'
            : `expected a photon count but found '${text[i]}'`,
        );
      }
      if (occ.length >= limits.maxModes) fail(`more than ${limits.maxModes} modes (maxModes)`, modeStart);
      occ.push(count);
      tagMaps.push(tags);
      polarizationMaps.push(polarizations);
      n += count;
      if (!Number.isSafeInteger(n)) fail('photon number too large', modeStart);
      if (n > limits.maxPhotons) fail(`more than ${limits.maxPhotons} photons (maxPhotons)`, modeStart);
      skipBlanks();
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
  }
  if (!atClose()) {
    const expected = closers.map((c) => `'${c}'`).join(' or ');
    fail(
      i >= text.length
        ? `unexpected end of text: expected ${expected}`
        : `expected ',' or ${expected} but found '${text[i]}'`,
    );
  }
  i++;
  skipBlanks();
  if (i < text.length) fail(`unexpected '${text[i]}' after the state`);
  return {
    occ: Object.freeze(occ),
    n,
    tags: runsFromMaps(tagMaps),
    polarizations: polarizationRuns(polarizationMaps),
  };
}
