import { describe, expect, it } from 'vitest';
import { checkShape, INTERFEROMETER_SHAPES } from './interferometer-shape.js';

describe('interferometer shapes', () => {
  it("are Perceval's rectangle (Clements) and triangle (Reck), each accepted as is", () => {
    expect(INTERFEROMETER_SHAPES).toEqual(['rectangle', 'triangle']);
    for (const shape of INTERFEROMETER_SHAPES) expect(checkShape(shape)).toBe(shape);
  });

  it('refuses any other value, naming the field and the shapes expected', () => {
    for (const bad of ['hexagon', 'Rectangle', undefined, 3]) {
      expect(() => checkShape(bad)).toThrow(
        expect.objectContaining({ name: 'ValidationError', field: 'shape' }),
      );
    }
    expect(() => checkShape('hexagon')).toThrow(
      "Unknown interferometer shape 'hexagon' (expected 'rectangle' or 'triangle')",
    );
  });
});
