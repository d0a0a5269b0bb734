import { BasicState, BSCount, BSDistribution, Circuit, NoiseModel, PS, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from './deserialize.js';
import { serialize } from './serialize.js';

const COUNTS_ZIP = ':PCVL:zip:eJyzCnAO87FyCnbOL80rsaquMdQxsLM1sTAxtK4x0DEEMc1NrYGiQKaRUS0ANq4Mig==';

function counts(): BSCount {
  return new BSCount([
    ['|1,0>', 4841],
    ['|0,1>', 4875],
    ['|1,1>', 22],
  ]);
}

describe('serialize', () => {
  it("compresses each type by Perceval's default", () => {
    expect(serialize(counts())).toBe(COUNTS_ZIP);
    expect(serialize(BasicState.parse('|1,1>'))).toBe(':PCVL:BasicState:|1,1>');
    expect(serialize(new NoiseModel({ g2: 0.01 }))).toBe(':PCVL:NoiseModel:{"g2": 0.01}');
    expect((serialize(new Circuit(1).add(0, new PS(1))) as string).startsWith(':PCVL:zip:')).toBe(true);
  });

  it('forces compression on or off, or on for the listed tags only', () => {
    expect(serialize(counts(), { compress: false })).toBe(':PCVL:BSCount:{|1,0>=4841;|0,1>=4875;|1,1>=22}');
    expect((serialize(BasicState.parse('|1>'), { compress: true }) as string).startsWith(':PCVL:zip:')).toBe(
      true,
    );
    const listed = serialize(
      { a: counts(), b: BasicState.parse('|1>') },
      { compress: ['BasicState'] },
    ) as Record<string, string>;
    expect(listed.a).toBe(':PCVL:BSCount:{|1,0>=4841;|0,1>=4875;|1,1>=22}');
    expect(listed.b?.startsWith(':PCVL:zip:')).toBe(true);
  });

  it('walks plain objects, arrays and Maps, leaving JSON values alone', () => {
    const results = {
      results_list: [
        { results: counts(), iteration: { circuit_params: { phi: 0.5 } }, global_perf: 1 },
        { results: new BSDistribution([['|1,0>', 1]]), iteration: {}, global_perf: 0.5 },
      ],
      job_context: { result_mapping: ['perceval.utils', 'probs_to_sample_count'] },
      note: null,
    };
    const out = serialize(results) as typeof results & { results_list: { results: string }[] };
    expect(out.results_list[0]?.results).toBe(COUNTS_ZIP);
    expect(out.results_list[0]?.iteration).toEqual({ circuit_params: { phi: 0.5 } });
    expect(out.job_context).toEqual(results.job_context);
    expect(out.note).toBeNull();
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    const keyed = serialize(new Map([[BasicState.parse('|1,0>'), 3]]));
    expect(keyed).toEqual({ ':PCVL:BasicState:|1,0>': 3 });
  });

  it('returns primitives and unknown objects as they are', () => {
    expect(serialize(3)).toBe(3);
    expect(serialize('text')).toBe('text');
    const date = new Date(0);
    expect(serialize(date)).toBe(date);
  });

  it('refuses a structure that contains itself', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => serialize(loop)).toThrow(ValidationError);
  });

  it('round-trips with deserialize', () => {
    const value = { results: counts(), global_perf: 0.25 };
    const back = deserialize(JSON.parse(JSON.stringify(serialize(value)))) as {
      results: BSCount;
      global_perf: number;
    };
    expect(back.global_perf).toBe(0.25);
    expect(back.results.get('|0,1>')).toBe(4875);
  });
});
