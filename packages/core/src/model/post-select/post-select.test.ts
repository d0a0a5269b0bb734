import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BasicState } from '../state/basic-state.js';
import { fockStates } from '../state/fock-space.js';
import { parsePostSelect } from './parse-post-select.js';
import { PostSelect } from './post-select.js';
import type { PostSelectNode } from './post-select-node.js';

const state = (text: string): BasicState => BasicState.parse(text);

describe('PostSelect examples of the reference', () => {
  it('[0,1]==1 & [2,3]==1 keeps one photon per dual-rail qubit (postprocessed CNOT)', () => {
    const ps = new PostSelect('[0,1]==1 & [2,3]==1');
    expect(ps.test(state('|1,0,1,0,0,0>'))).toBe(true);
    expect(ps.test(state('|0,1,1,0,0,0>'))).toBe(true);
    expect(ps.test(state('|1,1,0,0,0,0>'))).toBe(false);
    expect(ps.test(state('|1,0,0,0,1,0>'))).toBe(false);
    expect(ps.toString()).toBe('[0,1]==1 & [2,3]==1');
    expect(ps.root).toEqual({
      kind: 'and',
      children: [
        { kind: 'condition', modes: [0, 1], op: '==', value: 1 },
        { kind: 'condition', modes: [2, 3], op: '==', value: 1 },
      ],
    });
  });

  it('([1,2]>=1 & [3] < 2) | ([4] == 1 xor [5] > 0) follows the boolean structure', () => {
    const ps = new PostSelect('([1,2]>=1 & [3] < 2) | ([4] == 1 xor [5] > 0)');
    expect(ps.toString()).toBe('([1,2]>=1 & [3]<2) | ([4]==1 xor [5]>0)');
    const expected = (o: number[]): boolean =>
      (o[1]! + o[2]! >= 1 && o[3]! < 2) || (o[4] === 1) !== o[5]! > 0;
    for (const occ of fockStates(6, 3)) expect(ps.test(occ), occ.join(',')).toBe(expected(occ));
  });

  it('ignores noise tags', () => {
    const ps = new PostSelect('[1]==1 & [3]==1');
    expect(ps.test(state('|0,{0},0,{1},0,0>'))).toBe(true);
  });
});

describe('PostSelect grammar', () => {
  it('accepts everything when empty', () => {
    for (const text of ['', '   ']) {
      const ps = new PostSelect(text);
      expect(ps.hasCondition).toBe(false);
      expect(ps.root).toEqual({ kind: 'true' });
      expect(ps.test([5, 0, 3])).toBe(true);
      expect(ps.toString()).toBe('');
    }
    expect(new PostSelect().test([])).toBe(true);
  });

  it('reads every comparison and every spelling of the combinators', () => {
    const occ = [1, 0, 2];
    expect(new PostSelect('[0]==1').test(occ)).toBe(true);
    expect(new PostSelect('[0,2]>2').test(occ)).toBe(true);
    expect(new PostSelect('[0,2]>3').test(occ)).toBe(false);
    expect(new PostSelect('[1]<1').test(occ)).toBe(true);
    expect(new PostSelect('[2]<=2').test(occ)).toBe(true);
    expect(new PostSelect('[2]>=3').test(occ)).toBe(false);
    for (const and of ['&', 'and', 'AND', 'And']) {
      expect(new PostSelect(`[0]==1 ${and} [1]==0`).root.kind).toBe('and');
    }
    for (const or of ['|', 'or', 'OR']) {
      expect(new PostSelect(`[0]==0 ${or} [1]==0`).root.kind).toBe('or');
    }
    expect(new PostSelect('[0]==1 xor [1]==0 XOR [2]==2').test(occ)).toBe(true);
    expect(new PostSelect('[0]==1 xor [1]==0').test(occ)).toBe(false);
  });

  it('allows blanks anywhere between tokens', () => {
    const ps = new PostSelect('  ( [ 0 , 1 ] == 1 )&[2]>=0  ');
    expect(ps.toString()).toBe('[0,1]==1 & [2]>=0');
  });

  it('round-trips its canonical text', () => {
    const texts = [
      '[0]>0',
      '[0,1]==1 & [4,5]==1',
      '([1,2]>=1 & [3]<2) | ([4]==1 xor [5]>0)',
      '[0]==1 | ([1]==1 & ([2]==0 xor [3]==1))',
      '([0]==1 & [1]==1) & [2]==1',
    ];
    for (const text of texts) {
      const ps = new PostSelect(text);
      expect(ps.toString()).toBe(text);
      expect(new PostSelect(ps.toString()).root).toEqual(ps.root);
    }
  });

  it('refuses to mix combinators without parentheses, naming the column', () => {
    expect(() => new PostSelect('[0]==1 & [1]==1 | [2]==1')).toThrow(ValidationError);
    expect(() => new PostSelect('[0]==1 & [1]==1 | [2]==1')).toThrow(
      /'or' follows 'and' at the same level: add parentheses to mix them at column 17/,
    );
    expect(() => new PostSelect('[0]==1 xor [1]==1 and [2]==1')).toThrow(/column 19/);
  });

  it('reports malformed text with its column', () => {
    const cases: Array<[string, RegExp]> = [
      ['[0]=1', /expected a comparison \(==, <, >, <=, >=\) but found '=' at column 4/],
      ['[0,]==1', /expected a mode number after ',' but found '\]' at column 4/],
      ['[]==1', /expected a mode number but found '\]' at column 2/],
      ['[0]==', /expected a photon count but found the end of the text at column 6/],
      ['[0]==-1', /expected a photon count but found '-' at column 6/],
      ['[0 1]==1', /expected ',' or '\]' but found '1' at column 4/],
      ['[0]==1 [1]==1', /expected '&', 'and', '\|', 'or' or 'xor' but found '\[' at column 8/],
      ['([0]==1', /expected '\)' to close the '\(' at column 1 but found the end of the text at column 8/],
      ['[0]==1)', /unmatched '\)' at column 7/],
      ['[0]==1 &', /expected a condition .* but found the end of the text at column 9/],
      ['x', /at column 1/],
      ['[0]==1 nand [1]==0', /at column 8/],
    ];
    for (const [text, message] of cases) {
      expect(() => new PostSelect(text), text).toThrow(ValidationError);
      expect(() => new PostSelect(text), text).toThrow(message);
    }
  });

  it('names the field in its errors', () => {
    expect(() => new PostSelect('[0]')).toThrow(expect.objectContaining({ field: 'postselect' }));
  });
});

