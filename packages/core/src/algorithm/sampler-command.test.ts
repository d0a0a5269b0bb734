import { describe, expect, it } from 'vitest';
import {
  checkCommand,
  converterName,
  isSamplingCommand,
  SAMPLER_COMMANDS,
  selectPrimitive,
} from './sampler-command.js';

describe('sampler commands', () => {
  it("are Perceval's three, in its order, under their wire names", () => {
    expect(SAMPLER_COMMANDS).toEqual(['probs', 'sample_count', 'samples']);
    expect(Object.isFrozen(SAMPLER_COMMANDS)).toBe(true);
  });

  it('need a sample or shot limit except probs', () => {
    expect(SAMPLER_COMMANDS.map(isSamplingCommand)).toEqual([false, true, true]);
  });

  it('checkCommand returns a known command and names the field of an unknown one', () => {
    for (const command of SAMPLER_COMMANDS) expect(checkCommand(command)).toBe(command);
    expect(() => checkCommand('sample-count')).toThrow(
      expect.objectContaining({
        name: 'ValidationError',
        field: 'command',
        message: "Unknown sampler command 'sample-count' (expected one of probs, sample_count, samples)",
      }),
    );
  });

  it("fall back in Perceval's order, and name the converter of the fallback", () => {
    expect(selectPrimitive('sample_count', ['samples'])).toBe('samples');
    expect(selectPrimitive('probs', ['samples'])).toBe('samples');
    expect(selectPrimitive('samples', ['probs', 'sample_count'])).toBe('probs');
    expect(selectPrimitive('samples', [])).toBeUndefined();
    expect(converterName('sample_count', 'probs')).toBe('probs_to_sample_count');
    expect(converterName('probs', 'probs')).toBeUndefined();
  });
});
