import { describe, expect, it } from 'vitest';
import { CallableInstance } from './callable-instance.js';

// biome-ignore lint/correctness/noUnusedVariables: merged into the class below (biome does not see the merge)
interface Doubler {
  // biome-ignore lint/style/useShorthandFunctionType: merges a call signature into the class
  (x: number): number;
}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only adds the call signature CallableInstance implements
class Doubler extends CallableInstance<[number], number> {
  calls = 0;
  #label = 'doubler';

  get name(): string {
    return this.#label;
  }

  set name(value: string) {
    this.#label = value;
  }

  protected invoke(x: number): number {
    this.calls += 1;
    return 2 * x;
  }
}

describe('CallableInstance', () => {
  it('makes instances functions that run invoke with this = the instance', () => {
    const d = new Doubler();
    expect(typeof d).toBe('function');
    expect(d(21)).toBe(42);
    expect(d.calls).toBe(1);
  });

  it('keeps instanceof, subclass fields and private fields working', () => {
    const d = new Doubler();
    expect(d).toBeInstanceOf(Doubler);
    expect(d).toBeInstanceOf(CallableInstance);
    expect(Object.keys(d)).toEqual(['calls']);
  });

  it('lets a subclass accessor own `name` (the function name is removed)', () => {
    const d = new Doubler();
    expect(d.name).toBe('doubler');
    d.name = 'renamed';
    expect(d.name).toBe('renamed');
    expect(Object.getOwnPropertyDescriptor(d, 'name')).toBeUndefined();
  });

  it('cannot be used as a constructor and exposes no prototype property', () => {
    const d = new Doubler() as unknown as new () => unknown;
    expect(() => new d()).toThrow(TypeError);
    expect(Object.hasOwn(d, 'prototype')).toBe(false);
  });
});
