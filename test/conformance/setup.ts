// Vitest setup file (vitest.config.ts `setupFiles`): after each test file, every emulator response that file
// recorded through test/helpers/emulator.ts (`allExchanges`) is checked against Adobe's OpenAPI specs; any
// violation fails the file with the list (operation, status, JSON path, message). Test files that start no
// emulator pay nothing: neither the helper nor the specs are loaded unless there is something to check.

import { afterAll } from 'vitest';
import type { Exchange } from '../../src/emulator/server.js';

afterAll(async () => {
  // test/helpers/emulator.ts puts its `allExchanges` there when a test file loads it.
  const allExchanges = (globalThis as { __flowctlExchanges?: Exchange[] }).__flowctlExchanges;
  if (!allExchanges || allExchanges.length === 0) return;
  const exchanges = allExchanges.splice(0);
  const { checkAll, conformanceChecker, missingSpecsMessage, specsRequired, summarizeViolations } = await import('./openapi.js');
  const checker = conformanceChecker();
  if (!checker) {
    if (specsRequired()) throw new Error(`${missingSpecsMessage()} — under CI=true the specs must be present`);
    const flag = globalThis as { __flowctlConformanceWarned?: boolean };
    if (!flag.__flowctlConformanceWarned) console.warn(missingSpecsMessage());
    flag.__flowctlConformanceWarned = true;
    return;
  }
  const summary = checkAll(checker, exchanges);
  if (process.env['FLOWCTL_CONFORMANCE_REPORT'] === '1') {
    const lines = [...summary.unchecked].map(([reason, n]) => `  ${n}× ${reason}`);
    console.info(`OpenAPI conformance: ${summary.checked} of ${exchanges.length} responses validated; not validated:\n${lines.join('\n')}`);
  }
  if (summary.violations.length === 0) return;
  const lines = summarizeViolations(summary.violations);
  const shown = lines.slice(0, 50);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
  throw new Error(
    `${summary.violations.length} OpenAPI conformance violation(s) in emulator responses (fix the emulator, or — if Adobe's spec is wrong — add an entry to test/conformance/exceptions.ts):\n  ${shown.join('\n  ')}`,
  );
});
