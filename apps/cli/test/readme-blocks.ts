// The fenced code blocks of the project's READMEs, so that tests can type-check and run every example a reader
// copies (root README, each package's, the platform packages').
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One fenced block of a README. */
export interface ReadmeBlock {
  /** The README, relative to the repository root. */
  readme: string;
  /** 1-based index of the block among that README's blocks of the same language. */
  index: number;
  /** The info string after the fence (`ts`, `sh`, `json`). */
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

/** Every README of the repository: the root's, then each package's and app's, then the platform packages'. */
export function readmes(): string[] {
  const found = ['README.md'];
  for (const group of ['packages', 'apps', 'packages/simulator/npm']) {
    for (const name of readdirSync(join(ROOT, group)).sort()) {
      const path = join(group, name, 'README.md');
      if (existsSync(join(ROOT, path))) found.push(path);
    }
  }
  return found;
}

/** The fenced blocks of one README, in order. */
export function readmeBlocks(readme: string): ReadmeBlock[] {
  const lines = readFileSync(join(ROOT, readme), 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  const counts = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] as string);
    if (open === null) continue;
    const lang = open[1] ?? '';
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    if (i === lines.length) throw new Error(`${readme}:${start + 1}: code block never closed`);
    const index = (counts.get(lang) ?? 0) + 1;
    counts.set(lang, index);
    blocks.push({
      readme: relative(ROOT, join(ROOT, readme)),
      index,
      lang,
      line: start + 1,
      code: `${body.join('\n')}\n`,
    });
  }
  return blocks;
}

/** A file name for a block: `packages-core-README-2.ts`. */
export function blockFileName(block: ReadmeBlock, extension: string): string {
  return `${block.readme.replace(/\.md$/, '').replaceAll('/', '-')}-${block.index}.${extension}`;
}
