import { randomBytes, timingSafeEqual } from 'node:crypto';

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison, so a guesser learns nothing from response times. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads the token from `?token=`, an `Authorization: Bearer` header or the session cookie. */
export function tokenFromRequest(url: URL, headers: Record<string, string | string[] | undefined>): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const auth = headers['authorization'];
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7);
  const cookie = headers['cookie'];
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const [name, value] = part.trim().split('=', 2);
      if (name === TOKEN_COOKIE && value) return value;
    }
  }
  return null;
}

export const TOKEN_COOKIE = 'fsw_token';
