import { refusedField } from '@bosonic/core/testing';
import { describe, expect, it } from 'vitest';
import { engineThreads, MAX_THREADS } from './threads.js';

describe('engineThreads', () => {
  it('gives the engine 0 (every core) by default, else the count asked for', () => {
    expect(engineThreads(undefined)).toBe(0);
    expect(engineThreads(1)).toBe(1);
    expect(engineThreads(MAX_THREADS)).toBe(MAX_THREADS);
  });

  it('refuses 0, a count above the bound, a fraction or a string, naming threads', () => {
    for (const threads of [0, MAX_THREADS + 1, 1.5, '4', null]) {
      expect(refusedField(() => engineThreads(threads))).toBe('threads');
    }
  });
});
