// Writes examples/boson-sampling-12.json: 12 photons in 24 modes through a Haar-random interferometer, drawn
// from a fixed seed so that the file is reproducible. Run: node scripts/generate-boson-sampling.mjs
import { writeFileSync } from 'node:fs';

const MODES = 24;
const PHOTONS = 12;
const SEED = 2017; // the year of Clifford & Clifford's algorithm, which samples this experiment

/** Uniform numbers in [0, 1) (mulberry32). */
function uniformSource(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A Haar-random unitary: Gram–Schmidt on the columns of a complex Gaussian matrix (Mezzadri's recipe, whose
// phase fix Gram–Schmidt gets for free: each column is normalised with a positive real projection).
const uniform = uniformSource(SEED);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const columns = Array.from({ length: MODES }, () =>
  Array.from({ length: MODES }, () => [gaussian(), gaussian()]),
);
for (let j = 0; j < MODES; j++) {
  const v = columns[j];
  for (let k = 0; k < j; k++) {
    const u = columns[k];
    // <u, v> = Σ conj(u_i) v_i
    let re = 0;
    let im = 0;
    for (let i = 0; i < MODES; i++) {
      re += u[i][0] * v[i][0] + u[i][1] * v[i][1];
      im += u[i][0] * v[i][1] - u[i][1] * v[i][0];
    }
    for (let i = 0; i < MODES; i++) {
      v[i][0] -= re * u[i][0] - im * u[i][1];
      v[i][1] -= re * u[i][1] + im * u[i][0];
    }
  }
  const norm = Math.sqrt(v.reduce((sum, [re, im]) => sum + re * re + im * im, 0));
  for (let i = 0; i < MODES; i++) v[i] = [v[i][0] / norm, v[i][1] / norm];
}
const round = (x) => Math.round(x * 1e12) / 1e12;
const rows = Array.from({ length: MODES }, (_, r) => columns.map((column) => column[r].map(round)));

const input = Array.from({ length: MODES }, (_, mode) => (mode % 2 === 0 && mode / 2 < PHOTONS ? 1 : 0));
const experiment = {
  name: '12-photon boson sampling',
  description:
    `${PHOTONS} photons in ${MODES} modes through a Haar-random interferometer (seed ${SEED}). Its 834 million ` +
    'output states are too many to list: the auto backend samples with Clifford & Clifford 2017.',
  m: MODES,
  circuit: [{ type: 'Unitary', modes: 0, name: 'Haar', rows }],
  input: `|${input.join(',')}>`,
  command: 'sample-count',
  samples: 10000,
};
const json = JSON.stringify(experiment, null, 2)
  // One matrix row per line keeps the file readable.
  .replace(/\[\s+(-?[\d.e-]+),\s+(-?[\d.e-]+)\s+\]/g, '[$1, $2]')
  .replace(/\[\n\s+(\[-?[\d.e-]+, -?[\d.e-]+\],?\n\s+)+\]/g, (row) =>
    row.replace(/\n\s+/g, ' ').replace('[ ', '[').replace(' ]', ']'),
  );
writeFileSync(new URL('../examples/boson-sampling-12.json', import.meta.url), `${json}\n`);
