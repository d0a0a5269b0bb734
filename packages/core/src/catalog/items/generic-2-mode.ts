import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { defineItem } from '../catalog-item.js';

export const generic2Mode = defineItem({
  name: 'generic 2 mode circuit',
  description: 'A universal 2-mode component: a beam splitter with a variable theta and 3 free phases.',
  paramsDoc: {
    theta: "beam splitter theta (default a Parameter named 'theta')",
    phi_tl: "top-left phase (default a Parameter named 'phi_tl')",
    phi_bl: "bottom-left phase (default a Parameter named 'phi_bl')",
    phi_tr: "top-right phase (default a Parameter named 'phi_tr')",
  },
  circuit: (params) =>
    new Circuit(2, { name: 'U2' }).add(
      0,
      BS.H({
        theta: params.value('theta', 'theta'),
        phiTl: params.value('phi_tl', 'phi_tl'),
        phiBl: params.value('phi_bl', 'phi_bl'),
        phiTr: params.value('phi_tr', 'phi_tr'),
      }),
    ),
});
