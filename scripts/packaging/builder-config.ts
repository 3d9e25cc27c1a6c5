/**
 * Loads electron-builder.yml the way electron-builder does and validates it
 * twice: against electron-builder's own JSON schema (offline, no Electron
 * needed), then against the fields this project relies on (zod).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';

const require = createRequire(import.meta.url);

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
}
interface BuilderUtilModule {
  DebugLogger: new (isEnabled?: boolean) => unknown;
}

const CONFIG_FILE = 'electron-builder.yml';

/** electron-builder merges `files` into file sets; we only look at the patterns. */
const patterns = z
  .array(z.union([z.string(), z.object({ filter: z.array(z.string()).optional() })]))
  .transform((entries) => entries.flatMap((e) => (typeof e === 'string' ? [e] : (e.filter ?? []))));
const fileSet = z.object({ from: z.string(), to: z.string(), filter: z.array(z.string()).optional() });
const fpmScripts = z.object({ afterInstall: z.literal('resources/linux/after-install.sh'), afterRemove: z.literal('resources/linux/after-remove.sh') });

/** What the rest of the repo (docs, launcher, udev scripts, CI) assumes about the builder config. */
export const ProjectBuilderConfig = z.object({
  appId: z.literal('org.fastswitch.workbench'),
  productName: z.literal('Fastswitch Workbench'),
  npmRebuild: z.literal(false),
  asar: z.literal(true),
  files: patterns.refine((f) => f.includes('out/**/*') && f.includes('!out/**/*.map'), 'files must take out/** and leave its source maps out'),
  asarUnpack: z.array(z.string()).refine((a) => a.includes('**/*.node'), 'asarUnpack must unpack native modules (**/*.node)'),
  extraResources: z.array(fileSet).refine((r) => ['profiles', 'examples'].every((to) => r.some((s) => s.to === to)), 'extraResources must ship profiles and examples'),
  fileAssociations: z.array(z.object({ ext: z.string(), name: z.string() })).refine((a) => a.some((f) => f.ext === 'fsw'), 'a file association for .fsw is required'),
  afterPack: z.literal('./scripts/after-pack.cjs'),
  linux: z.object({
    target: z.array(z.string()).refine((t) => ['AppImage', 'deb', 'rpm'].every((x) => t.includes(x)), 'linux targets: AppImage, deb, rpm'),
    // The fsw launcher and the udev scripts name the binary.
    executableName: z.literal('fastswitch-workbench'),
    maintainer: z.string().optional(),
    icon: z.string(),
    extraResources: z.array(fileSet).refine((r) => r.some((s) => s.from === 'resources/linux' && s.to === 'linux'), 'linux must ship resources/linux as linux/'),
  }),
  deb: fpmScripts,
  rpm: fpmScripts,
  win: z.object({ target: z.array(z.string()).refine((t) => t.includes('nsis'), 'windows target: nsis'), icon: z.string() }),
  mac: z.object({ target: z.array(z.string()).refine((t) => t.includes('dmg'), 'macOS target: dmg'), icon: z.string() }),
});
export type ProjectBuilderConfig = z.infer<typeof ProjectBuilderConfig>;

export type ConfigCheck = { ok: true; config: ProjectBuilderConfig } | { ok: false; problems: string[] };

