/**
 * Starts the test cloud on a worker thread. Worker threads run JavaScript, so the test cloud's TypeScript
 * sources are transpiled (types stripped, nothing bundled) into `node_modules/.cache/` of this package, where
 * their imports of `@bosonic/*` resolve as they do from `src/`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import type { TestCloudThreadOptions } from './test-cloud-worker.js';

const SOURCES = ['cloud-test-server', 'fixtures', 'test-cloud-worker'];

export interface TestCloudThread {
  url: string;
  /** The jobs the cloud holds (id, wire status). */
  jobs(): Promise<{ id: string; status: string }[]>;
  close(): Promise<void>;
}

export async function startTestCloudThread(options: TestCloudThreadOptions = {}): Promise<TestCloudThread> {
  const outDir = new URL('../../node_modules/.cache/bosonic-test-cloud/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  // Inside node_modules, a file's module type does not come from this package's package.json.
  writeFileSync(new URL('package.json', outDir), '{ "type": "module" }\n');
  for (const name of SOURCES) {
    const source = readFileSync(new URL(`./${name}.ts`, import.meta.url), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(new URL(`${name}.js`, outDir), outputText);
  }
  const worker = new Worker(fileURLToPath(new URL('test-cloud-worker.js', outDir)), { workerData: options });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { url: string }) => resolve(message.url));
  });
  return {
    url,
    jobs: () =>
      new Promise((resolve) => {
        worker.once('message', (message: { jobs: { id: string; status: string }[] }) =>
          resolve(message.jobs),
        );
        worker.postMessage('jobs');
      }),
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
