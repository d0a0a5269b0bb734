import { ValidationError } from '../../errors/index.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, textExcerpt, textTooLong } from '../parse-limits.js';
import {
  COMPARISON_OPERATORS,
  type ComparisonOperator,
  type PostSelectCombinator,
  type PostSelectNode,
} from './post-select-node.js';

/** Spellings of the combinators (case-insensitive words, or the symbols `&` and `|`). */
const COMBINATOR_WORDS: Readonly<Record<string, PostSelectCombinator>> = { and: 'and', or: 'or', xor: 'xor' };
const COMBINATOR_SYMBOLS: Readonly<Record<string, PostSelectCombinator>> = { '&': 'and', '|': 'or' };

/**
 * Parses Perceval's post-selection grammar into a frozen syntax tree:
 *
 * ```
 * expression := operand ( combinator operand )*      -- one combinator kind per level
 * operand    := condition | '(' expression ')'
 * condition  := '[' mode ( ',' mode )* ']' op count   -- op: == < > <= >=
 * combinator := '&' | 'and' | '|' | 'or' | 'xor'      -- words case-insensitive
 * ```
 *
 * Blanks are free between tokens. Mixing different combinators at one level without parentheses is an
 * error, as in Perceval. Empty (or blank) text is the post-selection that accepts everything. Every error
 * is a ValidationError whose message gives the 1-based column.
 *
 * The parser recurses once per parenthesis, so `limits.maxDepth` bounds the nesting (and the stack), and
 * `limits.maxStringLength` the text, before any work is done.
 */
export function parsePostSelect(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): PostSelectNode {
  if (typeof text !== 'string') {
    throw new ValidationError('A post-selection must be given as a string', { field: 'postselect' });
  }
  if (text.length > limits.maxStringLength) {
    throw textTooLong('A post-selection', limits, 'postselect', text.length);
  }
  let i = 0;
  let depth = 0;
  const fail = (reason: string, at = i): never => {
    throw new ValidationError(`Invalid post-selection ${textExcerpt(text)}: ${reason} at column ${at + 1}`, {
      field: 'postselect',
    });
  };
  const found = (): string => (i >= text.length ? 'the end of the text' : `'${text[i]}'`);
  const skipBlanks = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const isDigit = (): boolean => i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  const readInteger = (what: string): number => {
    if (!isDigit()) fail(`expected ${what} but found ${found()}`);
    const start = i;
    while (isDigit()) i++;
    const value = Number(text.slice(start, i));
    if (!Number.isSafeInteger(value)) fail(`${what} is too large`, start);
    return value;
  };

  /** A combinator at the current position (consumed), or undefined (nothing consumed). */
  const readCombinator = (): PostSelectCombinator | undefined => {
    const symbol = COMBINATOR_SYMBOLS[text[i] ?? ''];
    if (symbol !== undefined) {
      i++;
      return symbol;
    }
    const word = /^[A-Za-z]+/.exec(text.slice(i))?.[0];
    const combinator = word === undefined ? undefined : COMBINATOR_WORDS[word.toLowerCase()];
    if (combinator !== undefined) i += word!.length;
    return combinator;
  };

  const parseCondition = (): PostSelectNode => {
    // At '['.
    i++;
    const modes: number[] = [];
    for (;;) {
      skipBlanks();
      modes.push(readInteger(modes.length === 0 ? 'a mode number' : "a mode number after ','"));
      skipBlanks();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        break;
      }
      fail(`expected ',' or ']' but found ${found()}`);
    }
    skipBlanks();
    const op = COMPARISON_OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op === undefined) fail(`expected a comparison (==, <, >, <=, >=) but found ${found()}`);
    i += op!.length;
    skipBlanks();
    const value = readInteger('a photon count');
    return Object.freeze({
      kind: 'condition' as const,
      modes: Object.freeze(modes),
      op: op as ComparisonOperator,
      value,
    });
  };

  const parseOperand = (): PostSelectNode => {
    skipBlanks();
    if (text[i] === '[') return parseCondition();
    if (text[i] === '(') {
      const open = i;
      if (depth >= limits.maxDepth) fail(`parentheses nest deeper than ${limits.maxDepth} levels (maxDepth)`);
      i++;
      depth++;
      const inner = parseExpression();
      depth--;
      skipBlanks();
      if (text[i] !== ')') fail(`expected ')' to close the '(' at column ${open + 1} but found ${found()}`);
      i++;
      return inner;
    }
    return fail(`expected a condition such as [0,1]==1 or '(' but found ${found()}`);
  };

  const parseExpression = (): PostSelectNode => {
    const children = [parseOperand()];
    let kind: PostSelectCombinator | undefined;
    for (;;) {
      skipBlanks();
      if (i >= text.length || text[i] === ')') break;
      const at = i;
      const next = readCombinator();
      if (next === undefined) fail(`expected '&', 'and', '|', 'or' or 'xor' but found ${found()}`);
      if (kind !== undefined && next !== kind) {
        fail(`'${next}' follows '${kind}' at the same level: add parentheses to mix them`, at);
      }
      kind = next;
      children.push(parseOperand());
    }
    if (kind === undefined) return children[0]!;
    return Object.freeze({ kind, children: Object.freeze(children) });
  };

  skipBlanks();
  if (i >= text.length) return TRUE_NODE;
  const root = parseExpression();
  skipBlanks();
  if (i < text.length) fail(`unmatched ${found()}`);
  return root;
}

/** The post-selection that accepts every state. */
export const TRUE_NODE: PostSelectNode = Object.freeze({ kind: 'true' as const });
