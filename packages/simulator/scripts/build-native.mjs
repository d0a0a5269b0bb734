#!/usr/bin/env node
// Builds the native addon for this machine and puts it where its platform package ships it (napi-rs's artifacts
// layout): npm/<tuple>/bosonic.<tuple>.node. A plain `cargo build` of the raw Node-API crate (crates/node uses no
// napi-rs crate, so `napi build` has no bindings to generate and only warns about it), in the same release profile
// and target directory as `cargo test --release`, so the tests reuse the engine this build compiled.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryName, TARGETS } from './targets.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const host = /^host: (.+)$/m.exec(execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))?.[1];
const target = host === undefined ? undefined : TARGETS[host];

const build = spawnSync('cargo', ['build', '--release', '-p', 'bosonic-node'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const library =
  process.platform === 'win32'
    ? 'bosonic_node.dll'
    : process.platform === 'darwin'
      ? 'libbosonic_node.dylib'
      : 'libbosonic_node.so';
const built = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'release', library);
if (target === undefined) {
  console.error(
    `No platform package for ${host} (packages exist for ${Object.keys(TARGETS).join(', ')}).\n` +
      `Built ${built}: load it with BOSONIC_NATIVE_LIBRARY_PATH=${built}`,
  );
  process.exit(1);
}
const destination = join(root, 'npm', target.tuple, binaryName(target.tuple));
// Copy, then rename over the old file: a process that has the old addon loaded keeps its own copy.
copyFileSync(built, `${destination}.tmp`);
renameSync(`${destination}.tmp`, destination);
console.log(`${destination}`);
