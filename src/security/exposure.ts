// Which bind addresses other machines can reach, and the warning for exposing plain (non-CURVE) sockets.
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.startsWith('127.') || h === '::1';
}

/** A wildcard bind address (every interface): bound, but not an address a peer can dial. */
export function isWildcardHost(host: string): boolean {
  return ['0.0.0.0', '*', '::', '[::]'].includes(host);
}

/** null for a loopback `host`; else a warning that /metrics at host:port is reachable from other
 *  machines and served without authentication or TLS (CURVE does not cover it). */
export function metricsBindWarning(host: string, port: number): string | null {
  if (isLoopbackHost(host)) return null;
  return `warning: the metrics endpoint (metrics.host) binds ${host}:${port} (reachable from other machines); ` +
    "/metrics and /healthz are served without authentication or TLS: anyone who reaches it reads the run's " +
    'metrics (hosts, loss, progress); restrict it (firewall, NetworkPolicy) or bind 127.0.0.1 and scrape locally';
}

/** null when fine; else a warning for binding `host` without CURVE (anyone who reaches it may join the
 *  run, read the gradients or inject data). */
export function plainBindWarning(what: string, host: string, curve: boolean): string | null {
  if (curve || isLoopbackHost(host)) return null;
  return `warning: ${what} binds ${host} (reachable from other machines) without encryption or authentication; ` +
    'set security.curve: true (docs/security.md)';
}
