// "Special operations": uuid/guid.
//
// fpid_to_ecid is left out: the page documents one example (fpid_to_ecid("4ed70bee-b654-420a-a3fd-b58b6b65e991")
// is "28880788470263023831040523038280731744") but not how the ECID is derived, and no hash of the FPID tried
// (MD5, SHA-1/2, MurmurHash3 of its text or bytes, read as one 128-bit or two 63-bit numbers) gives that
// example. An emulator answering a made-up ECID would be worse than one that says it does not know the
// function.

import type { ExpressionFunction } from '../registry.js';

export const specialFunctions: readonly ExpressionFunction[] = [
  {
    name: 'uuid',
    aliases: ['guid'],
    category: 'Special operations',
    description: 'Generates a pseudo-random ID.',
    syntax: 'uuid()',
    params: [],
    minArgs: 0,
    maxArgs: 0,
    example: 'uuid()',
    result: '7c0267d2-bb74-4e1a-9275-3bf4fccda5f4',
    // The run's source of UUIDs (random v4, as Java's UUID.randomUUID), so that tests can fix it.
    call: (_args, context) => context.uuid(),
  },
];