describe('PostSelect API', () => {
  it('builds conditions fluently, each call returning a new PostSelect', () => {
    const base = new PostSelect();
    const ps = base.eq([0, 1], 1).gt(2, 1);
    expect(ps.toString()).toBe('[0,1]==1 & [2]>1');
    expect(base.hasCondition).toBe(false);
    expect(ps.test(state('|0,1,2>'))).toBe(true);
    expect(ps.test(state('|1,1,2>'))).toBe(false);
    expect(new PostSelect('[0]==0 | [1]==0').le(2, 1).toString()).toBe('([0]==0 | [1]==0) & [2]<=1');
    expect(new PostSelect().ge(3, 1).lt([0, 1], 2).toString()).toBe('[3]>=1 & [0,1]<2');
    expect(() => base.eq([-1], 1)).toThrow(ValidationError);
    expect(() => base.eq([0], 0.5)).toThrow(ValidationError);
  });

  it('merges with and', () => {
    const merged = new PostSelect('[0]==1').merge(new PostSelect('[1]==1 | [2]==1'));
    expect(merged.toString()).toBe('[0]==1 & ([1]==1 | [2]==1)');
    expect(new PostSelect().merge(new PostSelect('[1]==1')).toString()).toBe('[1]==1');
  });

  it('lists the modes it refers to', () => {
    expect(new PostSelect('([3,1]>=1 & [3] < 2) | [0]==1').modes()).toEqual([0, 1, 3]);
    expect(new PostSelect().modes()).toEqual([]);
  });

  it('shifts modes', () => {
    expect(new PostSelect('[0,1]==1 & [2]>0').shiftModes(2).toString()).toBe('[2,3]==1 & [4]>0');
    expect(new PostSelect('[2]==1').shiftModes(-2).toString()).toBe('[0]==1');
    expect(() => new PostSelect('[1]==1').shiftModes(-2)).toThrow(
      expect.objectContaining({ field: 'offset' }),
    );
  });

  it('applies a permutation placed at a first mode', () => {
    // PERM([2,0,1]) on modes 1..3: 1→3, 2→1, 3→2; modes 0 and 4 unchanged.
    const ps = new PostSelect('[0,1]==1 & [2,3,4]==1');
    expect(ps.applyPermutation([2, 0, 1], 1).toString()).toBe('[0,3]==1 & [1,2,4]==1');
    expect(ps.applyPermutation([1, 0]).toString()).toBe('[1,0]==1 & [2,3,4]==1');
    expect(() => ps.applyPermutation([0, 0])).toThrow(expect.objectContaining({ field: 'perm' }));
  });

  it('checks composition and independence as Perceval', () => {
    const ps = new PostSelect('[0,1]==1 & [2,3]==1');
    expect(ps.canComposeWith([0, 1])).toBe(true);
    expect(ps.canComposeWith([4, 5])).toBe(true);
    expect(ps.canComposeWith([1, 2])).toBe(false);
    expect(ps.isIndependentWith(new PostSelect('[4]==0'))).toBe(true);
    expect(ps.isIndependentWith(new PostSelect('[3]==0'))).toBe(false);
  });

  it('checks mode numbers against a state or a mode count', () => {
    const ps = new PostSelect('[0,5]==1');
    expect(() => ps.test([1, 0, 0])).toThrow(/mode 5 but the state has 3 modes/);
    expect(() => ps.checkModes(5)).toThrow(expect.objectContaining({ field: 'postselect' }));
    expect(() => ps.checkModes(6)).not.toThrow();
  });

  it('rebuilds from a syntax tree and validates it', () => {
    const node: PostSelectNode = {
      kind: 'or',
      children: [
        { kind: 'condition', modes: [0], op: '==', value: 1 },
        { kind: 'xor', children: [{ kind: 'condition', modes: [1, 2], op: '>', value: 0 }] },
      ],
    };
    const ps = PostSelect.fromNode(node);
    expect(ps.toString()).toBe('[0]==1 | [1,2]>0');
    expect(ps.test([0, 1, 0])).toBe(true);
    expect(Object.isFrozen(ps.root)).toBe(true);
    expect(() => PostSelect.fromNode({ kind: 'and', children: [] })).toThrow(ValidationError);
    expect(() => PostSelect.fromNode({ kind: 'condition', modes: [0], op: '=' as '==', value: 1 })).toThrow(
      /unknown comparison/,
    );
    expect(() => PostSelect.fromNode({ kind: 'nand' } as unknown as PostSelectNode)).toThrow(/unknown kind/);
  });

  it('compares by canonical text and serialises to it', () => {
    expect(new PostSelect('[0]==1&[1]==1').equals(new PostSelect('[0] == 1 and [1] == 1'))).toBe(true);
    expect(JSON.stringify({ ps: new PostSelect('[0]>0') })).toBe('{"ps":"[0]>0"}');
  });
});

