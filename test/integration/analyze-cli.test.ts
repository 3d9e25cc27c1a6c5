import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSwitchLog } from '../support/switch-log-generator';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'fsw-analyze-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fsw(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'main/cli.ts'), ...args], { cwd: root, encoding: 'utf8' });
}

describe('the fsw binary: analyze', () => {
  it('exits 0 with JSON on stdout for a UART capture, 1 with a message for a file that is not a kernel log', () => {
    const log = join(dir, 'capture.log');
    writeFileSync(log, generateSwitchLog({ seed: 3, switches: 12 }).text);
    const ok = fsw('analyze', log, '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).switches).toHaveLength(12);

    const notLog = join(dir, 'photo.bin');
    writeFileSync(notLog, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const bad = fsw('analyze', notLog);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('not a kernel log');
  });
});
