import { ValidationError } from '../../errors/index.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, resolveLimits } from '../parse-limits.js';
import { BasicState } from '../state/basic-state.js';
import { parsePostSelect, TRUE_NODE } from './parse-post-select.js';
import {
  COMPARISON_OPERATORS,
  type ComparisonOperator,
  type PostSelectCombinator,
  type PostSelectNode,
} from './post-select-node.js';

type Predicate = (occupations: ArrayLike<number>) => boolean;

const SEPARATORS: Readonly<Record<PostSelectCombinator, string>> = { and: ' & ', or: ' | ', xor: ' xor ' };

/**
 * A post-selection on output states (Perceval's `PostSelect`): conditions on the photon count summed over
 * groups of modes, combined with and / or / xor.
 *
 * ```ts
 * new PostSelect('[0,1]==1 & [2,3]==1');
 * new PostSelect('([1,2]>=1 & [3] < 2) | ([4] == 1 xor [5] > 0)');
 * new PostSelect().eq([0, 1], 1).gt(2, 0);   // fluent form: each call returns a new PostSelect
 * ```
 *
 * Instances are immutable. `toString()` is canonical (`[0,1]==1 & [2,3]==1`, nested groups in parentheses)
 * and parses back to the same tree; `root` exposes that tree for the native binding.
 */
export class PostSelect {
  // Set by the constructor, or by fromNode on a fresh instance nobody else holds yet.
  #root: PostSelectNode;
  #predicate: Predicate;
  #highestMode: number;
  #text: string | undefined;

  /**
   * @param text the condition text; empty (the default) accepts every state.
   * @param limits bounds on the text's length and parenthesis nesting (defaults: {@link DEFAULT_PARSE_LIMITS});
   *   a text beyond one is a ValidationError naming it.
   */
  constructor(text = '', limits?: Partial<ParseLimits>) {
    this.#root = parsePostSelect(text, resolveLimits(limits, DEFAULT_PARSE_LIMITS));
    this.#predicate = compile(this.#root);
    this.#highestMode = maxMode(this.#root);
  }

  /**
   * A PostSelect from a syntax tree (validated and frozen), e.g. one decoded from the wire. Trees nested deeper
   * than {@link DEFAULT_PARSE_LIMITS}' `maxDepth` are refused, as their text would be.
   */
  static fromNode(node: PostSelectNode): PostSelect {
    const ps = new PostSelect();
    ps.#root = checkNode(node, 'root', 0);
    ps.#predicate = compile(ps.#root);
    ps.#highestMode = maxMode(ps.#root);
    return ps;
  }

  /** The syntax tree (frozen). */
  get root(): PostSelectNode {
    return this.#root;
  }

  /** True when at least one condition is set (Perceval's `has_condition`). */
  get hasCondition(): boolean {
    return this.root.kind !== 'true';
  }

  /**
   * Whether a state passes. Noise tags are ignored (only photon counts matter). A condition on a mode the
   * state does not have is a ValidationError.
   */
  test(state: BasicState | ArrayLike<number>): boolean {
    const occupations = state instanceof BasicState ? state.toArray() : state;
    if (this.#highestMode >= occupations.length) {
      throw new ValidationError(
        `The post-selection uses mode ${this.#highestMode} but the state has ${occupations.length} modes`,
        { field: 'state' },
      );
    }
    return this.#predicate(occupations);
  }

  /** Adds (with and) the condition Σ state[modes] == value; returns the new PostSelect. */
  eq(modes: number | readonly number[], value: number): PostSelect {
    return this.#and(modes, '==', value);
  }

  /** Adds (with and) the condition Σ state[modes] > value; returns the new PostSelect. */
  gt(modes: number | readonly number[], value: number): PostSelect {
    return this.#and(modes, '>', value);
  }

  /** Adds (with and) the condition Σ state[modes] < value; returns the new PostSelect. */
  lt(modes: number | readonly number[], value: number): PostSelect {
    return this.#and(modes, '<', value);
  }

  /** Adds (with and) the condition Σ state[modes] >= value; returns the new PostSelect. */
  ge(modes: number | readonly number[], value: number): PostSelect {
    return this.#and(modes, '>=', value);
  }

  /** Adds (with and) the condition Σ state[modes] <= value; returns the new PostSelect. */
  le(modes: number | readonly number[], value: number): PostSelect {
    return this.#and(modes, '<=', value);
  }

