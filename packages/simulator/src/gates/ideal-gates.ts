// Ideal gate matrices the gate-level tests compare to (logical basis |00>, |01>, |10>, |11>, qubit 0 first).
import { ComplexMatrix } from '@bosonic/core';

/** CNOT, control qubit 0: |10> ↔ |11>. */
export const CNOT = ComplexMatrix.fromRows([
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 0, 1],
  [0, 0, 1, 0],
]);

/** The CNOT truth table by logical label, for the Analyzer. */
export const CNOT_TRUTH_TABLE = { '|00>': '|00>', '|01>': '|01>', '|10>': '|11>', '|11>': '|10>' };
