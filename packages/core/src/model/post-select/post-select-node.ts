/** The comparison of a post-selection condition: the photon count summed over its modes `op` its value. */
export type ComparisonOperator = '==' | '<' | '>' | '<=' | '>=';

/** The boolean combinators of post-selection conditions. */
export type PostSelectCombinator = 'and' | 'or' | 'xor';

/**
 * The syntax tree of a post-selection (what the native binding encodes for the Rust engine):
 * - `condition`: Σ state[mode] over `modes`, compared with `value` by `op`;
 * - `and` / `or` / `xor` of at least one child (`xor` is true when an odd number of children are);
 * - `true`: accepts every state (the empty post-selection).
 */
export type PostSelectNode =
  | {
      readonly kind: 'condition';
      readonly modes: readonly number[];
      readonly op: ComparisonOperator;
      readonly value: number;
    }
  | { readonly kind: PostSelectCombinator; readonly children: readonly PostSelectNode[] }
  | { readonly kind: 'true' };

/** The comparison operators, longest first (the order in which the parser tries them). */
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['==', '<=', '>=', '<', '>'];
