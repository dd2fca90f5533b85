// The import boundaries of eslint.config.js (ARCHITECTURE.md) fire: snippets linted as if they were files of src/.

import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

/** The boundary messages for `code` placed at `path` (relative to the repository's root). */
async function boundaryMessages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  if (!result) throw new Error('ESLint returned no result');
  return result.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

describe('lint: import boundaries', () => {
  it.each([
    ['src/platform/x.ts', "import '../cli/main.js';\n", 'src/platform must not import src/cli'],
    ['src/platform/models/x.ts', "export { onboardTable } from '../../onboard/onboard.js';\n", 'src/platform must not import src/onboard'],
    ['src/platform/x.ts', "export const load = () => import('../emulator/server.js');\n", 'src/platform must not import src/emulator'],
    ['src/emulator/services/catalog/x.ts', "import type { RequestDescription } from '../../../platform/internal/http.js';\nexport type R = RequestDescription;\n", 'src/emulator must not import src/platform'],
    ['src/emulator/x.ts', "import { loadConfig } from '../config/config.js';\nexport { loadConfig };\n", 'src/emulator must not import src/config'],
    ['src/onboard/x.ts', "export const load = () => import('../output/output.js');\n", 'src/onboard must not import src/output'],
    ['src/output/x.ts', "import type { CliIO } from '../cli/io.js';\nexport type I = CliIO;\n", 'src/output must not import src/cli'],
    ['src/cli/commands/x.ts', "export type E = import('../../emulator/server.js').Emulator;\n", 'src/cli must not import src/emulator'],
    ['src/cli/commands/emulator.ts', "export const load = () => import('../../emulator/store.js');\n", 'only server.js and misbehave.js'],
    ['src/index.ts', "export { main } from './cli/main.js';\n", 'src/index.ts must not import src/cli'],
    ['src/version.ts', "export { startEmulator } from 'flowctl/emulator';\n", "'flowctl' resolves to the built copy"],
    ['src/emulator/x.ts', "export const load = () => import('flowctl');\n", "'flowctl' resolves to the built copy"],
  ])('%s: %s is refused', async (path, code, expected) => {
    const messages = await boundaryMessages(path, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  it.each([
    ['src/cli/commands/x.ts', "import { onboardTable } from '../../onboard/onboard.js';\nexport { onboardTable };\n"],
    ['src/onboard/x.ts', "import { Catalog } from '../platform/catalog.js';\nexport { Catalog };\n"],
    ['src/output/x.ts', "import type { RequestDescription } from '../platform/internal/http.js';\nexport type R = RequestDescription;\n"],
    ['src/emulator/services/x.ts', "import { ServiceError } from '../errors.js';\nexport { ServiceError };\n"],
    ['src/cli/commands/emulator.ts', "export const load = () => import('../../emulator/server.js');\n"],
    ['src/cli/commands/demo.ts', "export const load = () => import('../../emulator/misbehave.js');\n"],
  ])('%s: %s is allowed', async (path, code) => {
    expect(await boundaryMessages(path, code)).toEqual([]);
  });
});
