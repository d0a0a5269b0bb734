// The experiments the programs run.
import { BasicState, BS, Circuit, ComplexMatrix, Unitary } from '@bosonic/core';

/** Hong-Ou-Mandel: two photons on a balanced beam splitter always leave together. */
export function hongOuMandel() {
  return { circuit: new Circuit(2).add(0, BS.H()), input: new BasicState([1, 1]) };
}

/**
 * Boson sampling through the discrete Fourier transform of `m` modes, with `n` photons in the first modes:
 * U[j, k] = e^{2πi·jk/m} / √m. Sampled with Clifford & Clifford 2017, whose cost grows as n·2^n per sample.
 */
export function fourierSampling(n, m) {
  const rows = Array.from({ length: m }, (_, j) =>
    Array.from({ length: m }, (_, k) => {
      const angle = (2 * Math.PI * j * k) / m;
      return { re: Math.cos(angle) / Math.sqrt(m), im: Math.sin(angle) / Math.sqrt(m) };
    }),
  );
  const circuit = new Circuit(m).add(0, new Unitary(ComplexMatrix.fromRows(rows), { name: 'DFT' }));
  const input = new BasicState(Array.from({ length: m }, (_, mode) => (mode < n ? 1 : 0)));
  return { circuit, input };
}

/** A row of balanced beam splitters on pairs of modes (0,1), (2,3), … */
export function beamSplitterRow(m) {
  const circuit = new Circuit(m);
  for (let mode = 0; mode + 1 < m; mode += 2) circuit.add(mode, new BS());
  return circuit;
}
