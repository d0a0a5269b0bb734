// Gate characterisation, as a Perceval user does it: take CNOTs from the catalog, check their truth tables with
// the Analyzer (performance, fidelity), and compile a target unitary into a mesh of beam splitters and phase
// shifters. Runs on the local simulator, or on a cloud with BOSONIC_SAMPLE_TARGET=remote.
import {
  Analyzer,
  ComplexMatrix,
  catalog,
  GenericInterferometer,
  generateAllLogicalStates,
  getBasicStateFromPorts,
} from '@bosonic/core';
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

// Compile a Haar-random 8-mode unitary into Clements' rectangular mesh and Reck's triangle.
const target = ComplexMatrix.randomUnitary(8, 2026);
for (const shape of ['rectangle', 'triangle']) {
  const mesh = GenericInterferometer.fromUnitary(target, { shape });
  const error = Math.max(...mesh.computeUnitary().subtract(target).data.map(Math.abs));
  console.log(`\n${shape}: ${mesh.cellModes.length} cells, max |U_mesh − U| = ${error.toExponential(1)}`);
}
