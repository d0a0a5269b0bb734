import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { WeightedIndex } from './weighted-index.js';

describe('WeightedIndex', () => {
  it('maps a uniform number to the index whose cumulative weight first exceeds it', () => {
    const index = new WeightedIndex([new Float64Array([0.25, 0, 0.5, 0.25])]);
    expect(index.total).toBe(1);
    expect(index.draw(0)).toBe(0);
    expect(index.draw(0.2499)).toBe(0);
    expect(index.draw(0.25)).toBe(2);
    expect(index.draw(0.7499)).toBe(2);
    expect(index.draw(0.75)).toBe(3);
    expect(index.draw(0.9999999)).toBe(3);
  });

  it('never returns an index of weight zero, even when u·total rounds up to the total', () => {
    const index = new WeightedIndex([new Float64Array([0.3, 0.7, 0, 0])]);
    expect(index.draw(1)).toBe(1);
    expect(index.draw(1 - Number.EPSILON)).toBe(1);
  });

  it('numbers indices across segments and blocks', () => {
    const a = new Float64Array(100);
    const b = new Float64Array(200);
    a[70] = 1;
    b[150] = 3;
    const index = new WeightedIndex([a, new Float64Array(0), b]);
    expect(index.total).toBe(4);
    expect(index.draw(0.1)).toBe(70);
    expect(index.draw(0.5)).toBe(250);
  });

  it('draws with the right frequencies', () => {
    const weights = new Float64Array(1000);
    for (let i = 0; i < weights.length; i++) weights[i] = i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0;
    const index = new WeightedIndex([weights]);
    const hits = new Float64Array(weights.length);
    const draws = 200_000;
    for (let k = 0; k < draws; k++) hits[index.draw((k + 0.5) / draws)]!++;
    // A stratified sweep of u reproduces the weights up to one draw per entry.
    for (let i = 0; i < weights.length; i++) {
      expect(Math.abs(hits[i]! - (weights[i]! / index.total) * draws)).toBeLessThanOrEqual(1);
    }
  });

  it('rejects negative or non-finite weights and all-zero distributions', () => {
    expect(() => new WeightedIndex([new Float64Array([0.5, -0.1])])).toThrow(ValidationError);
    expect(() => new WeightedIndex([new Float64Array([Number.NaN])])).toThrow(ValidationError);
    expect(() => new WeightedIndex([new Float64Array([0, 0])]).draw(0.5)).toThrow(
      /every probability is zero/,
    );
  });
});
