import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where browser tests save their screenshots (the package's test output, not committed). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-output/dashboard/', import.meta.url));

/** Debian's Chromium (or `CHROMIUM_PATH`), or undefined when it is not installed. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser'].filter(
    (name): name is string => typeof name === 'string' && name !== '',
  );
  for (const name of candidates) {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore', timeout: 20_000 });
      return name.includes('/')
        ? name
        : execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

/**
 * True when Chromium is installed. Otherwise: throws in CI, or prints one line and returns false (the caller skips).
 */
export function chromiumOrSkip(what: string): boolean {
  if (chromiumPath() !== undefined) return true;
  const line = `${what}: skipped, chromium not installed (Debian: apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${line.replace(': skipped,', ':')}; CI must run these tests`);
  console.warn(line);
  return false;
}

/** Headless Chromium driven by playwright-core, through the installed executable (no browser download). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('chromium is not installed');
  return chromium.launch({
    executablePath,
    headless: true,
    // CI runs as root, where Chromium's sandbox cannot start.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** Saves a full-page screenshot of `page` as `<name>.png` in {@link SCREENSHOT_DIR}; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