describe('PostSelect within parse limits', () => {
  it('refuses 10,000 nested parentheses with a ValidationError, not a stack overflow (issue 14)', () => {
    const deep = `${'('.repeat(1e4)}[0]==1${')'.repeat(1e4)}`;
    expect(() => new PostSelect(deep)).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        message: expect.stringMatching(/parentheses nest deeper than 64 levels \(maxDepth\) at column 65$/),
      }),
    );
    const deeper = `${'('.repeat(1e6)}[0]==1${')'.repeat(1e6)}`;
    expect(() => new PostSelect(deeper)).toThrow(ValidationError);
  });

  it('accepts nesting up to maxDepth, which can be raised', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}[0]==1${')'.repeat(depth)}`;
    expect(new PostSelect(nested(64)).toString()).toBe('[0]==1');
    expect(() => new PostSelect(nested(65))).toThrow(/maxDepth/);
    expect(new PostSelect(nested(200), { maxDepth: 200 }).toString()).toBe('[0]==1');
  });

  it('refuses a text longer than maxStringLength', () => {
    expect(() => new PostSelect(`${'[0]==1 & '.repeat(20)}[0]==1`, { maxStringLength: 100 })).toThrow(
      /maxStringLength/,
    );
  });

  it('refuses a syntax tree nested deeper than maxDepth', () => {
    let node: PostSelectNode = { kind: 'condition', modes: [0], op: '==', value: 1 };
    for (let k = 0; k < 10_000; k++)
      node = { kind: k % 2 ? 'and' : 'or', children: [node, node] } as PostSelectNode;
    expect(() => PostSelect.fromNode(node)).toThrow(/deeper than 64 levels/);
  });
});

describe('parsePostSelect', () => {
  it('reads conditions and combinators into a tree; blank text accepts everything', () => {
    expect(parsePostSelect('[0,1]==1 & [2]<2')).toEqual({
      kind: 'and',
      children: [
        { kind: 'condition', modes: [0, 1], op: '==', value: 1 },
        { kind: 'condition', modes: [2], op: '<', value: 2 },
      ],
    });
    expect(parsePostSelect('  ')).toEqual({ kind: 'true' });
  });

  it('refuses a text beyond the limits before parsing it, and gives the column of a syntax error', () => {
    const limits = { maxModes: 10, maxPhotons: 10, maxDepth: 2, maxStringLength: 8 };
    expect(() => parsePostSelect('[0]==1 & [1]==0', limits)).toThrow(
      expect.objectContaining({
        field: 'postselect',
        message: expect.stringContaining('limit of 8 characters'),
      }),
    );
    expect(() => parsePostSelect('((([0]==1)))', { ...limits, maxStringLength: 100 })).toThrow(
      ValidationError,
    );
    expect(() => parsePostSelect('[0]=1')).toThrow(/column/);
  });
});
