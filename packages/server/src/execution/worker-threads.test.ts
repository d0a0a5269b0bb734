import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './worker-threads.js';

describe('workerExecArgv', () => {
  it("keeps the process's Node flags but not those about its entry point", () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'code()', '--expose-gc'])).toEqual(['--expose-gc']);
    expect(workerExecArgv(['--eval=code()', '--max-old-space-size=512', '-p', '1+1'])).toEqual([
      '--max-old-space-size=512',
    ]);
    expect(workerExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps']);
  });
});
