/**
 * The release targets (`napi.targets` in package.json) with the Node.js names their platform packages are chosen
 * by: `tuple` is napi-rs's platform name (`@bosonic/simulator-<tuple>`, `bosonic.<tuple>.node`), `os`/`cpu`/`libc`
 * are `process.platform`, `process.arch` and the C library, as npm matches them against a package's manifest.
 */
export const TARGETS = {
  'x86_64-unknown-linux-gnu': { tuple: 'linux-x64-gnu', os: 'linux', cpu: 'x64', libc: 'glibc' },
  'aarch64-unknown-linux-gnu': { tuple: 'linux-arm64-gnu', os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'x86_64-unknown-linux-musl': { tuple: 'linux-x64-musl', os: 'linux', cpu: 'x64', libc: 'musl' },
  'aarch64-unknown-linux-musl': { tuple: 'linux-arm64-musl', os: 'linux', cpu: 'arm64', libc: 'musl' },
  'x86_64-apple-darwin': { tuple: 'darwin-x64', os: 'darwin', cpu: 'x64' },
  'aarch64-apple-darwin': { tuple: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
};

/** The file name of the addon inside the platform package of `tuple`. */
export function binaryName(tuple) {
  return `bosonic.${tuple}.node`;
}
