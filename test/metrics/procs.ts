// Test helpers: free TCP ports, bounded polling, and a clear failure when a system tool is missing.
import net from 'node:net';
import fs from 'node:fs';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

// Poll `probe` until it returns a value (not undefined) or `timeoutMs` passes; then throw with `what`.
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>,
  everyMs = 250): Promise<T>
{
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

export function requireTool(path: string, pkg: string): string {
  if (!fs.existsSync(path)) {
    throw new Error(`${path} not found: install it with \`apt-get install ${pkg}\` (CI installs it)`);
  }
  return path;
}
