import { BasicState, BS, Circuit, Experiment, P, PS } from '@bosonic/core';
import { serialize } from '@bosonic/protocol';

/**
 * Experiments the tests send, with the reference numbers of docs/reference-values.md where there are some. Test-only
 * (not exported by the package).
 */

/** Reference #1, Hong–Ou–Mandel: `BS.H()` on |1,1> gives |2,0> and |0,2> with probability 0.5 each. */
export function homExperiment(name = 'sim:slos'): Experiment {
  return new Experiment(new Circuit(2).add(0, BS.H()), { name })
    .withInput(new BasicState([1, 1]))
    .minDetectedPhotonsFilter(1);
}

/** Reference #5: `Circuit(3)//BS.H()//(1,PS(π/4))//(1,BS.H())` on |0,1,1>: four outputs at 0.25 each. */
export function referenceFiveCircuit(): Circuit {
  return new Circuit(3)
    .add(0, BS.H())
    .add(1, new PS(Math.PI / 4))
    .add(1, BS.H());
}

/** A Mach–Zehnder interferometer with a free phase `phi`, for parameter sweeps: P(|1,0>) = cos²(φ/2) from |1,0>. */
export function mziCircuit(): Circuit {
  return new Circuit(2)
    .add(0, BS.H())
    .add(0, new PS(P('phi')))
    .add(0, BS.H());
}

/** `depth` layers of balanced beam splitters on neighbouring modes, alternating even and odd pairs. */
export function meshCircuit(m: number, depth: number): Circuit {
  const circuit = new Circuit(m);
  for (let layer = 0; layer < depth; layer++) {
    for (let mode = layer % 2; mode + 1 < m; mode += 2) circuit.add(mode, BS.H());
  }
  return circuit;
}

/**
 * A sampling job that runs for tens of seconds on Clifford & Clifford (14 photons on 28 modes, a few hundred
 * microseconds per sample): long enough to watch its progress and cancel it.
 */
export function longSamplingExperiment(name = 'sim:clifford2017'): Experiment {
  const m = 28;
  const input = Array.from({ length: m }, (_, mode) => (mode % 2 === 0 ? 1 : 0));
  return new Experiment(meshCircuit(m, 12), { name })
    .withInput(new BasicState(input))
    .minDetectedPhotonsFilter(1);
}

/** A create-job body as Perceval's client sends it (docs/wire-protocol.md, Job payload). */
export function createJobBody(
  experiment: Experiment,
  payload: Record<string, unknown> = {},
  platform = experiment.name,
): Record<string, unknown> {
  return {
    pcvl_version: '1.1.1',
    process_id: '6f0c2f4e-8b0e-4d5e-9a41-1c2d3e4f5a6b',
    platform_name: platform,
    payload: { command: 'probs', experiment: serialize(experiment), job_context: null, ...payload },
    job_name: typeof payload.command === 'string' ? payload.command : 'probs',
  };
}
