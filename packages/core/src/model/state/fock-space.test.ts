import { describe, expect, it } from 'vitest';
import { ResourceLimitError, ValidationError } from '../../errors/index.js';
import {
  FockSpace,
  fockSpace,
  fockSpaceSize,
  fockSpaceSizeApprox,
  fockStates,
  nextFockState,
  rankOf,
  unrank,
} from './fock-space.js';

/** Every state of n photons in m modes, built the slow way and sorted into Perceval's FSArray order. */
function explicitEnumeration(m: number, n: number): number[][] {
  const states: number[][] = [];
  const build = (prefix: number[], left: number): void => {
    if (prefix.length === m - 1) {
      states.push([...prefix, left]);
      return;
    }
    for (let v = 0; v <= left; v++) build([...prefix, v], left - v);
  };
  if (m === 0) return n === 0 ? [[]] : [];
  build([], n);
  // FSArray order: the sorted photon-mode codes, compared lexicographically ascending.
  const code = (occ: number[]): number[] => occ.flatMap((o, mode) => new Array<number>(o).fill(mode));
  return states.sort((a, b) => {
    const ca = code(a);
    const cb = code(b);
    for (let i = 0; i < ca.length; i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
    return 0;
  });
}

function binomial(a: number, b: number): number {
  let c = 1;
  for (let j = 1; j <= b; j++) c = (c * (a - b + j)) / j;
  return Math.round(c);
}

describe('Fock space enumeration (FSArray order)', () => {
  it('lists m=3, n=2 as |2,0,0>, |1,1,0>, |1,0,1>, |0,2,0>, |0,1,1>, |0,0,2>', () => {
    expect([...fockStates(3, 2)]).toEqual([
      [2, 0, 0],
      [1, 1, 0],
      [1, 0, 1],
      [0, 2, 0],
      [0, 1, 1],
      [0, 0, 2],
    ]);
  });

  it('is descending-lexicographic in occupation numbers', () => {
    const states = [...fockStates(4, 3)];
    for (let i = 1; i < states.length; i++) {
      const a = states[i - 1]!;
      const b = states[i]!;
      const j = a.findIndex((v, k) => v !== b[k]);
      expect(a[j]!).toBeGreaterThan(b[j]!);
    }
  });

  it('agrees with a brute-force enumeration for every m ≤ 6, n ≤ 6', () => {
    for (let m = 0; m <= 6; m++) {
      for (let n = 0; n <= 6; n++) {
        const expected = explicitEnumeration(m, n);
        expect([...fockStates(m, n)]).toEqual(expected);
        expect(fockSpaceSize(m, n)).toBe(expected.length);
        expected.forEach((occ, rank) => {
          expect(rankOf(occ)).toBe(rank);
          expect(unrank(m, n, rank)).toEqual(occ);
        });
      }
    }
  });

  it('forEach visits each rank once, in order, with a reused buffer', () => {
    const seen: number[][] = [];
    const ranks: number[] = [];
    fockSpace(5, 3).forEach((occ, rank) => {
      seen.push(Array.from(occ));
      ranks.push(rank);
    });
    expect(seen).toEqual(explicitEnumeration(5, 3));
    expect(ranks).toEqual(seen.map((_, i) => i));
  });

  it('nextFockState steps to the next state and stops after the last one', () => {
    const occ = [1, 0, 1];
    expect(nextFockState(occ)).toBe(true);
    expect(occ).toEqual([0, 2, 0]);
    const last = [0, 0, 2];
    expect(nextFockState(last)).toBe(false);
    expect(last).toEqual([0, 0, 2]);
  });
});

describe('fockSpaceSize', () => {
  it('is C(n+m-1, n)', () => {
    expect(fockSpaceSize(14, 14)).toBe(20_058_300);
    expect(fockSpaceSize(20, 10)).toBe(20_030_010);
    expect(fockSpaceSize(16, 16)).toBe(300_540_195);
    expect(fockSpaceSize(32, 8)).toBe(61_523_748);
    expect(fockSpaceSize(1, 7)).toBe(1);
    expect(fockSpaceSize(7, 0)).toBe(1);
  });

  it('is exact up to 2^53', () => {
    // C(60, 30) = 118264581564861424 > 2^53, C(56, 28) = 7648690600760440 < 2^53.
    expect(fockSpaceSize(29, 28)).toBe(binomial(56, 28));
    expect(fockSpaceSize(29, 28)).toBe(7_648_690_600_760_440);
    expect(() => fockSpaceSize(31, 30)).toThrow(ValidationError);
    expect(() => fockSpaceSize(200, 200)).toThrow(/more than 2\^53/);
  });

  it('rejects negative or fractional sizes with a ValidationError naming the field', () => {
    expect(() => fockSpaceSize(-1, 2)).toThrow(ValidationError);
    expect(() => fockSpaceSize(3, 1.5)).toThrow(expect.objectContaining({ field: 'n' }));
  });

  it('refuses a binomial table it should not allocate', () => {
    expect(() => new FockSpace(50_000_000, 1)).toThrow(ResourceLimitError);
  });
});

describe('ranks', () => {
  it('follow the closed form at the ends and in the middle of n=m=14', () => {
    const m = 14;
    const n = 14;
    const size = fockSpaceSize(m, n);
    const first = [14, ...new Array<number>(13).fill(0)];
    const last = [...new Array<number>(13).fill(0), 14];
    expect(rankOf(first)).toBe(0);
    expect(rankOf(last)).toBe(size - 1);
    const ones = new Array<number>(14).fill(1);
    const r = rankOf(ones);
    expect(unrank(m, n, r)).toEqual(ones);
    // Every state with mode 0 holding k photons precedes those with fewer: |1,...> starts after 14..2 in mode 0.
    let before = 0;
    for (let v = 14; v >= 2; v--) before += fockSpaceSize(13, 14 - v);
    expect(rankOf([1, 13, ...new Array<number>(12).fill(0)])).toBe(before);
  });

  it('round-trip through unrank into a provided typed array', () => {
    const out = new Uint8Array(2 + 6);
    unrank(6, 4, 37, out, 2);
    expect(rankOf(Array.from(out.subarray(2)))).toBe(37);
  });

  it('reject out-of-range ranks and bad states', () => {
    expect(() => unrank(3, 2, 6)).toThrow(ValidationError);
    expect(() => unrank(3, 2, -1)).toThrow(ValidationError);
    expect(() => unrank(3, 2, 0, new Uint8Array(2))).toThrow(expect.objectContaining({ field: 'out' }));
    expect(() => rankOf([1, -1])).toThrow(ValidationError);
    expect(() => fockSpace(3, 2).rankOf([1, 1, 1])).toThrow(/holds 3 photons/);
  });

  it('name the mode of a bad photon number, from a space or on their own', () => {
    const inMode1 = expect.objectContaining({
      field: 'occupations',
      message: expect.stringMatching(/in mode 1$/),
    });
    expect(() => rankOf([1, -1])).toThrow(inMode1);
    expect(() => fockSpace(2, 1).rankOf([0, 0.5])).toThrow(inMode1);
    expect(() => fockSpace(2, 1).rankOf([1, Number.NaN])).toThrow(inMode1);
  });

  it('handle the empty space of zero modes', () => {
    expect(fockSpaceSize(0, 0)).toBe(1);
    expect(fockSpaceSize(0, 3)).toBe(0);
    expect(rankOf([])).toBe(0);
    expect(unrank(0, 0, 0)).toEqual([]);
  });
});

describe('fockSpaceSizeApprox', () => {
  it('equals the exact count where the count is exact', () => {
    for (const [m, n] of [
      [3, 2],
      [14, 14],
      [16, 16],
      [24, 10],
      [1, 7],
      [0, 0],
      [0, 3],
    ] as const) {
      expect(fockSpaceSizeApprox(m, n)).toBe(fockSpaceSize(m, n));
    }
    expect(fockSpaceSizeApprox(16, 16)).toBe(300_540_195);
  });

  it('answers at once for 10^9 photons: the loop runs min(n, m − 1) steps and stops at Infinity (issue 14)', () => {
    // C(10^9 + 9, 9) ≈ 2.76e75: 9 steps.
    expect(fockSpaceSizeApprox(10, 1e9) / 2.755732046e75).toBeCloseTo(1, 8);
    // C(2·10^9 − 1, 10^9) overflows a double after about 1030 steps, not 10^9.
    expect(fockSpaceSizeApprox(1e9, 1e9)).toBe(Number.POSITIVE_INFINITY);
    expect(fockSpaceSizeApprox(2, 1e9)).toBe(1e9 + 1);
  });

  it('refuses what is not a count', () => {
    expect(() => fockSpaceSizeApprox(-1, 2)).toThrow(ValidationError);
    expect(() => fockSpaceSizeApprox(3, 0.5)).toThrow(expect.objectContaining({ field: 'n' }));
  });
});
