import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePlatformProfile, type ProfileResult } from '../../common/profile/platform-profile';

/** resources/profiles/ of this checkout (works from the sources and from out/main). */
export function profilesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const candidate = resolve(here, up, 'resources/profiles');
    try {
      readFileSync(join(candidate, 'galaxy-nexus.json'));
      return candidate;
    } catch {
      // try the next layout
    }
  }
  return resolve(here, '../../resources/profiles');
}

/** Reads a profile file and validates it; a missing or bad file is a value, not a throw. */
export function loadProfile(path: string): ProfileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, error: { kind: 'invalid-profile', source: path, path: '', message: `${path}: cannot read profile (${err.code ?? err.message})` } };
  }
  return parsePlatformProfile(text, path);
}

/** The built-in profile by id (e.g. `galaxy-nexus`). */
export function loadBuiltinProfile(id: string): ProfileResult {
  return loadProfile(join(profilesDir(), `${id}.json`));
}
