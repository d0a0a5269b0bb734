import { deflateSync } from 'node:zlib';
import { BasicState, BSCount, ValidationError } from '@bosonic/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS } from './decode-limits.js';
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

/** `:PCVL:zip:` of the BasicState |0,0,…,0,1> of `modes` modes (Node's zlib at level 9: the attacker's best). */
function zippedWideState(modes: number): string {
  const head = ':PCVL:BasicState:|';
  const text = Buffer.alloc(head.length + 2 * modes);
  text.write(head);
  text.fill('0,', head.length, head.length + 2 * (modes - 1));
  text.write('1>', head.length + 2 * (modes - 1));
  return `:PCVL:zip:${deflateSync(text, { level: 9 }).toString('base64')}`;
}

describe('deserialize within limits (issue 14)', () => {
  let attack = '';
  beforeAll(() => {
    attack = zippedWideState(100_000_000);
  }, 120_000);

  it('refuses a 260 kB zip: BasicState of 100 million modes at once, in bounded memory', () => {
    // The payload of the attack: it inflates to 200 MB of text. Decoding holds at most the 4 Mi characters of
    // maxStringLength, one inflate step (4 KiB of input, at most about 4 MB of output) and the compressed
    // bytes: about 20 MB in all. The 256 MB bound below is generous (the heap grows in steps, the
    // collector runs when it likes); before the fix this payload took the process past 2 GB and then down.
    expect(attack.length).toBeLessThan(300_000);
    const before = process.memoryUsage().rss;
    expect(() => deserialize({ payload: { iterator: [{ input_state: attack }] } })).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        field: 'payload.iterator[0].input_state',
        message: expect.stringMatching(
          /The :PCVL:BasicState body is longer than the limit of 4194304 characters \(maxStringLength\)/,
        ),
      }),
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
  });

  it('stops inflating at maxInflatedBytes, whatever the other limits', () => {
    const before = process.memoryUsage().rss;
    expect(() =>
      deserialize(attack, {
        limits: { maxInflatedBytes: 1_000_000, maxStringLength: Number.POSITIVE_INFINITY },
      }),
    ).toThrow(
      expect.objectContaining({
        field: 'zip',
        message: 'The :PCVL:zip: payload inflates to more than the limit of 1000000 bytes (maxInflatedBytes)',
      }),
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
  });

  it("checks a platform's published limits on states while parsing them", () => {
    const limits = { maxModes: 24, maxPhotons: 12 };
    expect(deserialize(':PCVL:BasicState:|1,1>', { limits })).toBeInstanceOf(BasicState);
    expect(() => deserialize(`:PCVL:BasicState:|${new Array(25).fill(0).join(',')}>`, { limits })).toThrow(
      /more than 24 modes \(maxModes\)/,
    );
    expect(() => deserialize(':PCVL:BasicState:|13,0>', { limits })).toThrow(
      /more than 12 photons \(maxPhotons\)/,
    );
    expect(() => deserialize(':PCVL:BSCount:{|7,6>=3}', { limits })).toThrow(/more than 12 photons/);
    expect(() => deserialize(`:PCVL:BSCount:{|${new Array(30).fill(0).join(',')}>=3}`, { limits })).toThrow(
      /more than 24 modes/,
    );
  });

  it('bounds the nesting of objects and arrays by maxDepth', () => {
    let deep: unknown = ':PCVL:BasicState:|1>';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(() => deserialize(deep)).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        message: expect.stringMatching(/deeper than 64 levels \(maxDepth\)$/),
      }),
    );
    let shallow: unknown = ':PCVL:BasicState:|1>';
    for (let level = 0; level < 64; level++) shallow = { a: shallow };
    expect(() => deserialize(shallow)).not.toThrow();
  });

  it('refuses limits that are not positive integers or Infinity, and unknown ones', () => {
    expect(() => deserialize('x', { limits: { maxModes: 0 } })).toThrow(
      expect.objectContaining({ field: 'limits.maxModes' }),
    );
    expect(() => deserialize('x', { limits: { maxModels: 3 } as never })).toThrow(
      /Unknown parse limit 'maxModels'/,
    );
    expect(DEFAULT_DECODE_LIMITS.maxInflatedBytes).toBe(2 ** 30);
  });

  it('refuses samples that would expand past maxInflatedBytes when decoded', () => {
    const indices = new Array(1000).fill(0).join(';');
    const text = `:PCVL:BSSamples:|${new Array(100).fill(0).join(',')}>/${indices}`;
    // 104 bytes a sample (100 decoded, 4 for its index while reading): the 481st passes 50,000.
    expect(() => deserialize(text, { limits: { maxInflatedBytes: 50_000 } })).toThrow(
      /481 samples of 100 modes would take more than the limit of 50000 bytes \(maxInflatedBytes\)/,
    );
    expect(deserialize(text)).toHaveProperty('length', 1000);
    // Samples of no mode cost their index alone, and decode to a count, not one object each.
    const vacuum = `:PCVL:BSSamples:|>/${new Array(20_000).fill(0).join(';')}`;
    expect(() => deserialize(vacuum, { limits: { maxInflatedBytes: 40_000 } })).toThrow(
      /10001 samples of 0 modes/,
    );
    expect(deserialize(vacuum)).toHaveProperty('length', 20_000);
  });
});
