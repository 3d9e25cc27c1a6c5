/**
 * One CSP for the renderer: no remote content, no eval. Monaco needs inline
 * styles it injects at run time and its workers from blob: URLs (PITFALLS).
 */
export function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src ${connectSrc}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** In web mode the page talks to its own origin over HTTP and WebSocket. */
export function webContentSecurityPolicy(): string {
  return contentSecurityPolicy("'self'");
}
