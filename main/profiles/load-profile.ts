import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parsePlatformProfile, type PlatformProfile, type ProfileResult } from '../../common/profile/platform-profile';
import { WorkError } from '../cli/command';
import { resourcesDir } from '../resources-dir';

/** resources/profiles/ of this checkout, build or packaged app. */
export function profilesDir(): string {
  return resourcesDir('profiles', 'galaxy-nexus.json');
}

/**
 * Reads a profile file and validates it; a missing or bad file is a value,
 * not a throw. A profile may start from another one (`"extends":
 * "galaxy-nexus.json"`, relative to itself) and replace top-level fields, so
 * a variant of a board (another control interface, another RAM size) is a
 * few lines rather than a copy.
 */
export function loadProfile(path: string): ProfileResult {
  const raw = readProfileJson(path, []);
  return 'error' in raw ? { ok: false, error: raw.error } : parsePlatformProfile(raw.json, path);
}

type RawProfile = { json: Record<string, unknown> } | { error: ProfileResult extends infer R ? (R extends { ok: false; error: infer E } ? E : never) : never };

function readProfileJson(path: string, chain: string[]): RawProfile {
  const fail = (message: string, field = '') => ({ error: { kind: 'invalid-profile' as const, source: path, path: field, message: `${path}: ${message}` } });
  if (chain.includes(path)) return fail(`extends itself through ${[...chain, path].join(' → ')}`, 'extends');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return fail(err.code ? `cannot read profile (${err.code})` : `not JSON (${err.message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('(root): a profile is a JSON object');
  const { extends: base, ...fields } = json as Record<string, unknown>;
  if (base === undefined) return { json: fields };
  if (typeof base !== 'string') return fail('extends: expected the path of another profile', 'extends');
  const parent = readProfileJson(resolve(dirname(path), base), [...chain, path]);
  return 'error' in parent ? parent : { json: { ...parent.json, ...fields } };
}

/** The built-in profile by id (e.g. `galaxy-nexus`). */
export function loadBuiltinProfile(id: string): ProfileResult {
  return loadProfile(join(profilesDir(), `${id}.json`));
}

/** The profile a command or the app runs with: a file the user named, or the built-in Galaxy Nexus; a bad one stops the work with its path and field. */
export function loadProfileOrThrow(profilePath?: string): PlatformProfile {
  const loaded = profilePath ? loadProfile(profilePath) : loadBuiltinProfile('galaxy-nexus');
  if (!loaded.ok) throw new WorkError(loaded.error.message);
  return loaded.profile;
}
