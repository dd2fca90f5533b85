// `flowctl emulator start` as a user runs it: settings first on stdout, flowctl works against it with those
// settings, and SIGINT/SIGTERM stop it cleanly.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

function startEmulatorProcess(args: string[], cwd?: string): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'emulator', 'start', ...args], { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' }, ...(cwd && { cwd }) });
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

  it('--save-env merges the settings into a .env (keeping its other lines), and flowctl in that folder reaches the emulator', async () => {
    const dir = tempDir();
    // A .env left by an earlier emulator, with a line of the user's own.
    writeFileSync(join(dir, '.env'), '# mine\nFLOWCTL_TIMEOUT=20\nAEP_PLATFORM_URL=http://127.0.0.1:9\nAEP_SANDBOX_NAME=old\n');
    const emulator = await startEmulatorProcess(['--port', '0', '--in-memory', '--save-env', '.env'], dir);
    try {
      const lines = readFileSync(join(dir, '.env'), 'utf8').trimEnd().split('\n');
      expect(lines.slice(0, 4)).toEqual(['# mine', 'FLOWCTL_TIMEOUT=20', `AEP_PLATFORM_URL=${emulator.settings['AEP_PLATFORM_URL']}`, 'AEP_SANDBOX_NAME=dev']);
      expect(lines.slice(4).map((l) => l.split('=')[0])).toEqual(['AEP_IMS_URL', 'AEP_API_KEY', 'AEP_CLIENT_SECRET', 'AEP_IMS_ORG']);
      expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
      // No AEP_* in the environment: ./.env alone.
      const list = await runBin(['flow', 'list', '--json'], { env: { FLOWCTL_CACHE_DIR: tempDir() }, cwd: dir });
      expect(list).toMatchObject({ code: 0, stdout: '[]\n' });
    } finally {
      emulator.child.kill('SIGTERM');
    }
    expect(await emulator.exited).toBe(0);
    expect(emulator.stderr()).toContain('settings written to .env');
  });

  it('--save-env creates the file when there is none (Node 20 takes a --env-file after the script as its own flag: hence the name)', async () => {
    const dir = tempDir();
    const emulator = await startEmulatorProcess(['--port', '0', '--in-memory', '--save-env', '.env'], dir);
    try {
      const written = readFileSync(join(dir, '.env'), 'utf8');
      expect(written).toBe(`${Object.entries(emulator.settings).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
    } finally {
      emulator.child.kill('SIGTERM');
    }
    expect(await emulator.exited).toBe(0);
  });

  it("--save-env refuses a .env holding another Platform's settings, changes nothing and starts nothing", async () => {
    const dir = tempDir();
    const real = 'AEP_IMS_ORG=REAL@AdobeOrg\nAEP_CLIENT_SECRET=real-secret\nAEP_SANDBOX_NAME=dev\n';
    writeFileSync(join(dir, '.env'), real);
    const result = await runBin(['emulator', 'start', '--port', '0', '--in-memory', '--save-env', '.env'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "error: --save-env: .env is not overwritten: it holds the settings of another Platform (AEP_CLIENT_SECRET, AEP_IMS_ORG, AEP_SANDBOX_NAME for the default gateway); name another file, or run the emulator's commands from another folder\n",
    );
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(real);
  });

  it('refuses bad flags with exit 2 before listening', async () => {
    const result = await runBin(['emulator', 'start', '--fault-rate', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --fault-rate: must be a number from 0 to 1, got "2"\n');
    expect(result.stdout).toBe('');
  });
});
