// Gate characterisation, as a Perceval user does it: take CNOTs from the catalog, check their truth tables with
// the Analyzer (performance, fidelity), characterise one by process tomography, and compile a target unitary into
// a mesh of beam splitters and phase shifters. Runs on the local simulator, or on a cloud with BOSONIC_SAMPLE_TARGET=remote.
import {
  Analyzer,
  ComplexMatrix,
  catalog,
  chiTarget,
  GenericInterferometer,
  generateAllLogicalStates,
  getBasicStateFromPorts,
  NoiseModel,
  ProcessTomography,
  processFidelity,
} from '@bosonic/core';
import { Processor } from '@bosonic/simulator';
import { algorithmOptions, closeProcessor, describeTarget, openExperimentProcessor } from './target.mjs';

const CNOT = { '|00>': '|00>', '|01>': '|01>', '|10>': '|11>', '|11>': '|10>' };

let printedTarget = false;
for (const name of ['postprocessed cnot', 'heralded cnot', 'klm cnot']) {
  const experiment = catalog.get(name).buildExperiment();
  const processor = await openExperimentProcessor(experiment);
  try {
    if (!printedTarget) {
      console.log(`Target: ${describeTarget(processor)}`);
      printedTarget = true;
    }
    // The four logical states on the gate's ports, labelled |00> … |11>.
    const inputs = Object.fromEntries(
      generateAllLogicalStates(2).map((l) => [
        getBasicStateFromPorts(experiment.inPorts, l).toString(),
        l.toString(),
      ]),
    );
    const analyzer = new Analyzer(processor, inputs, undefined, algorithmOptions());
    const result = await analyzer.computeAsync({ expected: CNOT });
    console.log(`\n${name}`);
    console.log(analyzer.toString());
    console.log(
      `${name}: performance ${result.performance.toFixed(6)}, fidelity ${result.fidelity.toFixed(6)}`,
    );
  } finally {
    await closeProcessor(processor);
  }
}

// Characterise the Knill CNOT by process tomography: its χ matrix against the ideal CNOT's, perfect and with
// partly distinguishable photons (a noise model, simulated locally).
const CNOT_MATRIX = ComplexMatrix.fromRows([
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 0, 1],
  [0, 0, 1, 0],
]);
{
  const processor = await openExperimentProcessor(catalog.get('heralded cnot').buildExperiment());
  try {
    const tomography = new ProcessTomography(processor, algorithmOptions());
    const { chi, gateEfficiency } = await tomography.computeAsync();
    console.log(
      `\nheralded cnot tomography: process fidelity ${processFidelity(chi, chiTarget(CNOT_MATRIX)).toFixed(6)}, ` +
        `average fidelity ${tomography.averageFidelity(CNOT_MATRIX).toFixed(6)}, efficiency ${gateEfficiency.toFixed(6)}`,
    );
  } finally {
    await closeProcessor(processor);
  }
  const noisy = new Processor('SLOS', catalog.get('heralded cnot').buildExperiment(), {
    noise: new NoiseModel({ indistinguishability: 0.9 }),
  });
  const { chi } = await new ProcessTomography(noisy).computeAsync();
  console.log(
    `with indistinguishability 0.9 (local): process fidelity ${processFidelity(chi, chiTarget(CNOT_MATRIX)).toFixed(6)}`,
  );
}

// Compile a Haar-random 8-mode unitary into Clements' rectangular mesh and Reck's triangle.
const target = ComplexMatrix.randomUnitary(8, 2026);
for (const shape of ['rectangle', 'triangle']) {
  const mesh = GenericInterferometer.fromUnitary(target, { shape });
  const error = Math.max(...mesh.computeUnitary().subtract(target).data.map(Math.abs));
  console.log(`\n${shape}: ${mesh.cellModes.length} cells, max |U_mesh − U| = ${error.toExponential(1)}`);
}
