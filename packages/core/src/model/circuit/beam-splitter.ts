import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';
import type { Parameter } from './parameter.js';
import { thetaToR } from './reflectivity.js';

/** Beam-splitter conventions, as Perceval's `BSConvention`. */
export type BSConvention = 'Rx' | 'H' | 'Ry';

/** Options of a {@link BS}. Every angle is a number or a {@link Parameter}. */
export interface BSOptions {
  /** Mixing angle in [0, 4π]; reflectivity `cos²(θ/2)`. Default π/2 (50:50). */
  theta?: number | Parameter;
  /** Input phase on the top mode (0), in [0, 2π]. Default 0. */
  phiTl?: number | Parameter;
  /** Input phase on the bottom mode (1), in [0, 2π]. Default 0. */
  phiBl?: number | Parameter;
  /** Output phase on the top mode (0), in [0, 2π]. Default 0. */
  phiTr?: number | Parameter;
  /** Output phase on the bottom mode (1), in [0, 2π]. Default 0. */
  phiBr?: number | Parameter;
  /** Matrix convention. Default `'Rx'`. */
  convention?: BSConvention;
}

const CONVENTIONS: readonly BSConvention[] = ['Rx', 'H', 'Ry'];

/**
 * The unit templates t of each convention, as interleaved [re, im] for t00, t01, t10, t11: the beam splitter's
 * matrix is t with its diagonal scaled by cos(θ/2) and its off-diagonal by sin(θ/2) (docs/conventions.md).
 */
const TEMPLATES: Record<BSConvention, readonly number[]> = {
  Rx: [1, 0, 0, 1, 0, 1, 1, 0],
  Ry: [1, 0, -1, 0, 1, 0, 1, 0],
  H: [1, 0, 1, 0, 1, 0, -1, 0],
};

const ANGLE = { min: 0, max: 4 * Math.PI, periodic: true };
const PHASE = { min: 0, max: 2 * Math.PI, periodic: true };

/**
 * A beam splitter on two modes, as Perceval's `BS`:
 * `U = diag(e^{i·φtr}, e^{i·φbr}) · T(θ) · diag(e^{i·φtl}, e^{i·φbl})` with, for c = cos(θ/2) and s = sin(θ/2),
 * `T = [[c, i·s], [i·s, c]]` (Rx), `[[c, −s], [s, c]]` (Ry) or `[[c, s], [s, −c]]` (H).
 */
export class BS extends Component {
  /** The matrix convention. */
  readonly convention: BSConvention;

  /**
   * @throws ValidationError naming the option when an angle is not finite or out of range, or the convention is unknown
   */
  constructor(options: BSOptions = {}) {
    const convention = options.convention ?? 'Rx';
    if (!CONVENTIONS.includes(convention)) {
      throw new ValidationError(
        `BS convention must be one of ${CONVENTIONS.join(', ')} (got ${String(convention)})`,
        { field: 'convention' },
      );
    }
    super(2, `BS.${convention}`);
    this.convention = convention;
    this.defineParameter('theta', options.theta ?? Math.PI / 2, ANGLE);
    this.defineParameter('phiTl', options.phiTl ?? 0, PHASE);
    this.defineParameter('phiBl', options.phiBl ?? 0, PHASE);
    this.defineParameter('phiTr', options.phiTr ?? 0, PHASE);
    this.defineParameter('phiBr', options.phiBr ?? 0, PHASE);
  }

  /** A beam splitter in the Hadamard convention: `T = [[c, s], [s, −c]]`. */
  static H(options: Omit<BSOptions, 'convention'> = {}): BS {
    return new BS({ ...options, convention: 'H' });
  }

  /** A beam splitter in the X-rotation convention (the default): `T = [[c, i·s], [i·s, c]]`. */
  static Rx(options: Omit<BSOptions, 'convention'> = {}): BS {
    return new BS({ ...options, convention: 'Rx' });
  }

  /** A beam splitter in the Y-rotation convention: `T = [[c, −s], [s, c]]`. */
  static Ry(options: Omit<BSOptions, 'convention'> = {}): BS {
    return new BS({ ...options, convention: 'Ry' });
  }

  /**
   * The reflectivity `cos²(θ/2)`.
   *
   * @throws ValidationError when theta is a parameter without a value
   */
  get reflectivity(): number {
    return thetaToR(this.valueOf('theta'));
  }

  override describe(): string {
    return `BS.${this.convention}(${this.describeSlots({ theta: Math.PI / 2, phiTl: 0, phiBl: 0, phiTr: 0, phiBr: 0 })})`;
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    const theta = this.valueOf('theta');
    const tl = this.valueOf('phiTl');
    const bl = this.valueOf('phiBl');
    const tr = this.valueOf('phiTr');
    const br = this.valueOf('phiBr');
    const c = Math.cos(theta / 2);
    const s = Math.sin(theta / 2);
    const t = TEMPLATES[this.convention];
    // Element by element: u00 = t00·c·e^{i(tl+tr)}, u01 = t01·s·e^{i(tr+bl)},
    // u10 = t10·s·e^{i(tl+br)}, u11 = t11·c·e^{i(bl+br)}.
    const scales = [c, s, s, c];
    const phases = [tl + tr, tr + bl, tl + br, bl + br];
    const data = new Float64Array(8);
    for (let k = 0; k < 4; k++) {
      const scale = scales[k]!;
      const phase = phases[k]!;
      const tRe = t[2 * k]! * scale;
      const tIm = t[2 * k + 1]! * scale;
      const eRe = Math.cos(phase);
      const eIm = Math.sin(phase);
      data[2 * k] = tRe * eRe - tIm * eIm;
      data[2 * k + 1] = tRe * eIm + tIm * eRe;
    }
    return new ComplexMatrix(2, 2, data);
  }
}
