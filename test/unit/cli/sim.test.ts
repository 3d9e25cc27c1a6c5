import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectHelp, parseSimArgs } from '../../../main/cli/commands/sim';
import { runCli } from '../../../main/cli/run-cli';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('fsw sim arguments', () => {
  it('defaults to the ports a phone over adb tcpip and ser2net would use', () => {
    expect(parseSimArgs([])).toEqual({ adbPort: 5555, consolePort: 5554, host: '127.0.0.1', backend: { seed: 1, speed: 'realtime', profilePath: undefined } });
  });

  it('reads every flag', () => {
    expect(parseSimArgs(['--adb-port', '6001', '--console-port', '0', '--seed', '42', '--speed', 'fast', '--profile', 'p.json'])).toEqual({
      adbPort: 6001,
      consolePort: 0,
      host: '127.0.0.1',
      backend: { seed: 42, speed: 'fast', profilePath: 'p.json' },
    });
  });

  it('is a usage error (exit 2) for a bad speed or port', async () => {
    const a = io();
    expect(await runCli(['sim', '--speed', 'warp'], a.io)).toBe(2);
    expect(a.err.join('')).toContain("--speed expects realtime or fast, got 'warp'");
    const b = io();
    expect(await runCli(['sim', '--adb-port', '70000'], b.io)).toBe(2);
    expect(b.err.join('')).toContain('--adb-port must be a TCP port');
  });

  it('fails the work (exit 1) on a profile that breaks its schema, naming the bad field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsw-profile-'));
    const bad = join(dir, 'bad.json');
    const profile = JSON.parse(readFileSync(join(__dirname, '../../../resources/profiles/galaxy-nexus.json'), 'utf8'));
    profile.sectionSize = '15M';
    writeFileSync(bad, JSON.stringify(profile));
    const a = io();
    expect(await runCli(['sim', '--adb-port', '0', '--console-port', '0', '--profile', bad], a.io)).toBe(1);
    expect(a.err.join('')).toContain(`${bad}: sectionSize: sectionSize must be a power of two`);
  });

  it('warns that the adb server finds a port of its emulator range by itself', () => {
    expect(connectHelp('127.0.0.1', 5555, 5554)).toContain('emulator-5554');
    expect(connectHelp('127.0.0.1', 6001, 6000)).not.toContain('emulator');
  });
});
