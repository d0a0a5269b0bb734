import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variables, as `process.env` (injectable for tests). */
export type Environment = Readonly<Record<string, string | undefined>>;

const APP = 'bosonic';

/**
 * The user's configuration directory for bosonic: `BOSONIC_CONFIG_DIR` if set; else `$XDG_CONFIG_HOME/bosonic`
 * (`~/.config/bosonic`) on Linux and other Unixes, `~/Library/Application Support/bosonic` on macOS,
 * `%APPDATA%\bosonic` on Windows.
 */
export function userConfigDir(
  env: Environment = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = nonEmpty(env.BOSONIC_CONFIG_DIR);
  if (override !== undefined) return override;
  const home = nonEmpty(env.HOME) ?? homedir();
  if (platform === 'win32') return join(nonEmpty(env.APPDATA) ?? join(home, 'AppData', 'Roaming'), APP);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP);
  return join(nonEmpty(env.XDG_CONFIG_HOME) ?? join(home, '.config'), APP);
}

/**
 * The user's data directory for bosonic (JobGroup files live in its `job_group/`): `BOSONIC_DATA_DIR` if set;
 * else `$XDG_DATA_HOME/bosonic` (`~/.local/share/bosonic`) on Linux and other Unixes,
 * `~/Library/Application Support/bosonic` on macOS, `%LOCALAPPDATA%\bosonic` on Windows.
 */
export function userDataDir(
  env: Environment = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = nonEmpty(env.BOSONIC_DATA_DIR);
  if (override !== undefined) return override;
  const home = nonEmpty(env.HOME) ?? homedir();
  if (platform === 'win32') return join(nonEmpty(env.LOCALAPPDATA) ?? join(home, 'AppData', 'Local'), APP);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP);
  return join(nonEmpty(env.XDG_DATA_HOME) ?? join(home, '.local', 'share'), APP);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
