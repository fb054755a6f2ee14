// The raw libzmq reference in C (bench/raw_zmq.c, what is timed is described there): the ceiling the zmq data
// plane is held to ("busbw >= 0.8 of a raw libzmq one-way reference written in C for the same bytes").
// Compiled here at first use with gcc -O2 ... -lzmq (again only when raw_zmq.c is newer than the binary);
// without gcc or the libzmq headers (libzmq3-dev) the functions return null and rawZmqCSkipped() says why.
// Standalone: node dist/bench/raw_zmq_c.js [--bytes 4e6] [--chunk 1048576] [--iters 20] [--ring [--world 2]]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// bench/*.ts compiles to dist/bench/*.js: the source stays in the repository's bench/, the binary goes next to the .js
const SOURCE = path.join(__dirname, '..', '..', 'bench', 'raw_zmq.c');
const BINARY = path.join(__dirname, 'mygpt-raw-zmq');

let built: { bin: string; } | { skipped: string; } | undefined;
let lastSkip: string | null = null;

/** Why the last call returned null (build or run failure); null when nothing was skipped. */
export const rawZmqCSkipped = (): string | null => lastSkip;

function build(): { bin: string; } | { skipped: string; } {
  if (!fs.existsSync(SOURCE)) return { skipped: `${SOURCE} not found` };
  const binTime = fs.existsSync(BINARY) ? fs.statSync(BINARY).mtimeMs : -1;
  if (binTime >= fs.statSync(SOURCE).mtimeMs) return { bin: BINARY };
  const tmp = `${BINARY}.${process.pid}.tmp`; // then renamed: a concurrent bench never runs a half-written binary
  const r = spawnSync('gcc', ['-O2', '-o', tmp, SOURCE, '-lzmq'], { encoding: 'utf8' });
  if (r.error) {
    return {
      skipped: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gcc not found' : `gcc: ${r.error.message}`,
    };
  }
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    const err = r.stderr ?? '';
    if (/zmq\.h/.test(err)) return { skipped: 'zmq.h not found (install libzmq3-dev)' };
    if (/-lzmq/.test(err)) return { skipped: 'libzmq not found (install libzmq3-dev)' };
    return { skipped: `gcc failed: ${err.trim().split('\n')[0] ?? `exit ${r.status}`}` };
  }
  fs.renameSync(tmp, BINARY);
  return { bin: BINARY };
}

interface Result {
  mode: string;
  world: number;
  bytes: number;
  chunk: number;
  iters: number;
  median_s: number;
  bytes_per_s: number;
  libzmq: string;
}

function run(args: (string | number)[], curve = false): Result | null {
  built ??= build();
  if ('skipped' in built) {
    lastSkip = built.skipped;
    return null;
  }
  try {
    const out = execFileSync(built.bin, args.map(String), { encoding: 'utf8', timeout: 600_000,
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RAW_ZMQ_CURVE: curve ? '1' : '0' } });
    lastSkip = null;
    return JSON.parse(out.trim().split('\n').pop()!) as Result;
  } catch (e) {
    const err = e as { stderr?: string; message: string; };
    lastSkip = `${path.basename(built.bin)} ${args.join(' ')}: ${(err.stderr || err.message).trim().split('\n')[0]}`;
    return null;
  }
}

/** Median seconds to stream `bytes` (messages of a 40-byte header + chunkBytes of payload) from one process to
 *  another. */
export const rawZmqCOneWaySeconds = (bytes: number, chunkBytes: number, iters: number, curve = false): number | null =>
  run(['oneway', bytes, chunkBytes, iters], curve)?.median_s ?? null;

/** Median seconds for N processes to each stream `bytesPerRank` to the next while receiving as much from the
 *  previous. */
export const rawZmqCRingSeconds = (world: number, bytesPerRank: number, chunkBytes: number, iters: number,
  curve = false): number | null => run(['ring', world, bytesPerRank, chunkBytes, iters], curve)?.median_s ?? null;

function main(): void {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const bytes = arg('bytes', 4e6), chunk = arg('chunk', 1 << 20), iters = arg('iters', 20), world = arg('world', 2);
  const r = run(
    process.argv.includes('--ring') ? ['ring', world, bytes, chunk, iters] : ['oneway', bytes, chunk, iters],
  );
  if (!r) {
    console.log(`raw libzmq C reference skipped: ${rawZmqCSkipped()}`);
    return;
  }
  console.log(
    `raw libzmq ${r.libzmq} C ${r.mode}${r.mode === 'ring' ? ` x${r.world}` : ''}: ${
      r.bytes / 1e6
    } MB in ${r.chunk} B messages, ` +
      `median of ${r.iters}: ${(r.median_s * 1e3).toFixed(2)} ms = ${(r.bytes_per_s / 1e9).toFixed(2)} GB/s${
        r.mode === 'ring' ? ' per rank' : ''
      }`,
  );
}

if (require.main === module) main();
