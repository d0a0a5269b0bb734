import { ValidationError } from '../../errors/index.js';
import type { Complex } from '../complex.js';
import { BasicState, type StateLike, toBasicState } from './basic-state.js';
import { formatSignificant } from './format-number.js';

/** An amplitude: a complex number, or a real one. */
export type AmplitudeLike = Complex | number;

interface Component {
  readonly state: BasicState;
  readonly re: number;
  readonly im: number;
}

/** Components whose share of the probability falls below this are dropped by `normalize` (rounding residue). */
const NEGLIGIBLE_PROBABILITY = 1e-16;
/** A real or imaginary part below this (on a normalised amplitude) prints as absent. */
const PRINT_ZERO = 1e-12;

/**
 * A superposition of Fock states with complex amplitudes (Perceval's `StateVector`), e.g. the output of
 * `Processor.evolve()` or an input such as (|1,0> + |0,1>)/√2. States may carry noise tags.
 *
 * As the reference states for Perceval, the vector is unnormalised during arithmetic (`add`, `scale` and
 * `tensor` combine the raw coefficients linearly) and normalised when used: `entries()`, `amplitude()`,
 * `probability()`, `toString()`, `equals()` and `key` see the normalised vector, while `unnormalizedEntries()`
 * shows the raw coefficients. Components are kept in insertion order; a component whose
 * amplitude cancels to exactly 0 is removed.
 *
 * Instances are immutable: `add`, `scale`, `tensor` and `normalize` return new vectors.
 */
export class StateVector implements Iterable<[BasicState, Complex]> {
  // Written only by the constructor and #make (on a vector nobody else holds yet).
  #components: ReadonlyMap<string, Component>;
  #m: number | undefined;
  #normalized: StateVector | undefined;

  /**
   * @param init a BasicState (or its text form) with amplitude 1, or `[state, amplitude]` pairs (repeated
   *   states add up). Nothing gives the empty vector.
   */
  constructor(init?: StateLike | Iterable<readonly [StateLike, AmplitudeLike]>) {
    const components = new Map<string, Component>();
    let m: number | undefined;
    const put = (stateLike: StateLike, amplitude: AmplitudeLike): void => {
      const state = toBasicState(stateLike);
      const { re, im } = toComplex(amplitude);
      m ??= state.m;
      if (state.m !== m) {
        throw new ValidationError(
          `Cannot superpose ${state.toString()} (${state.m} modes) with ${m}-mode states`,
          {
            field: 'state',
          },
        );
      }
      accumulate(components, state, re, im);
    };
    if (init instanceof BasicState || typeof init === 'string') put(init, 1);
    else if (init !== undefined) for (const [state, amplitude] of init) put(state, amplitude);
    this.#components = components;
    this.#m = components.size > 0 ? m : undefined;
  }

  /** Number of modes (undefined exactly when the vector has no component). */
  get m(): number | undefined {
    return this.#m;
  }

  /** The photon number when every component has the same one (undefined otherwise, or when empty). */
  get n(): number | undefined {
    const ns = this.photonNumbers();
    return ns.length === 1 ? ns[0] : undefined;
  }

