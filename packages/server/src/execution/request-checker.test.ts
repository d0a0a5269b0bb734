import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { threadNiceValues } from '../testing/thread-priorities.js';
import { RequestChecker } from './request-checker.js';
import { backgroundNiceValue } from './thread-priority.js';

describe('the request checker', () => {
  it.runIf(process.platform === 'linux')(
    'decodes at a lower priority than the event loop, which keeps its own',
    async () => {
      const own = getPriority();
      const expected = backgroundNiceValue(own);
      expect(expected).toBeGreaterThan(own);
      const lowered = () => threadNiceValues().filter((value) => value === expected).length;
      const before = lowered();
      const checker = new RequestChecker({ memoryLimitBytes: 1 << 30, threads: 1 });
      try {
        // A body parsed by the checker: its thread has started and run its first lines once this resolves.
        const body = checker.openBody({ createJob: false });
        body.write(new TextEncoder().encode('{"probe": true}'));
        await expect(body.end()).resolves.toEqual({ probe: true });
        expect(lowered()).toBe(before + 1);
        expect(getPriority()).toBe(own);
      } finally {
        await checker.close();
      }
    },
  );

  it('receives a body in chunks moved or copied, in order, whatever their sizes', async () => {
    const checker = new RequestChecker({ memoryLimitBytes: 1 << 30, threads: 1 });
    try {
      const text = JSON.stringify({ job_name: 'x'.repeat(3_000_000), tags: ['a', 'b'] });
      const bytes = new TextEncoder().encode(text);
      const body = checker.openBody({ createJob: false });
      // Chunks of every size around the batching (1 byte to 1.5 MiB); odd ones own their memory and are moved.
      let at = 0;
      const moved: Uint8Array[] = [];
      for (let i = 0; at < bytes.length; i++) {
        const size = Math.min(bytes.length - at, [1, 7, 65_536, 1_500_000, 300][i % 5]!);
        const owned = i % 2 === 1;
        const chunk = owned ? bytes.slice(at, at + size) : bytes.subarray(at, at + size);
        body.write(chunk, owned);
        if (owned) moved.push(chunk);
        at += size;
      }
      await expect(body.end()).resolves.toEqual(JSON.parse(text));
      // The chunks that own their memory went to the checker's thread (detached here), the views were copied.
      expect(moved.length).toBeGreaterThan(3);
      expect(moved.every((chunk) => chunk.byteLength === 0)).toBe(true);
      expect(bytes.byteLength).toBe(text.length);
    } finally {
      await checker.close();
    }
  });
});
