// Where flowctl keeps what it caches (tokens, locks, compiled code), per platform's convention. A module of its
// own: main.ts needs it before the configuration (and dotenv) is loaded.

import { join } from 'node:path';

export function defaultCacheDir(platform: NodeJS.Platform, env: Record<string, string | undefined>, home: string): string {
  if (platform === 'win32') return join(env['LOCALAPPDATA'] || join(home, 'AppData', 'Local'), 'flowctl', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'flowctl');
  return join(env['XDG_CACHE_HOME'] || join(home, '.cache'), 'flowctl');
}
