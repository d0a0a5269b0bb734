import { Rng } from '../../random/random.js';

/**
 * The interleaved row-major data of an n×n unitary drawn from the Haar measure: a matrix of independent
 * complex Gaussians orthonormalised column by column (Gram–Schmidt with a positive diagonal of R, which is what
 * makes Q Haar-distributed; Mezzadri 2007). Modified Gram–Schmidt is run twice so that Q is unitary to
 * machine precision even for a hundred modes.
 */
export function haarUnitaryData(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  // Column-major while orthonormalising: column c occupies [2·n·c, 2·n·(c + 1)).
  const columns = new Float64Array(2 * n * n);
  for (let k = 0; k < columns.length; k++) columns[k] = rng.normal() / Math.SQRT2;
  for (let c = 0; c < n; c++) {
    const cc = 2 * n * c;
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        const pc = 2 * n * p;
        // projection ⟨q_p, v⟩ = Σ conj(q_p[k]) · v[k]
        let re = 0;
        let im = 0;
        for (let k = 0; k < n; k++) {
          const qr = columns[pc + 2 * k]!;
          const qi = columns[pc + 2 * k + 1]!;
          const vr = columns[cc + 2 * k]!;
          const vi = columns[cc + 2 * k + 1]!;
          re += qr * vr + qi * vi;
          im += qr * vi - qi * vr;
        }
        for (let k = 0; k < n; k++) {
          const qr = columns[pc + 2 * k]!;
          const qi = columns[pc + 2 * k + 1]!;
          columns[cc + 2 * k] = columns[cc + 2 * k]! - (re * qr - im * qi);
          columns[cc + 2 * k + 1] = columns[cc + 2 * k + 1]! - (re * qi + im * qr);
        }
      }
    }
    let norm = 0;
    for (let k = 0; k < 2 * n; k++) norm += columns[cc + k]! ** 2;
    norm = Math.sqrt(norm);
    for (let k = 0; k < 2 * n; k++) columns[cc + k] = columns[cc + k]! / norm;
  }
  const data = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      data[2 * (r * n + c)] = columns[2 * (n * c + r)]!;
      data[2 * (r * n + c) + 1] = columns[2 * (n * c + r) + 1]!;
    }
  }
  return data;
}
