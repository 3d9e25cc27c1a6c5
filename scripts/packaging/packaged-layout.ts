/**
 * Packs the app with `electron-builder --dir` around a stub Electron, then
 * checks the packaged layout: what app.asar holds and leaves out, the native
 * modules unpacked, the extra resources, the fuses the afterPack hook set, the
 * bundled CLI running from the packaged files, and the fsw launcher.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { RUN_AS_NODE_MARKER, writeStubElectron } from './stub-electron';

const require = createRequire(import.meta.url);

interface AsarModule {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(archive: string, filename: string, followLinks?: boolean): { unpacked?: boolean; size?: number; files?: unknown };
  extractAll(archive: string, dest: string): void;
}
interface FusesModule {
  getCurrentFuseWire(binary: string): Promise<Record<string, unknown>>;
}
interface FuseSettingsModule {
  fuseSettingsFor(platform: string): Record<string, boolean>;
  FUSE_WIRE_ORDER: string[];
}

export interface Finding {
  ok: boolean;
  check: string;
  detail?: string;
  /** A problem of a later build step that cannot run here; reported, not failing the check. */
  warning?: boolean;
}

export const EXECUTABLE = 'fastswitch-workbench';
/** Bundled into out/renderer by Vite: a copy in node_modules would be dead weight. */
export const RENDERER_ONLY_PACKAGES = ['monaco-editor', 'react', 'react-dom', 'recharts', '@xterm/xterm', '@tanstack/react-virtual'];
const FORBIDDEN = [
  { pattern: /\.map$/, why: 'source map' },
  { pattern: /(^|\/)\.env(\.|$)/, why: '.env file' },
  { pattern: /\.(pem|key|p12|pfx)$/, why: 'key or certificate' },
  { pattern: /^\/(common|main|preload|renderer|test|bench|scripts|resources|docs)\//, why: 'source tree (only out/ is shipped)' },
  { pattern: /^\/out\/.*\.(test|spec)\.[cm]?[jt]s$/, why: 'test file' },
  { pattern: /^\/(electron-builder\.yml|tsconfig\.json|vitest\.config\.ts|eslint\.config\.js|electron\.vite\.config\.ts|package-lock\.json)$/, why: 'build configuration' },
];

/** Archive entries (as @electron/asar lists them, "/out/main/index.js") that must not ship, with the reason. */
export function forbiddenEntries(entries: readonly string[]): string[] {
  return entries.flatMap((p) => FORBIDDEN.filter((f) => f.pattern.test(p) && !p.includes('/node_modules/')).map((f) => `${p} (${f.why})`));
}

/** Copies what electron-builder reads into `workDir/project`, node_modules hard-linked (this workspace shares one install through a symlink, which npm's tree walk does not follow). */
async function stageProject(projectDir: string, workDir: string): Promise<string> {
  const stage = join(workDir, 'project');
  await mkdir(stage, { recursive: true });
  for (const entry of ['package.json', 'package-lock.json', 'electron-builder.yml', 'out', 'resources', 'scripts']) {
    if (existsSync(join(projectDir, entry))) await cp(join(projectDir, entry), join(stage, entry), { recursive: true, verbatimSymlinks: true });
  }
  const modules = realpathSync(join(projectDir, 'node_modules'));
  const linked = spawnSync('cp', ['-al', modules, join(stage, 'node_modules')], { encoding: 'utf8' });
  if (linked.status !== 0) {
    await cp(modules, join(stage, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
  return stage;
}

export interface PackResult {
  ok: boolean;
  appOutDir: string;
  output: string;
}

/**
 * `electron-builder --dir --linux --x64` with Electron replaced by the stub, output in `workDir`.
 * A project whose node_modules is a real folder (CI after `npm ci`) is packed in place;
 * one whose node_modules is a symlink (the shared install of this workspace) from a staged copy.
 */
export async function packLinuxDir(projectDir: string, workDir: string): Promise<PackResult> {
  const stage = lstatSync(join(projectDir, 'node_modules')).isSymbolicLink() ? await stageProject(projectDir, workDir) : projectDir;
  const electronVersion = (JSON.parse(readFileSync(join(stage, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  const stub = join(workDir, 'electron-dist');
  await writeStubElectron(stub, electronVersion);
  const dist = join(workDir, 'dist');
  const cli = require.resolve('electron-builder/cli.js', { paths: [stage] });
  const run = spawnSync(process.execPath, [cli, '--dir', '--linux', '--x64', '--projectDir', stage, `-c.electronDist=${stub}`, `-c.directories.output=${dist}`], {
    cwd: stage,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    timeout: 180_000,
  });
  return { ok: run.status === 0, appOutDir: join(dist, 'linux-unpacked'), output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

/**
 * Bare module specifiers the built main and preload code loads at run time:
 * static and dynamic imports, re-exports and require() calls, found by
 * TypeScript's import scanner (a lexer, so strings in the code do not count).
 */
export function runtimeImports(outDir: string): string[] {
  const ts = require('typescript') as typeof import('typescript');
  const files = listFiles(outDir).filter((f) => /^(main|preload)\/.*\.(c|m)?js$/.test(relative(outDir, f).split(sep).join('/')));
  const found = new Set<string>();
  for (const file of files) {
    for (const { fileName: specifier } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) continue;
      if (specifier === 'electron' || specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '')) continue;
      const parts = specifier.split('/');
      found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
    }
  }
  return [...found].sort();
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Checks the layout `packLinuxDir` produced against the project it came from. */
export async function inspectPackagedApp(projectDir: string, appOutDir: string, workDir: string): Promise<Finding[]> {
  const asar = require('@electron/asar') as AsarModule;
  const findings: Finding[] = [];
  const check = (ok: boolean, name: string, detail?: string) => findings.push(detail === undefined ? { ok, check: name } : { ok, check: name, detail });
  const archive = join(appOutDir, 'resources', 'app.asar');
  if (!existsSync(archive)) {
    check(false, 'resources/app.asar exists', `not found in ${appOutDir}`);
    return findings;
  }
  const entries = asar.listPackage(archive, { isPack: false });
  const has = new Set(entries);

  const required = ['/package.json', '/out/main/index.js', '/out/main/cli.js', '/out/preload/index.cjs', '/out/renderer/index.html'];
  const missingRequired = required.filter((p) => !has.has(p));
  check(missingRequired.length === 0, 'app.asar holds main, cli, preload, renderer and package.json', missingRequired.join(', ') || undefined);

  const outDir = join(projectDir, 'out');
  const built = listFiles(outDir).map((f) => `/out/${relative(outDir, f).split(sep).join('/')}`).filter((p) => !p.endsWith('.map'));
  const notPacked = built.filter((p) => !has.has(p));
  check(built.length > 0 && notPacked.length === 0, `every built file of out/ is in app.asar (${built.length})`, notPacked.slice(0, 10).join(', ') || undefined);

  const forbidden = forbiddenEntries(entries);
  check(forbidden.length === 0, 'app.asar has no sources, tests, source maps, .env or keys', forbidden.slice(0, 10).join(', ') || undefined);

  // One extraction serves the package.json check and the CLI run.
  const extracted = join(workDir, 'extracted');
  asar.extractAll(archive, extracted);
  const pkg = has.has('/package.json') ? (JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8')) as Record<string, unknown>) : {};
  const pkgOk = pkg.main === 'out/main/index.js' && pkg.type === 'module';
  check(pkgOk, 'packaged package.json: main out/main/index.js, type module', pkgOk ? undefined : `main=${String(pkg.main)} type=${String(pkg.type)}`);

  const imports = runtimeImports(outDir);
  const unresolved = imports.filter((name) => !has.has(`/node_modules/${name}/package.json`));
  check(imports.length > 0 && unresolved.length === 0, `every package main/preload import is in app.asar (${imports.join(', ')})`, unresolved.join(', ') || undefined);

  const bloat = RENDERER_ONLY_PACKAGES.filter((name) => has.has(`/node_modules/${name}/package.json`));
  check(bloat.length === 0, 'renderer-only packages are not copied into node_modules', bloat.join(', ') || undefined);

  const natives = entries.filter((p) => p.endsWith('.node'));
  const packedNatives = natives.filter((p) => !asar.statFile(archive, p.slice(1)).unpacked || !existsSync(join(`${archive}.unpacked`, p)));
  check(natives.length > 0 && packedNatives.length === 0, `native modules are unpacked beside app.asar (${natives.length})`, packedNatives.join(', ') || undefined);
  check(natives.some((p) => p.includes('@serialport/bindings-cpp/prebuilds/linux-x64/')), 'serialport has its linux-x64 prebuild');
  const foreign = natives.filter((p) => /\/prebuilds\/(android|darwin|win32)-/.test(p));
  check(foreign.length === 0, 'no native prebuild for another operating system', foreign.join(', ') || undefined);

  const resources = join(appOutDir, 'resources');
  for (const [from, to] of [['resources/profiles', 'profiles'], ['resources/examples', 'examples']] as const) {
    const sources = listFiles(join(projectDir, from)).map((f) => relative(join(projectDir, from), f));
    // The same filters as electron-builder.yml: profiles are the JSON files, each folder's README stays behind.
    const wanted = sources.filter((f) => f !== 'README.md' && (to !== 'profiles' || f.endsWith('.json')));
    const absent = wanted.filter((f) => !existsSync(join(resources, to, f)));
    check(absent.length === 0, `${from} ships as resources/${to} (${wanted.length} files)`, absent.join(', ') || undefined);
  }
  const rules = join(resources, 'linux', '51-fastswitch-workbench.rules');
  const launcher = join(resources, 'linux', 'fsw');
  check(existsSync(rules), 'udev rules ship as resources/linux/51-fastswitch-workbench.rules');
  check(existsSync(launcher) && (statSync(launcher).mode & 0o111) !== 0, 'fsw launcher ships executable as resources/linux/fsw');
  check(existsSync(join(appOutDir, EXECUTABLE)) && !lstatSync(join(appOutDir, EXECUTABLE)).isSymbolicLink(), `the app binary is named ${EXECUTABLE}`);

  findings.push(await checkFuses(join(appOutDir, EXECUTABLE)));
  findings.push(checkExtractedCli(extracted));
  findings.push(await checkLauncher(appOutDir, launcher, workDir));
  return findings;
}

export async function checkFuses(binary: string): Promise<Finding> {
  const { getCurrentFuseWire } = require('@electron/fuses') as FusesModule;
  const { fuseSettingsFor, FUSE_WIRE_ORDER } = require('./fuse-settings.cjs') as FuseSettingsModule;
  const wire = await getCurrentFuseWire(binary);
  const wanted = fuseSettingsFor('linux');
  // @electron/fuses reports each fuse as a byte: 49 = '1' enabled, 48 = '0' disabled.
  const wrong = FUSE_WIRE_ORDER.filter((name, i) => wire[i] !== (wanted[name] ? 49 : 48));
  return { ok: wrong.length === 0, check: 'afterPack flipped the fuses to scripts/packaging/fuse-settings.cjs (linux)', ...(wrong.length ? { detail: `wrong: ${wrong.join(', ')}` } : {}) };
}

/** The CLI, run by Node from the extracted app.asar: proves its dependencies are all packaged. */
function checkExtractedCli(extracted: string): Finding {
  const run = spawnSync(process.execPath, [join(extracted, 'out/main/cli.js'), '--help'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_PATH: '' } });
  const ok = run.status === 0 && run.stdout.includes('fsw');
  return { ok, check: 'the packaged CLI runs from the extracted app.asar (fsw --help)', ...(ok ? {} : { detail: `exit ${run.status}: ${(run.stderr || run.stdout).slice(0, 400)}` }) };
}

/** /usr/bin/fsw is a symlink to the launcher: it must find the binary and the CLI from there. */
async function checkLauncher(appOutDir: string, launcher: string, workDir: string): Promise<Finding> {
  const bin = join(workDir, 'bin');
  await mkdir(bin, { recursive: true });
  await symlink(launcher, join(bin, 'fsw'));
  const run = spawnSync(join(bin, 'fsw'), ['sessions', 'list', '--json'], { encoding: 'utf8', timeout: 10_000 });
  const expected = [RUN_AS_NODE_MARKER, join(appOutDir, 'resources/app.asar/out/main/cli.js'), 'sessions', 'list', '--json'];
  const got = run.stdout.trimEnd().split('\n');
  const ok = run.status === 0 && JSON.stringify(got) === JSON.stringify(expected);
  return { ok, check: 'fsw launcher (through a symlink) runs the app binary in Node mode on app.asar/out/main/cli.js', ...(ok ? {} : { detail: `got ${JSON.stringify(got)} (exit ${run.status})` }) };
}
