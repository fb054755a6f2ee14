// Which bind addresses other machines can reach, and the warning for exposing plain (non-CURVE) sockets.
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.startsWith('127.') || h === '::1';
}

/** null when fine; else a warning for binding `host` without CURVE (anyone who reaches it may join the
 *  run, read the gradients or inject data). */
export function plainBindWarning(what: string, host: string, curve: boolean): string | null {
  if (curve || isLoopbackHost(host)) return null;
  return `warning: ${what} binds ${host} (reachable from other machines) without encryption or authentication; ` +
    'set security.curve: true (docs/security.md)';
}
