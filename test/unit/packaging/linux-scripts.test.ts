import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_AS_NODE_MARKER, writeStubElectron } from '../../../scripts/packaging/stub-electron';

const linuxDir = resolve(__dirname, '../../../resources/linux');
const SCRIPTS = ['after-install.sh', 'after-remove.sh'];
/** The macros electron-builder's FpmTarget substitutes in afterInstall/afterRemove; any other ${name} aborts the build. */
const MACROS = { executable: 'fastswitch-workbench', sanitizedProductName: 'Fastswitch Workbench', productFilename: 'Fastswitch Workbench' };

function render(template: string): string {
  return template.replace(/\$\{([a-zA-Z]+)\}/g, (_m, name: string) => {
    if (!(name in MACROS)) throw new Error(`electron-builder would stop at the undefined macro ${name}`);
    return MACROS[name as keyof typeof MACROS];
  });
}

const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;

describe.each(SCRIPTS)('the package script %s', (name) => {
  it('uses no template macro electron-builder does not define, and renders to valid bash', async () => {
    const rendered = render(await readFile(join(linuxDir, name), 'utf8'));
    const check = spawnSync('bash', ['-n'], { input: rendered, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  // shellcheck is optional here (apt install shellcheck); CI machines without it skip this one.
  it.skipIf(!shellcheck)('passes shellcheck once rendered', async () => {
    const rendered = render(await readFile(join(linuxDir, name), 'utf8'));
    const lint = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: rendered, encoding: 'utf8' });
    expect(lint.stdout).toBe('');
  });
});

describe('the fsw launcher script', () => {
  it.skipIf(!shellcheck)('passes shellcheck as POSIX sh', () => {
    const lint = spawnSync('shellcheck', ['-s', 'sh', join(linuxDir, 'fsw')], { encoding: 'utf8' });
    expect(lint.stdout).toBe('');
  });
});

/**
 * Runs a rendered package script with PATH holding only recording shims: every
 * external command it calls is logged (tab-separated) instead of run, so the
 * test sees what the script would do to the system without doing it.
 */
async function runWithShims(script: string, args: string[], commands: string[]): Promise<{ calls: string[][]; stdout: string; status: number | null }> {
  const dir = await mkdtemp(join(tmpdir(), 'fsw-shims-'));
  try {
    const log = join(dir, 'calls.log');
    for (const command of commands) {
      const shim = join(dir, command);
      await writeFile(shim, `#!/bin/sh\nprintf '%s' "\${0##*/}" >> '${log}'\nfor a in "$@"; do printf '\\t%s' "$a" >> '${log}'; done\nprintf '\\n' >> '${log}'\n`);
      await chmod(shim, 0o755);
    }
    await writeFile(join(dir, 'cat'), '#!/bin/sh\nexec /bin/cat "$@"\n');
    await chmod(join(dir, 'cat'), 0o755);
    const run = spawnSync('/bin/bash', ['-s', ...args], { input: render(script), encoding: 'utf8', env: { PATH: dir } });
    const calls = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => l.split('\t'));
    return { calls, stdout: run.stdout, status: run.status };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const APP = '/opt/Fastswitch Workbench';
const INSTALL_COMMANDS = ['ln', 'unshare', 'chmod', 'update-mime-database', 'update-desktop-database', 'apparmor_status', 'apparmor_parser', 'cp', 'install', 'getent', 'groupadd', 'udevadm'];

describe('the after-install script', () => {
  it('installs the udev rules, reloads udev, links fsw into PATH and tells about dialout', async () => {
    const { calls, stdout, status } = await runWithShims(await readFile(join(linuxDir, 'after-install.sh'), 'utf8'), ['configure'], INSTALL_COMMANDS);
    expect(status).toBe(0);
    const rulesDir = calls.find((c) => c[0] === 'install')?.at(-1)?.replace(/\/51-fastswitch-workbench\.rules$/, '');
    expect(['/usr/lib/udev/rules.d', '/lib/udev/rules.d']).toContain(rulesDir);
    expect(calls).toContainEqual(['install', '-D', '-m', '0644', `${APP}/resources/linux/51-fastswitch-workbench.rules`, `${rulesDir}/51-fastswitch-workbench.rules`]);
    expect(calls).toContainEqual(['udevadm', 'control', '--reload-rules']);
    expect(calls).toContainEqual(['udevadm', 'trigger', '--action=add', '--subsystem-match=usb', '--subsystem-match=tty']);
    expect(calls).toContainEqual(['ln', '-sf', `${APP}/resources/linux/fsw`, '/usr/bin/fsw']);
    expect(calls).toContainEqual(['ln', '-sf', `${APP}/fastswitch-workbench`, '/usr/bin/fastswitch-workbench']);
    expect(stdout).toContain('sudo usermod -aG plugdev,dialout');
  });

  it('reloads udev only after the rules are in place', async () => {
    const { calls } = await runWithShims(await readFile(join(linuxDir, 'after-install.sh'), 'utf8'), ['configure'], INSTALL_COMMANDS);
    const installed = calls.findIndex((c) => c[0] === 'install');
    const reloaded = calls.findIndex((c) => c[0] === 'udevadm');
    expect(installed).toBeGreaterThanOrEqual(0);
    expect(reloaded).toBeGreaterThan(installed);
  });
});

describe('the after-remove script', () => {
  it('removes the rules, both commands and the AppArmor profile, and reloads udev', async () => {
    const { calls, status } = await runWithShims(await readFile(join(linuxDir, 'after-remove.sh'), 'utf8'), ['remove'], ['rm', 'udevadm', 'apparmor_parser']);
    expect(status).toBe(0);
    expect(calls).toContainEqual(['rm', '-f', '/usr/bin/fastswitch-workbench', '/usr/bin/fsw']);
    expect(calls).toContainEqual(['rm', '-f', '/usr/lib/udev/rules.d/51-fastswitch-workbench.rules', '/lib/udev/rules.d/51-fastswitch-workbench.rules']);
    expect(calls).toContainEqual(['udevadm', 'control', '--reload-rules']);
  });
});

/** The after-remove script up to its guard, followed by a marker: shows whether the guard lets a call through. */
let afterRemove = '';
function stripAfterGuard(): string {
  const guardEnd = afterRemove.indexOf('esac') + 'esac'.length;
  return `${afterRemove.slice(0, guardEnd)}\necho "GUARD PASSED"\n`;
}
beforeAll(async () => {
  afterRemove = await readFile(join(linuxDir, 'after-remove.sh'), 'utf8');
});

describe('the after-remove guard', () => {
  it.each(['remove', 'purge', '0'])('lets a real removal (%s) through', (arg) => {
    const run = spawnSync('bash', ['-s', arg], { input: stripAfterGuard(), encoding: 'utf8' });
    expect(run.stdout).toBe('GUARD PASSED\n');
  });

  // rpm runs the old %postun with 1 after the new version's %post; deb's postrm gets "upgrade".
  it.each(['upgrade', '1', 'failed-upgrade', 'abort-install'])('stops an upgrade or abort (%s) before it removes anything', (arg) => {
    const run = spawnSync('bash', ['-s', arg], { input: stripAfterGuard(), encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
  });
});

describe('the fsw launcher', () => {
  let dir: string;
  beforeAll(async () => {
    // The installed layout: <app>/fastswitch-workbench and <app>/resources/linux/fsw, linked from a bin folder.
    dir = await mkdtemp(join(tmpdir(), 'fsw launcher '));
    const app = join(dir, 'opt', 'Fastswitch Workbench');
    await writeStubElectron(join(dir, 'stub'), '45.4.1');
    await mkdir(join(app, 'resources', 'linux'), { recursive: true });
    await copyFile(join(dir, 'stub', 'electron'), join(app, 'fastswitch-workbench'));
    await copyFile(join(linuxDir, 'fsw'), join(app, 'resources', 'linux', 'fsw'));
    await mkdir(join(dir, 'bin'));
    await symlink(join(app, 'resources', 'linux', 'fsw'), join(dir, 'bin', 'fsw'));
    await writeFile(join(dir, 'app-path'), app);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs the app binary in Node mode on the CLI inside app.asar, passing every argument through', async () => {
    const app = await readFile(join(dir, 'app-path'), 'utf8');
    const run = spawnSync('sh', [join(dir, 'bin', 'fsw'), 'run', 'bench one.fsw', '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n')).toEqual([RUN_AS_NODE_MARKER, join(app, 'resources/app.asar/out/main/cli.js'), 'run', 'bench one.fsw', '--json']);
  });
});
