import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';

/** Tolerance on `U†U = I` when a matrix is wrapped into a {@link Unitary}. */
export const UNITARY_TOLERANCE = 1e-6;

/** A component given by its numeric unitary matrix, as Perceval's `Unitary`. */
export class Unitary extends Component {
  readonly #matrix: ComplexMatrix;

  /**
   * @param matrix - a square unitary matrix (copied, so later changes to it have no effect)
   * @param options - `name`: display name, `Unitary` by default
   * @throws ValidationError naming `matrix` when it is not square or not unitary to 1e-6
   */
  constructor(matrix: ComplexMatrix, options: { name?: string } = {}) {
    if (!(matrix instanceof ComplexMatrix)) {
      throw new ValidationError('Unitary needs a ComplexMatrix', { field: 'matrix' });
    }
    if (!matrix.isSquare || matrix.rows === 0) {
      throw new ValidationError(
        `Unitary needs a non-empty square matrix (got ${matrix.rows}×${matrix.cols})`,
        {
          field: 'matrix',
        },
      );
    }
    if (!matrix.isUnitary(UNITARY_TOLERANCE)) {
      throw new ValidationError(
        `The matrix given to Unitary is not unitary (U†U ≠ I to ${UNITARY_TOLERANCE})`,
        {
          field: 'matrix',
        },
      );
    }
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
      throw new ValidationError('Unitary name must be a non-empty string', { field: 'name' });
    }
    super(matrix.rows, options.name ?? 'Unitary');
    this.#matrix = matrix.clone();
  }

  /** A copy of the matrix. */
  get matrix(): ComplexMatrix {
    return this.#matrix.clone();
  }

  override describe(): string {
    const name = this.name === 'Unitary' ? '' : `, name='${this.name}'`;
    return `Unitary(${this.m}×${this.m} matrix${name})`;
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    return this.#matrix.clone();
  }
}
