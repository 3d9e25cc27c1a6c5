/**
 * DNS rebinding guard. A page of another site can re-point its own name at
 * 127.0.0.1 and reach a loopback server; the browser then sends that name in
 * Host. The token still stops it, but each try would count as a failed
 * attempt against 127.0.0.1 and lock the real user out. A loopback-bound
 * server therefore answers only to loopback names. Bound to another address
 * (a lab server), the machine has names we cannot know: the token decides.
 */
export function isLoopbackAddress(address: string): boolean {
  const name = address.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The host name of a Host header ("name:port", "[v6]:port", "name"). */
export function hostName(hostHeader: string): string {
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(hostHeader);
  if (bracketed) return bracketed[1] ?? '';
  return hostHeader.replace(/:\d+$/, '');
}

export function isAllowedHostHeader(bindHost: string, hostHeader: string | undefined): boolean {
  if (!isLoopbackAddress(bindHost)) return true;
  // HTTP/1.0 tools may omit Host; a browser never does.
  if (hostHeader === undefined) return true;
  return isLoopbackAddress(hostName(hostHeader.trim()));
}
