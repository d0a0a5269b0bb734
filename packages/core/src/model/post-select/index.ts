export { PostSelect } from './post-select.js';
export type { ComparisonOperator, PostSelectCombinator, PostSelectNode } from './post-select-node.js';