  /** This post-selection and `other` (Perceval's `merge`). */
  merge(other: PostSelect): PostSelect {
    return PostSelect.fromNode(conjoin(this.root, other.root));
  }

  /** Every mode the conditions refer to, ascending, each once. */
  modes(): number[] {
    const modes = new Set<number>();
    visitConditions(this.root, (c) => {
      for (const mode of c.modes) modes.add(mode);
    });
    return [...modes].sort((a, b) => a - b);
  }

  /** Throws a ValidationError when a condition refers to a mode outside [0, m). */
  checkModes(m: number): void {
    if (this.#highestMode >= m) {
      throw new ValidationError(
        `The post-selection uses mode ${this.#highestMode} but there are only ${m} modes`,
        {
          field: 'postselect',
        },
      );
    }
  }

  /** Every mode number moved by `offset` (Perceval's `shift_modes`); a negative result is a ValidationError. */
  shiftModes(offset: number): PostSelect {
    if (!Number.isSafeInteger(offset)) {
      throw new ValidationError(`The shift must be an integer, got ${String(offset)}`, { field: 'offset' });
    }
    return this.#mapModes((mode) => {
      const shifted = mode + offset;
      if (shifted < 0) {
        throw new ValidationError(`Shifting by ${offset} would move mode ${mode} below 0 in ${this}`, {
          field: 'offset',
        });
      }
      return shifted;
    });
  }

  /**
   * Renumbers modes through a permutation placed at `firstMode` (Perceval's `apply_permutation`): mode
   * `firstMode + i` becomes `firstMode + perm[i]`; modes outside the permutation are kept.
   */
  applyPermutation(perm: readonly number[], firstMode = 0): PostSelect {
    const seen = new Set<number>();
    for (const p of perm) {
      if (!Number.isSafeInteger(p) || p < 0 || p >= perm.length || seen.has(p)) {
        throw new ValidationError(`[${perm.join(', ')}] is not a permutation of 0..${perm.length - 1}`, {
          field: 'perm',
        });
      }
      seen.add(p);
    }
    if (!Number.isSafeInteger(firstMode) || firstMode < 0) {
      throw new ValidationError(`firstMode must be a non-negative integer, got ${String(firstMode)}`, {
        field: 'firstMode',
      });
    }
    return this.#mapModes((mode) =>
      mode < firstMode || mode >= firstMode + perm.length ? mode : firstMode + perm[mode - firstMode]!,
    );
  }

  /**
   * Whether a component on `modes` can be composed without splitting a condition (Perceval's
   * `can_compose_with`): every condition touching those modes covers all of them.
   */
  canComposeWith(modes: Iterable<number>): boolean {
    const target = new Set(modes);
    let ok = true;
    visitConditions(this.root, (c) => {
      const own = new Set(c.modes);
      const touches = [...own].some((mode) => target.has(mode));
      if (touches && ![...target].every((mode) => own.has(mode))) ok = false;
    });
    return ok;
  }

  /** True when the two post-selections share no mode. */
  isIndependentWith(other: PostSelect): boolean {
    const mine = new Set(this.modes());
    return other.modes().every((mode) => !mine.has(mode));
  }

  /** Same canonical text. */
  equals(other: PostSelect): boolean {
    return other instanceof PostSelect && other.toString() === this.toString();
  }

  /** The canonical text: `[0,1]==1 & [2,3]==1`; the empty post-selection prints as an empty string. */
  toString(): string {
    this.#text ??= format(this.root, true);
    return this.#text;
  }

  /** JSON form: the canonical text. */
  toJSON(): string {
    return this.toString();
  }

  #and(modes: number | readonly number[], op: ComparisonOperator, value: number): PostSelect {
    const list = typeof modes === 'number' ? [modes] : [...modes];
    const condition = checkNode({ kind: 'condition', modes: list, op, value }, 'condition', 0);
    return PostSelect.fromNode(conjoin(this.root, condition));
  }

  #mapModes(map: (mode: number) => number): PostSelect {
    const rewrite = (node: PostSelectNode): PostSelectNode => {
      if (node.kind === 'condition') return { ...node, modes: node.modes.map(map) };
      if (node.kind === 'true') return node;
      return { kind: node.kind, children: node.children.map(rewrite) };
    };
    return PostSelect.fromNode(rewrite(this.root));
  }
}

