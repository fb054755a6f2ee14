// What this process holds right now, for leak checks after a group restart (MYGPT_DEBUG_RESOURCES=1
// makes the worker log it each time a generation's ring is closed): OS threads, open file descriptors (sockets,
// shared-memory regions) and libuv handles.
import * as fs from 'node:fs';

export interface Resources {
  threads: number;
  fds: number;
  handles: Record<string, number>;
}

export function liveResources(): Resources {
  let threads = -1, fds = -1;
  try {
    threads = fs.readdirSync('/proc/self/task').length;
  } catch { /* not Linux */ }
  try {
    fds = fs.readdirSync('/proc/self/fd').length;
  } catch { /* not Linux */ }
  const stdio: unknown[] = [process.stdin, process.stdout, process.stderr];
  const handles: Record<string, number> = {};
  // undocumented but stable since Node 0.x; a debug aid only
  for (const h of (process as unknown as { _getActiveHandles(): object[]; })._getActiveHandles()) {
    if (stdio.includes(h)) continue;
    const k = h.constructor?.name ?? '?';
    handles[k] = (handles[k] ?? 0) + 1;
  }
  return { threads, fds, handles };
}

/** The worker's log line (test/fault/comm_thread.test.ts reads it). */
export const resourcesLine = (generation: number, r: Resources) =>
  `resources after closing generation ${generation}: ${r.threads} OS threads, ${r.fds} open files, handles ${
    JSON.stringify(r.handles)
  }`;
