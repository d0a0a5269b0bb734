// The workspace's published packages, as the packaging and README tests need them: one list, so that a package
// added to the release is packed, installed and allowed in the READMEs' install lines at once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './readme-blocks.js';

/** The folders of the packages a release publishes (the platform packages aside), relative to the root. */
export const PUBLISHED_PACKAGE_DIRS: readonly string[] = [
  'packages/core',
  'packages/protocol',
  'packages/simulator',
  'packages/cloud',
  'packages/server',
  'apps/cli',
];

/** The npm name of the workspace package in `dir` (relative to the root). */
export function packageName(dir: string): string {
  return (JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string }).name;
}
