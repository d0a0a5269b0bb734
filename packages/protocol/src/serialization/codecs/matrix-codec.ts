import { ComplexMatrix, ValidationError } from '@bosonic/core';
import { create } from '@bufbuild/protobuf';
import {
  ComplexDoubleSchema,
  MatrixDoubleSchema,
  MatrixSchema,
  type Matrix as PbMatrix,
} from '../../proto/perceval_circuit_pb.js';
import { type PcvlCodec, readBody } from '../codec.js';
import { decodeProtoBase64, encodeProtoBase64 } from '../protobuf.js';
import { UnsupportedPcvlError } from '../unsupported-error.js';

/** Largest matrix side accepted from the wire: far beyond any simulable circuit, small enough to allocate. */
const MAX_SIDE = 4096;

/** Encodes a numeric matrix (row-major, as Perceval's `np.nditer`). */
export function encodeMatrix(matrix: ComplexMatrix): PbMatrix {
  const data = [];
  for (let i = 0; i < matrix.rows * matrix.cols; i++) {
    data.push(
      create(ComplexDoubleSchema, {
        realValue: matrix.data[2 * i] ?? 0,
        imaginaryValue: matrix.data[2 * i + 1] ?? 0,
      }),
    );
  }
  return create(MatrixSchema, {
    rows: matrix.rows,
    cols: matrix.cols,
    data: { case: 'numeric', value: create(MatrixDoubleSchema, { data }) },
  });
}

/**
 * Decodes a numeric matrix.
 * @param where - names the matrix in errors.
 * @throws ValidationError when the sizes are negative or huge, the element count is not rows × cols, an element
 *   is not finite, or the matrix is symbolic (bosonic has no symbolic matrices).
 */
export function decodeMatrix(message: PbMatrix | undefined, where: string): ComplexMatrix {
  if (message === undefined) throw new ValidationError(`${where} is missing`, { field: where });
  const { rows, cols } = message;
  if (rows < 0 || cols < 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
    throw new ValidationError(`${where} has invalid dimensions ${rows}×${cols}`, { field: where });
  }
  if (message.data.case === 'symbolic') {
    throw new UnsupportedPcvlError(`${where} is symbolic: bosonic supports numeric matrices only`, {
      field: where,
    });
  }
  const elements = message.data.case === 'numeric' ? message.data.value.data : [];
  if (elements.length !== rows * cols) {
    throw new ValidationError(
      `${where} holds ${elements.length} elements, a ${rows}×${cols} matrix needs ${rows * cols}`,
      {
        field: where,
      },
    );
  }
  const data = new Float64Array(2 * rows * cols);
  elements.forEach((element, i) => {
    if (!Number.isFinite(element.realValue) || !Number.isFinite(element.imaginaryValue)) {
      throw new ValidationError(`${where} element ${i} is not finite`, { field: where });
    }
    data[2 * i] = element.realValue;
    data[2 * i + 1] = element.imaginaryValue;
  });
  return new ComplexMatrix(rows, cols, data);
}

/** `:PCVL:Matrix:<base64 protobuf>`: a numeric complex matrix, not compressed by default. */
export const matrixCodec: PcvlCodec<ComplexMatrix> = {
  tag: 'Matrix',
  compress: false,
  accepts: (value): value is ComplexMatrix => value instanceof ComplexMatrix,
  encode(matrix, write) {
    write(encodeProtoBase64(MatrixSchema, encodeMatrix(matrix)));
  },
  decode(pieces, limits) {
    const message = decodeProtoBase64(MatrixSchema, readBody(pieces, 'Matrix', limits), 'Matrix', limits);
    return decodeMatrix(message, 'Matrix');
  },
};