/** a and b, flattening into an existing top-level `and` and dropping `true`. */
function conjoin(a: PostSelectNode, b: PostSelectNode): PostSelectNode {
  if (a.kind === 'true') return b;
  if (b.kind === 'true') return a;
  const left = a.kind === 'and' ? a.children : [a];
  const right = b.kind === 'and' ? b.children : [b];
  return { kind: 'and', children: [...left, ...right] };
}

/** Validates a tree from outside and returns a frozen copy. */
function checkNode(node: PostSelectNode, path: string, depth: number): PostSelectNode {
  const bad = (reason: string): never => {
    throw new ValidationError(`Invalid post-selection node at ${path}: ${reason}`, { field: 'postselect' });
  };
  if (node === null || typeof node !== 'object') return bad('not an object');
  if (depth > DEFAULT_PARSE_LIMITS.maxDepth) {
    return bad(`the tree nests deeper than ${DEFAULT_PARSE_LIMITS.maxDepth} levels (maxDepth)`);
  }
  switch (node.kind) {
    case 'true':
      return TRUE_NODE;
    case 'condition': {
      if (!Array.isArray(node.modes) || node.modes.length === 0) bad('a condition needs at least one mode');
      for (const mode of node.modes) {
        if (!Number.isSafeInteger(mode) || mode < 0)
          bad(`mode ${String(mode)} is not a non-negative integer`);
      }
      if (!COMPARISON_OPERATORS.includes(node.op)) bad(`unknown comparison ${String(node.op)}`);
      if (!Number.isSafeInteger(node.value) || node.value < 0) {
        bad(`photon count ${String(node.value)} is not a non-negative integer`);
      }
      return Object.freeze({
        kind: 'condition',
        modes: Object.freeze([...node.modes]),
        op: node.op,
        value: node.value,
      });
    }
    case 'and':
    case 'or':
    case 'xor': {
      if (!Array.isArray(node.children) || node.children.length === 0)
        bad(`'${node.kind}' needs at least one child`);
      const children = node.children.map((child, k) => checkNode(child, `${path}.children[${k}]`, depth + 1));
      return Object.freeze({ kind: node.kind, children: Object.freeze(children) });
    }
    default:
      return bad(`unknown kind ${JSON.stringify((node as { kind?: unknown }).kind)}`);
  }
}

function compile(node: PostSelectNode): Predicate {
  switch (node.kind) {
    case 'true':
      return () => true;
    case 'condition': {
      const { modes, op, value } = node;
      const count = (occ: ArrayLike<number>): number => {
        let sum = 0;
        for (const mode of modes) sum += occ[mode]!;
        return sum;
      };
      switch (op) {
        case '==':
          return (occ) => count(occ) === value;
        case '<':
          return (occ) => count(occ) < value;
        case '>':
          return (occ) => count(occ) > value;
        case '<=':
          return (occ) => count(occ) <= value;
        case '>=':
          return (occ) => count(occ) >= value;
      }
      break;
    }
    case 'and': {
      const parts = node.children.map(compile);
      return (occ) => parts.every((p) => p(occ));
    }
    case 'or': {
      const parts = node.children.map(compile);
      return (occ) => parts.some((p) => p(occ));
    }
    case 'xor': {
      const parts = node.children.map(compile);
      return (occ) => parts.reduce((odd, p) => odd !== p(occ), false);
    }
  }
  throw new ValidationError('Invalid post-selection tree', { field: 'postselect' });
}

function format(node: PostSelectNode, top: boolean): string {
  switch (node.kind) {
    case 'true':
      return '';
    case 'condition':
      return `[${node.modes.join(',')}]${node.op}${node.value}`;
    default: {
      const text = node.children.map((child) => format(child, false)).join(SEPARATORS[node.kind]);
      return top || node.children.length === 1 ? text : `(${text})`;
    }
  }
}

function visitConditions(
  node: PostSelectNode,
  visit: (condition: Extract<PostSelectNode, { kind: 'condition' }>) => void,
): void {
  if (node.kind === 'condition') visit(node);
  else if (node.kind !== 'true') for (const child of node.children) visitConditions(child, visit);
}

function maxMode(node: PostSelectNode): number {
  let highest = -1;
  visitConditions(node, (c) => {
    for (const mode of c.modes) highest = Math.max(highest, mode);
  });
  return highest;
}
