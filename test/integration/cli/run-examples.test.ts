import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runFsw } from '../../support/run-cli';

const examplesDir = join(REPO, 'resources/examples');
/** `# expect-switches: N`, `# profile: PATH` and `# target: NAME` in an example's header. */
function header(file: string) {
  const text = readFileSync(join(examplesDir, file), 'utf8');
  const switches = /^# expect-switches: (\d+)$/m.exec(text);
  const profile = /^# profile: (\S+)$/m.exec(text);
  const target = /^# target: (\S+)$/m.exec(text);
  return { switches: switches ? Number(switches[1]) : null, profile: profile ? profile[1]! : null, target: target ? target[1]! : null };
}

// Examples written for another target (`# target: qemu`) cannot run on the simulator.
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.fsw') && (header(f).target ?? 'sim') === 'sim');

describe('every example runs clean on the simulator through fsw run --json', () => {
  it('has examples to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples)('%s', async (file) => {
    const { switches, profile } = header(file);
    expect(switches, `${file} must say how many switches it makes (# expect-switches: N)`).not.toBeNull();
    const args = ['run', join(examplesDir, file), '--target', 'sim', '--speed', 'fast', '--json', ...(profile ? ['--profile', join(REPO, profile)] : [])];
    const result = await runFsw(args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { switches: { outcome: string }[]; summary: Record<string, unknown>; run: { state: string; expectationsFailed: number } };
    expect(output.run).toMatchObject({ state: 'finished', expectationsFailed: 0 });
    // Attempts the kernel aborted and retried are in the records too, but are not switches of their own.
    expect(output.switches.filter((s) => s.outcome !== 'aborted')).toHaveLength(switches!);
  });
});
