// Runs every sample program twice — on the local simulator and on a bosonic server started on 127.0.0.1 — as
// separate processes, and checks what each prints.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { boundedMeanTolerance } from '@bosonic/core/testing';
import { startServer } from '@bosonic/server';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const TOKEN = 'sample-test-token';
let server;

before(async () => {
  server = await startServer({
    dataDir: mkdtempSync(join(tmpdir(), 'bosonic-sample-test-')),
    tokens: [TOKEN],
    logger: false,
  });
});
after(async () => {
  await server?.close();
});

/** Runs `src/<program>.mjs` against `target`; resolves with its exit code and output. */
function run(program, target) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(BOSONIC_|PCVL_)/.test(key)) delete env[key];
  env.BOSONIC_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'bosonic-sample-config-'));
  if (target === 'remote') {
    Object.assign(env, {
      BOSONIC_SAMPLE_TARGET: 'remote',
      BOSONIC_CLOUD_URL: server.url,
      BOSONIC_CLOUD_TOKEN: TOKEN,
    });
  }
  const child = spawn(process.execPath, [join(SRC, `${program}.mjs`)], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs a program and checks it exited 0 and printed where it ran. */
async function runOk(program, target) {
  const result = await run(program, target);
  assert.equal(result.code, 0, `${program} (${target}) failed:\n${result.stdout}\n${result.stderr}`);
  if (program !== 'resume') {
    assert.match(
      result.stdout,
      target === 'remote' ? /^Target: sim:\w+ at http:\/\/127\.0\.0\.1:\d+$/m : /^Target: local simulator/m,
    );
  }
  return result.stdout;
}

// Each program is a process of its own with its own config directory, and the server serves every remote one, so
// they run side by side: a program waiting on the server or on its own polling leaves the cores to the others.
describe('sample programs', { concurrency: 2 }, () => {
  for (const target of ['local', 'remote']) {
    describe(target, { concurrency: 3 }, () => {
      it('execute-sync: executeSync and calling the job both return Hong-Ou-Mandel counts', async () => {
        const out = await runOk('execute-sync', target);
        for (const how of ['executeSync', 'job\\(\\.\\.\\.args\\)']) {
          const line = out.match(
            new RegExp(
              `^${how}: 10000 samples, \\|2,0> (\\d+), \\|0,2> (\\d+), \\|1,1> 0 \\(global perf 1\\)$`,
              'm',
            ),
          );
          assert.ok(line, `${how} line missing:\n${out}`);
          assert.equal(Number(line[1]) + Number(line[2]), 10000);
          // |2,0> has probability ½: over 10,000 shots its count stays within 10,000 × Hoeffding's tolerance at
          // α = 1e-6 of 5,000 (the probs-to-counts conversion perturbs like sampling noise).
          const tolerance = 10_000 * boundedMeanTolerance(1, 10_000, 1e-6);
          assert.ok(
            Math.abs(Number(line[1]) - 5000) < tolerance,
            'HOM splits evenly between |2,0> and |0,2>',
          );
        }
      });

      it('execute-async: polls isComplete and status.progress, then reads the results', async () => {
        const out = await runOk('execute-async', target);
        const progress = [...out.matchAll(/^progress (\d\.\d\d)$/gm)].map((m) => Number(m[1]));
        assert.ok(progress.length >= 1, 'progress was polled at least once');
        for (let i = 1; i < progress.length; i++)
          assert.ok(progress[i] >= progress[i - 1], 'progress never goes back');
        assert.match(out, /^complete: SUCCESS, progress 1$/m);
        assert.match(out, /^40000 samples over \d+ distinct output states$/m);
      });

      it('failure: detects the failed job and prints its stop message', async () => {
        const out = await runOk('failure', target);
        assert.match(out, /^failed: ERROR$/m);
        // Locally the run fails; a server refuses the job at creation, and the launch fails with its answer.
        const reason = target === 'local' ? 'ValidationError: ' : 'HttpError: POST /api/job answered 400: ';
        assert.equal(/^launch failed: JobError$/m.test(out), target === 'remote', out);
        assert.match(out, new RegExp(`^stop message: ${reason}Parameter 'phi' .*has no value`, 'm'));
        assert.match(out, new RegExp(`^getResults\\(\\) threw JobError: ${reason}Parameter 'phi'`, 'm'));
      });

      it('cancel: cancels a running job and reads its partial results', async () => {
        const out = await runOk('cancel', target);
        assert.match(out, /^after cancel\(\): (CANCEL_REQUESTED|CANCELED)$/m);
        const running = out.match(/^running: RUNNING, progress (\d\.\d+)$/m);
        const ended = out.match(/^ended: CANCELED at progress (\d\.\d+) /m);
        assert.ok(running && ended, out);
        // The progress reached survives the cancel: at least what was seen running, not the 1 of a finished job.
        assert.ok(Number(ended[1]) >= Number(running[1]) && Number(ended[1]) < 1, out);
        const kept = out.match(/^partial results: (\d+) samples of the 1000000 asked for$/m);
        assert.ok(kept, out);
        assert.ok(Number(kept[1]) > 0 && Number(kept[1]) < 1_000_000);
        assert.match(out, /^first sample: \|[\d,]+>$/m);
      });

      it('resume: a new process resumes the remote job from its id and gets its results', async () => {
        const out = await runOk('resume', target);
        const sent = out.match(/^\[pid (\d+)\] sent job ([0-9a-f-]{36})$/m);
        assert.ok(sent, out);
        const resumed = out.match(/^\[pid (\d+)\] resumed job ([0-9a-f-]{36}): \w+$/m);
        assert.ok(resumed, out);
        assert.notEqual(resumed[1], sent[1], 'resumed in another process');
        assert.equal(resumed[2], sent[2], 'the same job');
        assert.match(out, /^\[pid \d+\] SUCCESS: 20000 samples$/m);
        if (target === 'local')
          assert.match(out, /^Serving a cloud of our own at http:\/\/127\.0\.0\.1:\d+$/m);
      });

      it('gate-characterisation: the catalog CNOTs have fidelity 1, performance 1/9 and 2/27; meshes round-trip', async () => {
        const out = await runOk('gate-characterisation', target);
        assert.match(out, /^postprocessed cnot: performance 0\.111111, fidelity 1\.000000$/m);
        assert.match(out, /^heralded cnot: performance 0\.074074, fidelity 1\.000000$/m);
        assert.match(out, /^klm cnot: performance 0\.\d+, fidelity 1\.000000$/m);
        assert.match(
          out,
          /^heralded cnot tomography: process fidelity 1\.000000, average fidelity 1\.000000, efficiency 0\.074074$/m,
        );
        const noisy = out.match(/^with indistinguishability 0\.9 \(local\): process fidelity (0\.\d+)$/m);
        assert.ok(noisy && Number(noisy[1]) < 1, out);
        for (const shape of ['rectangle', 'triangle']) {
          const line = out.match(new RegExp(`^${shape}: 28 cells, max \\|U_mesh − U\\| = (\\S+)$`, 'm'));
          assert.ok(line, out);
          assert.ok(Number(line[1]) < 1e-10);
        }
      });

      it('status: reads the job status metadata before, during and after the run', async () => {
        const out = await runOk('status', target);
        assert.match(out, /^before: status=WAITING progress=0\.00$/m);
        assert.match(out, /^during: status=(WAITING|RUNNING|SUCCESS) /m);
        assert.match(out, /^after: status=SUCCESS progress=1\.00$/m);
        const after = out.slice(out.indexOf('after:'));
        assert.match(
          after,
          /creationTime=\d{4}-\d\d-\d\dT[\d:.]+Z startTime=\d{4}-[\d\-T:.]+Z stopTime=\d{4}-[\d\-T:.]+Z/,
        );
        assert.match(after, /completed=true success=true failed=false/);
      });
    });
  }
});