  /** The distinct photon numbers of the components, ascending. */
  photonNumbers(): number[] {
    const ns = new Set<number>();
    for (const c of this.#components.values()) ns.add(c.state.n);
    return [...ns].sort((a, b) => a - b);
  }

  /** Number of components. */
  get size(): number {
    return this.#components.size;
  }

  /** Squared norm Σ|a|² of the raw coefficients. */
  normSquared(): number {
    let sum = 0;
    for (const c of this.#components.values()) sum += c.re * c.re + c.im * c.im;
    return sum;
  }

  /** This vector plus `coefficient` (default 1) times `other`, coefficients added as they are. */
  add(other: StateVector | StateLike, coefficient: AmplitudeLike = 1): StateVector {
    const { re: cr, im: ci } = toComplex(coefficient, 'coefficient');
    const that = other instanceof StateVector ? other : new StateVector(other);
    if (this.#m !== undefined && that.#m !== undefined && that.#m !== this.#m) {
      throw new ValidationError(`Cannot add a ${that.#m}-mode vector to a ${this.#m}-mode vector`, {
        field: 'other',
      });
    }
    const components = new Map(this.#components);
    for (const c of that.#components.values()) {
      accumulate(components, c.state, c.re * cr - c.im * ci, c.re * ci + c.im * cr);
    }
    return StateVector.#make(components, components.size > 0 ? (this.#m ?? that.#m) : undefined);
  }

  /** Every coefficient multiplied by `factor`. */
  scale(factor: AmplitudeLike): StateVector {
    const { re: fr, im: fi } = toComplex(factor, 'factor');
    const components = new Map<string, Component>();
    for (const c of this.#components.values()) {
      accumulate(components, c.state, c.re * fr - c.im * fi, c.re * fi + c.im * fr);
    }
    return StateVector.#make(components, components.size > 0 ? this.#m : undefined);
  }

  /** Tensor product (Perceval's `*`): every pair of components, modes of `other` after this vector's. */
  tensor(other: StateVector | StateLike): StateVector {
    const that = other instanceof StateVector ? other : new StateVector(other);
    const components = new Map<string, Component>();
    for (const a of this.#components.values()) {
      for (const b of that.#components.values()) {
        accumulate(components, a.state.tensor(b.state), a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
      }
    }
    const m = this.#m !== undefined && that.#m !== undefined ? this.#m + that.#m : undefined;
    return StateVector.#make(components, components.size > 0 ? m : undefined);
  }

  /** The tensor product of `k` copies of this vector (Perceval's `sv ** k`); k = 0 gives the empty vector. */
  tensorPower(k: number): StateVector {
    if (!Number.isSafeInteger(k) || k < 0) {
      throw new ValidationError(`The power must be a non-negative integer, got ${String(k)}`, { field: 'k' });
    }
    if (k === 0) return new StateVector();
    let result: StateVector = this;
    for (let i = 1; i < k; i++) result = result.tensor(this);
    return result;
  }

  /**
   * The vector scaled to norm 1, without components whose probability is below 1e-16 (rounding residue).
   * The empty or all-zero vector normalises to the empty vector.
   */
  normalize(): StateVector {
    if (this.#normalized !== undefined) return this.#normalized;
    let norm2 = this.normSquared();
    // Coefficients beyond about 1e±145 overflow Σ|a|² or lose it to underflow: then every coefficient is first
    // divided by the largest one (components are never zero, so it is positive).
    let unit = 1;
    if (this.#components.size > 0 && !(norm2 >= 1e-290 && norm2 <= 1e290)) {
      unit = 0;
      for (const c of this.#components.values()) unit = Math.max(unit, Math.abs(c.re), Math.abs(c.im));
      norm2 = 0;
      for (const c of this.#components.values()) norm2 += (c.re / unit) ** 2 + (c.im / unit) ** 2;
    }
    const components = new Map<string, Component>();
    if (norm2 > 0) {
      const scale = 1 / Math.sqrt(norm2);
      for (const [key, c] of this.#components) {
        const re = c.re / unit;
        const im = c.im / unit;
        if ((re * re + im * im) / norm2 < NEGLIGIBLE_PROBABILITY) continue;
        components.set(key, { state: c.state, re: re * scale, im: im * scale });
      }
    }
    const normalized = StateVector.#make(components, components.size > 0 ? this.#m : undefined);
    normalized.#normalized = normalized;
    this.#normalized = normalized;
    return normalized;
  }

  /** The normalised amplitude of a state ({re: 0, im: 0} when absent). */
  amplitude(state: StateLike): Complex {
    const c = this.normalize().#components.get(toBasicState(state).key);
    return c === undefined ? { re: 0, im: 0 } : { re: c.re, im: c.im };
  }

  /** |amplitude|² of a state in the normalised vector. */
  probability(state: StateLike): number {
    const { re, im } = this.amplitude(state);
    return re * re + im * im;
  }

  /** `[state, amplitude]` pairs of the normalised vector, in insertion order. */
  *entries(): IterableIterator<[BasicState, Complex]> {
    for (const c of this.normalize().#components.values()) yield [c.state, { re: c.re, im: c.im }];
  }

  /** `[state, coefficient]` pairs as they are, without normalisation. */
  *unnormalizedEntries(): IterableIterator<[BasicState, Complex]> {
    for (const c of this.#components.values()) yield [c.state, { re: c.re, im: c.im }];
  }

  /** The component states, in insertion order. */
  *keys(): IterableIterator<BasicState> {
    for (const c of this.#components.values()) yield c.state;
  }

  [Symbol.iterator](): IterableIterator<[BasicState, Complex]> {
    return this.entries();
  }

  /** True when both normalised vectors have the same components with amplitudes within `tolerance`. */
  equals(other: StateVector, tolerance = 1e-12): boolean {
    const a = this.normalize().#components;
    const b = other.normalize().#components;
    if (a.size !== b.size) return false;
    for (const [key, ca] of a) {
      const cb = b.get(key);
      if (cb === undefined || Math.abs(ca.re - cb.re) > tolerance || Math.abs(ca.im - cb.im) > tolerance)
        return false;
    }
    return true;
  }

  /**
   * A canonical string of the normalised vector (components sorted, amplitudes rounded to 1e-12), so that
   * equal vectors share a key; used by {@link SVDistribution}.
   */
  get key(): string {
    const parts: string[] = [];
    for (const c of this.normalize().#components.values()) {
      parts.push(`${c.state.key}:${roundForKey(c.re)},${roundForKey(c.im)}`);
    }
    return parts.sort().join(';');
  }

  /**
   * Perceval's printout of the normalised vector, three significant digits and `I` for the imaginary unit:
   * `0.577*|1>+0.577*|2>+0.577*|3>`, `(0.5+0.5I)*|0,1>+(0.5-0.5I)*|1,0>`, `0.319I*|1,1>-0.903*|2,0>`; a
   * lone coefficient of 1 is omitted (`|1,0>`). The empty vector prints as an empty string.
   */
  toString(): string {
    let text = '';
    for (const c of this.normalize().#components.values()) {
      const term = formatTerm(c);
      text += text === '' || term.startsWith('-') ? term : `+${term}`;
    }
    return text;
  }

  /** JSON form: the normalised `[state text, {re, im}]` pairs. */
  toJSON(): Array<[string, Complex]> {
    return Array.from(this.entries(), ([s, a]) => [s.toString(), a]);
  }

  static #make(components: Map<string, Component>, m: number | undefined): StateVector {
    const sv = new StateVector();
    sv.#components = components;
    sv.#m = m;
    return sv;
  }
}

function toComplex(value: AmplitudeLike, field = 'amplitude'): { re: number; im: number } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ValidationError(`${field} must be finite, got ${value}`, { field });
    return { re: value, im: 0 };
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    !Number.isFinite(value.re) ||
    !Number.isFinite(value.im)
  ) {
    throw new ValidationError(`${field} must be a finite number or a {re, im} object`, { field });
  }
  return { re: value.re, im: value.im };
}

function accumulate(components: Map<string, Component>, state: BasicState, re: number, im: number): void {
  const key = state.key;
  const previous = components.get(key);
  const r = (previous?.re ?? 0) + re;
  const i = (previous?.im ?? 0) + im;
  if (!Number.isFinite(r) || !Number.isFinite(i)) {
    throw new ValidationError(`The amplitude of ${state.toString()} is not finite (${r}, ${i})`, {
      field: 'amplitude',
    });
  }
  if (r === 0 && i === 0) components.delete(key);
  else components.set(key, { state: previous?.state ?? state, re: r, im: i });
}

function roundForKey(x: number): string {
  const r = Math.round(x * 1e12) / 1e12;
  return r === 0 ? '0' : String(r);
}

function formatTerm(c: Component): string {
  const hasRe = Math.abs(c.re) > PRINT_ZERO;
  const hasIm = Math.abs(c.im) > PRINT_ZERO;
  const state = c.state.toString();
  if (hasRe && hasIm) {
    const sign = c.im < 0 ? '-' : '+';
    return `(${formatSignificant(c.re, 3)}${sign}${formatSignificant(Math.abs(c.im), 3)}I)*${state}`;
  }
  if (hasIm) {
    const im = formatSignificant(c.im, 3);
    const coefficient = im === '1' ? 'I' : im === '-1' ? '-I' : `${im}I`;
    return `${coefficient}*${state}`;
  }
  const re = formatSignificant(hasRe ? c.re : 0, 3);
  if (re === '1') return state;
  if (re === '-1') return `-${state}`;
  return `${re}*${state}`;
}
