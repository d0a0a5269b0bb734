import { BasicState, BSCount, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize, deserializeAs } from './deserialize.js';
import { compressPcvl } from './zip.js';

const COUNTS_ZIP = ':PCVL:zip:eJyzCnAO87FyCnbOL80rsaquMdQxsLM1sTAxtK4x0DEEMc1NrYGiQKaRUS0ANq4Mig==';

describe('deserialize', () => {
  it('reads plain and zip: strings, and leaves other values alone', () => {
    expect(deserialize(':PCVL:BasicState:|1,1>')).toBeInstanceOf(BasicState);
    expect(deserialize(COUNTS_ZIP)).toBeInstanceOf(BSCount);
    expect(deserialize('sample_count')).toBe('sample_count');
    expect(deserialize(0.5)).toBe(0.5);
    expect(deserialize(null)).toBeNull();
  });

  it('walks a results object as the cloud returns it', () => {
    const out = deserialize({
      results: COUNTS_ZIP,
      global_perf: 0.8,
      job_context: { result_mapping: ['perceval.utils', 'probs_to_sample_count'] },
    }) as { results: BSCount; global_perf: number; job_context: unknown };
    expect(out.results.get('|1,0>')).toBe(4841);
    expect(out.global_perf).toBe(0.8);
    expect(out.job_context).toEqual({ result_mapping: ['perceval.utils', 'probs_to_sample_count'] });
  });

  it('refuses an unknown tag in strict mode (the default), naming it', () => {
    try {
      deserialize(':PCVL:FFConfigurator:abc');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('FFConfigurator');
      expect((error as Error).message).toMatch(/No deserializer for :PCVL:FFConfigurator/);
    }
  });

  it('keeps an unknown tag as raw text with strict: false, compressed or not', () => {
    const zipped = compressPcvl(':PCVL:FFConfigurator:abc');
    const out = deserialize(
      { a: ':PCVL:FFConfigurator:abc', b: zipped, c: COUNTS_ZIP },
      { strict: false },
    ) as Record<string, unknown>;
    expect(out.a).toBe(':PCVL:FFConfigurator:abc');
    expect(out.b).toBe(zipped);
    expect(out.c).toBeInstanceOf(BSCount);
  });

  it('still refuses malformed known types with strict: false', () => {
    expect(() => deserialize(':PCVL:BSCount:{|1,0>=x}', { strict: false })).toThrow(ValidationError);
  });

  it('names the path of a malformed value inside an object', () => {
    try {
      deserialize({ results_list: [{ results: COUNTS_ZIP }, { results: ':PCVL:BSCount:oops' }] });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).field).toBe('results_list[1].results');
      expect((error as Error).message).toMatch(/^results_list\[1\]\.results: Malformed :PCVL:BSCount/);
    }
  });

  it.each([
    [':PCVL:', /expected ':PCVL:<Tag>:<body>'/],
    [':PCVL:BasicState', /expected ':PCVL:<Tag>:<body>'/],
    [':PCVL::|1>', /expected ':PCVL:<Tag>:<body>'/],
    [':PCVL:zip:###', /base64/],
    [':PCVL:zip:aGVsbG8=', /zlib/],
    [compressPcvl('plain text'), /after inflating/],
    [compressPcvl(COUNTS_ZIP), /after inflating/],
  ])('refuses the malformed string %s', (text, message) => {
    expect(() => deserialize(text)).toThrow(ValidationError);
    expect(() => deserialize(text)).toThrow(message);
  });
});

describe('deserializeAs', () => {
  it('returns the object when the tag is the expected one', () => {
    expect(deserializeAs(COUNTS_ZIP, 'BSCount').get('|1,1>')).toBe(22);
    expect(deserializeAs(':PCVL:BasicState:|0,1>', 'BasicState').n).toBe(1);
  });

  it('refuses another tag or a non-:PCVL: value, naming the expected tag', () => {
    expect(() => deserializeAs(COUNTS_ZIP, 'ACircuit')).toThrow(
      'Expected a :PCVL:ACircuit string, got a :PCVL:BSCount one',
    );
    expect(() => deserializeAs('BS()', 'ACircuit')).toThrow(ValidationError);
    expect(() => deserializeAs(42, 'ACircuit')).toThrow(ValidationError);
    try {
      deserializeAs(COUNTS_ZIP, 'ACircuit');
    } catch (error) {
      expect((error as ValidationError).field).toBe('ACircuit');
    }
  });
});
