import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');

function fsw(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'main/cli.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fsw check as a process', () => {
  it('checks every shipped example clean, exit 0', () => {
    const examples = ['benchmark-50-switches', 'boot-second-instance', 'forced-switch-audio', 'qemu-s3-and-hotplug', 'section-transfer', 'section-transfer-by-hand', 'wakelock-load'].map((n) => `resources/examples/${n}.fsw`);
    const r = fsw('check', ...examples);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/: (error|warning): /);
  });

  it('exits 1 with FILE:LINE:COL lines on a broken script, 2 on bad usage', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fsw-cli-')), 'bad.fsw');
    writeFileSync(file, 'boot jb\n');
    const r = fsw('check', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:1:1: error: boot jb without a kernel loaded`);
    expect(fsw('check').code).toBe(2);
  });
});
