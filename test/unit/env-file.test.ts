// The merge behind `flowctl emulator start --save-env`: other lines kept, the settings' lines replaced in place,
// and a file for another Platform recognised (so that it is never overwritten).

import { describe, expect, it } from 'vitest';
import { foreignSettings, mergeEnvFile } from '../../src/cli/env-file.js';

const SETTINGS = { AEP_PLATFORM_URL: 'http://127.0.0.1:4010', AEP_SANDBOX_NAME: 'dev' };

describe('mergeEnvFile', () => {
  it('writes the settings into an empty or new file', () => {
    expect(mergeEnvFile('', SETTINGS)).toBe('AEP_PLATFORM_URL=http://127.0.0.1:4010\nAEP_SANDBOX_NAME=dev\n');
  });

  it('replaces each setting where it stands (export prefix too), drops its repeats, keeps every other line', () => {
    const before = '# local\nexport AEP_SANDBOX_NAME=old\nFOO="a b"\nAEP_SANDBOX_NAME=older\nBAR=1';
    expect(mergeEnvFile(before, SETTINGS)).toBe('# local\nAEP_SANDBOX_NAME=dev\nFOO="a b"\nBAR=1\nAEP_PLATFORM_URL=http://127.0.0.1:4010\n');
  });
});

describe('foreignSettings', () => {
  it('accepts a file with none of the settings, or one pointing at a local Platform', () => {
    expect(foreignSettings('FOO=1\n', Object.keys(SETTINGS))).toBeUndefined();
    expect(foreignSettings('AEP_PLATFORM_URL=http://localhost:4010\nAEP_SANDBOX_NAME=x\n', Object.keys(SETTINGS))).toBeUndefined();
    expect(foreignSettings('AEP_PLATFORM_URL=http://[::1]:9/\n', Object.keys(SETTINGS))).toBeUndefined();
  });

  it("recognises another Platform's settings: a remote gateway, or settings for the default one", () => {
    expect(foreignSettings('AEP_PLATFORM_URL=https://platform.adobe.io\n', Object.keys(SETTINGS))).toBe('it holds the settings of another Platform (AEP_PLATFORM_URL=https://platform.adobe.io)');
    expect(foreignSettings('AEP_PLATFORM_URL=http://127.0.0.1.example.com\n', Object.keys(SETTINGS))).toMatch(/another Platform/);
    expect(foreignSettings('AEP_SANDBOX_NAME=dev\n', Object.keys(SETTINGS))).toBe('it holds the settings of another Platform (AEP_SANDBOX_NAME for the default gateway)');
  });
});
