#!/usr/bin/env node
// `prepack` of every platform package (npm/<tuple>): refuses to pack one without its binary, or with a binary built
// for another platform, so a release can never publish an empty `@bosonic/simulator-<tuple>` (which installs fine
// and then fails to load). Runs in the platform package's folder, as npm and pnpm run lifecycle scripts.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TARGETS } from './targets.mjs';

/** Executable formats by the first bytes of the file, and the machine field of an ELF header. */
const ELF_MACHINE = { x64: 62, arm64: 183 };
const MACH_O_CPU = { x64: 0x01000007, arm64: 0x0100000c };

/** Why `file` is not a loadable addon for `target`, or undefined when it is. */
export function binaryProblem(file, target) {
  let size;
  try {
    size = statSync(file).size;
  } catch {
    return `${file} is missing: build it (pnpm --filter @bosonic/simulator build:native on this platform) or collect it with napi artifacts (the release workflow does)`;
  }
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (size < header.length) return `${file} is ${size} bytes, not a native library`;
  if (target.os === 'linux') {
    if (header.readUInt32BE(0) !== 0x7f454c46) return `${file} is not an ELF library (a Linux binary)`;
    const machine = header.readUInt16LE(18);
    if (machine !== ELF_MACHINE[target.cpu])
      return `${file} is built for ELF machine ${machine}, not ${target.cpu} (${ELF_MACHINE[target.cpu]})`;
  } else if (target.os === 'darwin') {
    if (header.readUInt32LE(0) !== 0xfeedfacf)
      return `${file} is not a 64-bit Mach-O library (a macOS binary)`;
    const cpu = header.readUInt32LE(4);
    if (cpu !== MACH_O_CPU[target.cpu]) return `${file} is built for Mach-O CPU ${cpu}, not ${target.cpu}`;
  }
  return undefined;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const target = Object.values(TARGETS).find((t) => manifest.name === `@bosonic/simulator-${t.tuple}`);
  const problem =
    target === undefined
      ? `${manifest.name} is not the platform package of a target in scripts/targets.mjs`
      : binaryProblem(manifest.main, target);
  if (problem !== undefined) {
    console.error(`${manifest.name}: refusing to pack: ${problem}`);
    process.exit(1);
  }
}
