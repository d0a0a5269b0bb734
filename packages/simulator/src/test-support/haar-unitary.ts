// Random unitaries for the tests: reproducible from a seed, so a failure can be replayed.
import { ComplexMatrix, Rng } from '@bosonic/core';

/** A Haar-random m×m unitary: Gram–Schmidt on the columns of a complex Gaussian matrix. */
export function haarUnitary(m: number, seed: number): ComplexMatrix {
  const rng = new Rng(seed);
  const gaussian = (): number => rng.normal();
  const cols = Array.from({ length: m }, () =>
    Array.from({ length: m }, () => [gaussian(), gaussian()] as [number, number]),
  );
  for (let j = 0; j < m; j++) {
    const cj = cols[j]!;
    for (let k = 0; k < j; k++) {
      const ck = cols[k]!;
      let re = 0;
      let im = 0;
      for (let i = 0; i < m; i++) {
        re += ck[i]![0] * cj[i]![0] + ck[i]![1] * cj[i]![1];
        im += ck[i]![0] * cj[i]![1] - ck[i]![1] * cj[i]![0];
      }
      for (let i = 0; i < m; i++) {
        cj[i]![0] -= re * ck[i]![0] - im * ck[i]![1];
        cj[i]![1] -= re * ck[i]![1] + im * ck[i]![0];
      }
    }
    const norm = Math.hypot(...cj.flat());
    for (const z of cj) {
      z[0] /= norm;
      z[1] /= norm;
    }
  }
  const data = new Float64Array(2 * m * m);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      data[2 * (r * m + c)] = cols[c]![r]![0];
      data[2 * (r * m + c) + 1] = cols[c]![r]![1];
    }
  }
  return new ComplexMatrix(m, m, data);
}
