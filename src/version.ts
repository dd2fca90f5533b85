// The package version, written into the bundle at build time (scripts/build.mjs) so that `--version`
// reads no file.
declare const __FLOWCTL_VERSION__: string | undefined;

export const VERSION: string = typeof __FLOWCTL_VERSION__ === 'string' ? __FLOWCTL_VERSION__ : '0.0.0-dev';