/** Loads and checks electron-builder.yml of `projectDir`; problems name the file and the field. */
export async function checkBuilderConfig(projectDir: string): Promise<ConfigCheck> {
  const builderConfig = require('app-builder-lib/out/util/config/config') as BuilderConfigModule;
  const { DebugLogger } = require('builder-util') as BuilderUtilModule;
  const path = join(projectDir, CONFIG_FILE);
  if (!existsSync(path)) return { ok: false, problems: [`${path}: missing`] };
  let raw: Record<string, unknown>;
  try {
    raw = await builderConfig.getConfig(projectDir, path, null);
    await builderConfig.validateConfiguration(raw, new DebugLogger(false));
  } catch (error) {
    return { ok: false, problems: [`${CONFIG_FILE}: electron-builder rejects it: ${(error as Error).message}`] };
  }
  if (raw.electronFuses !== undefined) {
    return { ok: false, problems: [`${CONFIG_FILE}: electronFuses: remove it; scripts/after-pack.cjs sets the fuses and electron-builder would flip them again after it`] };
  }
  const parsed = ProjectBuilderConfig.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${CONFIG_FILE}: ${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const problems = referencedPathProblems(projectDir, parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

/** Every file or folder the config names must exist in the repo. */
function referencedPathProblems(projectDir: string, config: ProjectBuilderConfig): string[] {
  const paths = [
    config.afterPack,
    config.linux.icon,
    config.win.icon,
    config.mac.icon,
    config.deb.afterInstall,
    config.deb.afterRemove,
    config.rpm.afterInstall,
    config.rpm.afterRemove,
    ...config.extraResources.map((r) => r.from),
    ...config.linux.extraResources.map((r) => r.from),
  ];
  return [...new Set(paths)].filter((p) => !existsSync(join(projectDir, p))).map((p) => `${CONFIG_FILE}: names ${p}, which does not exist`);
}

/**
 * What electron-builder's deb and rpm targets stop on (FpmTarget), which
 * `--dir` never reaches: a project URL and a maintainer with an email.
 */
export function fpmMetadataProblems(packageJson: { homepage?: unknown; author?: unknown }, linuxMaintainer?: string): string[] {
  const problems: string[] = [];
  if (typeof packageJson.homepage !== 'string' || packageJson.homepage === '') problems.push('package.json has no "homepage" (deb and rpm carry it as the project URL)');
  const author = packageJson.author;
  const authorEmail = typeof author === 'object' && author !== null && typeof (author as { email?: unknown }).email === 'string';
  const authorString = typeof author === 'string' && /<[^>]+@[^>]+>/.test(author);
  if (!linuxMaintainer && !authorEmail && !authorString) problems.push('package.json has no "author" with an email (deb and rpm name it as maintainer)');
  return problems;
}

interface IconConverterModule {
  convertIcon(options: { sources: string[]; fallbackSources: string[]; roots: string[]; format: 'set' | 'icns' | 'ico'; outDir: string }): Promise<{
    icons?: Array<{ file: string; size: number }>;
    isFallback?: boolean;
    error?: string;
  }>;
}

/**
 * Reads the configured icons with electron-builder's own converter, as the
 * Linux, Windows and macOS targets will: none may fall back to Electron's
 * default icon, Linux gets every size from 16 to 512, Windows at least 256.
 */
export async function iconProblems(projectDir: string, config: ProjectBuilderConfig, outDir: string): Promise<string[]> {
  const { convertIcon } = require('app-builder-lib/out/util/iconConverter') as IconConverterModule;
  const problems: string[] = [];
  const targets = [
    ['set', config.linux.icon, [16, 32, 48, 64, 128, 256, 512]],
    ['ico', config.win.icon, [256]],
    ['icns', config.mac.icon, []],
  ] as const;
  for (const [format, source, sizes] of targets) {
    const result = await convertIcon({ sources: [source], fallbackSources: [], roots: [projectDir], format, outDir: join(outDir, `icon-${format}`) }).catch((error: unknown) => ({
      error: (error as Error).message,
      icons: [],
      isFallback: false,
    }));
    if (result.error || result.isFallback || !result.icons?.length) {
      problems.push(`${source}: electron-builder cannot use it as the ${format} icon (${result.error ?? 'falls back to the default icon'})`);
      continue;
    }
    const have = new Set(result.icons.map((i) => i.size));
    const missing = sizes.filter((s) => !have.has(s));
    if (missing.length > 0) problems.push(`${source}: no ${missing.join(', ')} px image for the ${format} icon`);
  }
  return problems;
}
