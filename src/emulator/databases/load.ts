// The drivers are loaded on first use, by a name held in a variable: nothing loads unless a database is used,
// and bundlers (esbuild for the CLI) leave them as run-time imports of the installed packages, which PGlite
// needs to find its WebAssembly files next to its own code.

import { DatabaseError } from './reader.js';

export async function loadDriver<T>(name: string): Promise<T> {
  const specifier: string = name;
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    throw new DatabaseError(`the emulator could not load the ${name} package (${(error as Error).message}); install it with npm install ${name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/')}`, 'DRIVER_MISSING');
  }
}

/** A CommonJS package's export, whether Node hands it over as `default` or as the namespace itself. */
export function interop<T>(module: { default?: T } | T): T {
  const withDefault = module as { default?: T };
  return withDefault.default ?? (module as T);
}
