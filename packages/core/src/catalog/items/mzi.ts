import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import type { Parameter } from '../../model/circuit/parameter.js';
import { PS } from '../../model/circuit/phase-shifter.js';
import { type CatalogItem, defineItem, type ParamReader } from '../catalog-item.js';

const PARAMS_DOC = {
  phi_a: "first phase of the MZI (default a Parameter named 'phi_a')",
  phi_b: "second phase of the MZI (default a Parameter named 'phi_b')",
  theta_a: 'theta of the first beam splitter (default π/2)',
  theta_b: 'theta of the second beam splitter (default π/2)',
  i: "index appended to the default parameter names ('phi_a3', 'phi_b3')",
};

interface MziValues {
  phiA: number | Parameter;
  phiB: number | Parameter;
  thetaA: number | Parameter;
  thetaB: number | Parameter;
}

function mziValues(params: ParamReader): MziValues {
  const index = params.raw('i');
  const suffix = index === undefined ? '' : String(index);
  return {
    phiA: params.value('phi_a', `phi_a${suffix}`),
    phiB: params.value('phi_b', `phi_b${suffix}`),
    thetaA: params.value('theta_a', Math.PI / 2),
    thetaB: params.value('theta_b', Math.PI / 2),
  };
}

function mzi(name: string, build: (v: MziValues) => Circuit): CatalogItem {
  return defineItem({
    name,
    description: 'Mach-Zehnder interferometer',
    paramsDoc: PARAMS_DOC,
    circuit: (params) => build(mziValues(params)),
  });
}

export const mziPhaseFirst = mzi('mzi phase first', ({ phiA, phiB, thetaA, thetaB }) =>
  new Circuit(2, { name: 'MZI' })
    .add(0, new PS(phiA))
    .add(0, new BS({ theta: thetaA }))
    .add(0, new PS(phiB))
    .add(0, new BS({ theta: thetaB })),
);

export const mziPhaseLast = mzi('mzi phase last', ({ phiA, phiB, thetaA, thetaB }) =>
  new Circuit(2, { name: 'MZI' })
    .add(0, new BS({ theta: thetaA }))
    .add(1, new PS(phiA))
    .add(0, new BS({ theta: thetaB }))
    .add(1, new PS(phiB)),
);

export const symmetricMzi = mzi('symmetric mzi', ({ phiA, phiB, thetaA, thetaB }) =>
  new Circuit(2, { name: 'MZI' })
    .add(0, new BS({ theta: thetaA }))
    .add(0, new PS(phiA))
    .add(1, new PS(phiB))
    .add(0, new BS({ theta: thetaB })),
);
