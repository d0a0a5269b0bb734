import { ValidationError } from '@bosonic/core';
import { deflate } from 'pako';
import { describe, expect, it } from 'vitest';
import { compressPcvl, inflatePcvl, inflatePieces, PcvlZipWriter } from './zip.js';

// Pairs from docs/wire-protocol.md, Serialization, compressed there with Python's zlib + base64.
const PYTHON_COMPRESSED: [string, string][] = [
  [
    ':PCVL:BSCount:{|1,0>=4841;|0,1>=4875;|1,1>=22}',
    ':PCVL:zip:eJyzCnAO87FyCnbOL80rsaquMdQxsLM1sTAxtK4x0DEEMc1NrYGiQKaRUS0ANq4Mig==',
  ],
  [
    ':PCVL:BSDistribution:{|1,0>=0.487179;|0,1>=0.487179;|1,1>=0.001923}',
    ':PCVL:zip:eJyzCnAO87FyCnbJLC4pykwqLcnMz7OqrjHUMbCzNdAzsTA3NLe0rjHQMUTmGkK4BgaGlkbGtQCncRJF',
  ],
];

/** The circuit BS()//PS(pi/4)//BS() of docs/wire-protocol.md, as Perceval compresses it. */
const CIRCUIT_ZIP =
  ':PCVL:zip:eJyzCnAO87FydM4sSi7NLLFydfTM9K9wdI7MSg52DsyO9AkNCtWu9DANqMj3cg50hAPP9GwvBM+xEKgWwXPxRFNrEegYlu/jDNTj7mzoGhZQnGEWYkF1ewCY7jxM';

describe('the zip: form', () => {
  it.each(PYTHON_COMPRESSED)('inflates Python-compressed %s back to its text', (text, zipped) => {
    expect(inflatePcvl(zipped)).toBe(text);
  });

  it.each(PYTHON_COMPRESSED)('compresses %s to the very bytes Python produces', (text, zipped) => {
    expect(compressPcvl(text)).toBe(zipped);
  });

  it("reproduces Python's bytes for the protobuf circuit of docs/wire-protocol.md too", () => {
    const text = inflatePcvl(CIRCUIT_ZIP);
    expect(text.startsWith(':PCVL:ACircuit:EAIiOxACYjcSCQkYLURU+yH5Px')).toBe(true);
    expect(compressPcvl(text)).toBe(CIRCUIT_ZIP);
  });

  it('round-trips non-ASCII text as UTF-8', () => {
    const text = ':PCVL:PostSelect:[0]==1 ∧ é';
    expect(inflatePcvl(compressPcvl(text))).toBe(text);
  });

  it('leaves uncompressed strings alone', () => {
    expect(inflatePcvl(':PCVL:BasicState:|1,1>')).toBe(':PCVL:BasicState:|1,1>');
  });

  it.each([
    [':PCVL:zip:not base64!', /base64/],
    [':PCVL:zip:eJyzCnAO87FyCnbOL80rsaquMdQxsLM1sTAxtK4x0DEEMc1NrYGiQKaRUS0ANq4Mig', /base64/],
    [':PCVL:zip:aGVsbG8gd29ybGQ=', /zlib/],
    [':PCVL:zip:eJyzCnAO87FyCnbOL80rsaquMdQxsLM1sTAxtK4x0DEE', /zlib/],
    [
      `:PCVL:zip:${Buffer.from(compressPcvl('hello').slice(10), 'base64').toString('base64')}`,
      /not an uncompressed/,
    ],
  ])('refuses the malformed %s', (text, message) => {
    expect(() => inflatePcvl(text)).toThrow(ValidationError);
    expect(() => inflatePcvl(text)).toThrow(message);
  });
});

describe('the streamed compressor', () => {
  it('gives the same bytes whatever the pieces, and the same as compressing the text at once', () => {
    const entries = Array.from(
      { length: 20_000 },
      (_, i) => `|${i % 7},${i % 11},${i % 13}>=${(i % 997) / 1000}`,
    );
    const text = `:PCVL:BSDistribution:{${entries.join(';')}}`;
    expect(text.length).toBeGreaterThan(200_000);
    const oneShot = `:PCVL:zip:${Buffer.from(deflate(new TextEncoder().encode(text), { level: 6, legacyHash: true })).toString('base64')}`;
    const writer = new PcvlZipWriter();
    writer.write(':PCVL:BSDistribution:{');
    entries.forEach((entry, i) => {
      writer.write(i === 0 ? entry : `;${entry}`);
    });
    writer.write('}');
    expect(writer.finish()).toBe(oneShot);
    expect(compressPcvl(text)).toBe(oneShot);
    expect(inflatePcvl(oneShot)).toBe(text);
  });

  it('inflates in pieces that join to the original text', () => {
    const text = `:PCVL:BSSamples:${'|1,0>;'.repeat(50_000)}|0,1>/0`;
    const pieces = [...inflatePieces(compressPcvl(text))];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(text);
  });
});

describe('inflating within a size cap', () => {
  it('stops as soon as the inflated text passes maxInflatedBytes, having yielded less than the cap', () => {
    const zipped = compressPcvl(`:PCVL:BSCount:{${'|1,0>=1;'.repeat(100_000)}|0,1>=2}`);
    let yielded = 0;
    expect(() => {
      for (const piece of inflatePieces(zipped, 100_000)) yielded += piece.length;
    }).toThrow(
      expect.objectContaining({
        field: 'zip',
        message: 'The :PCVL:zip: payload inflates to more than the limit of 100000 bytes (maxInflatedBytes)',
      }),
    );
    expect(yielded).toBeLessThanOrEqual(100_000);
    expect(() => inflatePcvl(zipped, { maxInflatedBytes: 1000 })).toThrow(/maxInflatedBytes/);
    expect(inflatePcvl(zipped)).toHaveLength(800_023);
  });
});
