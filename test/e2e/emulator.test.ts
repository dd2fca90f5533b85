// `flowctl emulator start` as a user runs it: settings first on stdout, flowctl works against it with those
// settings, and SIGINT/SIGTERM stop it cleanly.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { BIN, runBin } from '../helpers/spawn.js';

interface Started {
  child: ChildProcessWithoutNullStreams;
  settings: Record<string, string>;
  lines: string[];
  stderr: () => string;
  exited: Promise<number | null>;
}

function startEmulatorProcess(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'emulator', 'start', ...args], { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 10_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const lines = stdout.split('\n').filter(Boolean);
      if (lines.length >= 6) {
        clearTimeout(timer);
        const settings = Object.fromEntries(lines.slice(0, 6).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
        resolve({ child, settings, lines, stderr: () => stderr, exited });
      }
    });
    child.on('error', reject);
  });
}

describe('flowctl emulator start', () => {
  it('prints the settings as .env lines first, serves flowctl with them, and stops on SIGTERM', async () => {
    const emulator = await startEmulatorProcess(['--port', '0', '--in-memory']);
    try {
      expect(Object.keys(emulator.settings)).toEqual(['AEP_PLATFORM_URL', 'AEP_IMS_URL', 'AEP_API_KEY', 'AEP_CLIENT_SECRET', 'AEP_IMS_ORG', 'AEP_SANDBOX_NAME']);
      expect(emulator.settings['AEP_PLATFORM_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.settings['AEP_PLATFORM_URL']).not.toBe('http://127.0.0.1:0');
      expect(emulator.settings['AEP_SANDBOX_NAME']).toBe('dev');

      const status = await runBin(['auth', 'status', '--json'], { env: { ...emulator.settings, FLOWCTL_CACHE_DIR: tempDir() } });
      expect(status.stderr).toBe('');
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ orgId: emulator.settings['AEP_IMS_ORG'], sandbox: 'dev', tokenSource: 'ims' });
    } finally {
      emulator.child.kill('SIGTERM');
    }
    expect(await emulator.exited, `exit code; stderr: ${emulator.stderr()}`).toBe(0);
    expect(emulator.stderr()).toContain('flowctl emulator stopped (SIGTERM)');
  });

  it('stops cleanly on SIGINT too', async () => {
    const emulator = await startEmulatorProcess(['--port', '0', '--in-memory']);
    emulator.child.kill('SIGINT');
    expect(await emulator.exited, `exit code; stderr: ${emulator.stderr()}`).toBe(0);
    expect(emulator.stderr()).toContain('flowctl emulator stopped (SIGINT)');
  });

  it('refuses bad flags with exit 2 before listening', async () => {
    const result = await runBin(['emulator', 'start', '--fault-rate', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --fault-rate: must be a number from 0 to 1, got "2"\n');
    expect(result.stdout).toBe('');
  });
});
