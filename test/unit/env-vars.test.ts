// The environment variables flowctl reads, the documented list, .env.example and the README agree.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../../src/config/env-vars.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('environment variables', () => {
  const documented = new Set(ENV_VARS.map((v) => v.name));

  it('every variable the code reads is in the documented list', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(root, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/['"`]((?:AEP|FLOWCTL)_[A-Z_]+)['"`]/g)) used.add(match[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(documented, `${name} is documented in src/config/env-vars.ts`).toContain(name);
  });

  it('.env.example lists every variable that may live in .env, and no secret values', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    for (const v of ENV_VARS.filter((x) => !x.environmentOnly)) expect(example).toMatch(new RegExp(`^${v.name}=`, 'm'));
    for (const v of ENV_VARS.filter((x) => x.secret)) expect(example).toMatch(new RegExp(`^${v.name}=$`, 'm'));
  });

  it('the README documents every variable', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const v of ENV_VARS) expect(readme, `README mentions ${v.name}`).toContain(`\`${v.name}\``);
  });
});
