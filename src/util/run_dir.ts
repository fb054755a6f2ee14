// The run-directory layout, shared by the workers (who write it) and the coordinator (who reads it):
//   run.dir/ckpt-000500.bin   one file per saved step (6+ digits)
//   run.dir/latest            one line: the basename of the newest checkpoint
// Plus writeAtomic, the one way any of these files is written.
import * as fs from 'fs';
import * as path from 'path';

const CKPT_RE = /^ckpt-(\d{6,})\.bin$/;

/** Thrown when the run directory's `latest` pointer is unusable (names the pointer and what it holds). */
export class RunDirError extends Error {
  constructor(message: string, readonly file: string) { super(message); this.name = 'RunDirError'; }
}

export function checkpointName(step: number): string {
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`checkpoint step must be an integer >= 0, got ${step}`);
  return `ckpt-${String(step).padStart(6, '0')}.bin`;
}

/** ckpt-000120.bin (or a path ending in it) -> 120; null when the name is not a checkpoint name. */
export function stepOfCheckpoint(file: string): number | null {
  const m = CKPT_RE.exec(path.basename(file));
  return m ? Number(m[1]) : null;
}

/** Write `buf` to `file` atomically (temp + fsync + rename + fsync dir); the temp file never outlives a failure. */
export async function writeAtomic(file: string, buf: Buffer): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${Date.now()}`);
  try {
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.writeFile(buf);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  const dh = await fs.promises.open(dir, 'r');
  try { await dh.sync(); } finally { await dh.close(); }
}

export async function writeLatestPointer(runDir: string, file: string): Promise<void> {
  const name = path.basename(file);
  if (stepOfCheckpoint(name) === null) throw new RangeError(`not a checkpoint name: ${name}`);
  await writeAtomic(path.join(runDir, 'latest'), Buffer.from(name + '\n'));
}

/** Path of the newest checkpoint of a run directory, or null when it has none. The pointer must hold a
 *  plain checkpoint name (no directories, so it can never point outside run.dir) of an existing file. */
export function latestCheckpoint(runDir: string): string | null {
  const ptr = path.join(runDir, 'latest');
  return fs.existsSync(ptr) ? checkpointOfPointer(ptr) : null;
}

/** The checkpoint a `latest` pointer file names, in the pointer's own directory (RunDirError if unusable). */
export function checkpointOfPointer(ptr: string): string {
  const runDir = path.dirname(ptr);
  const raw = fs.readFileSync(ptr, 'utf8');
  const name = raw.trim();
  if (name.length > 64 || stepOfCheckpoint(name) === null || name !== path.basename(name)) {
    throw new RunDirError(`${ptr} must hold a checkpoint name like ckpt-000500.bin, got ${JSON.stringify(raw.slice(0, 80))}`, ptr);
  }
  const file = path.join(runDir, name);
  if (!fs.existsSync(file)) throw new RunDirError(`${ptr} points to ${name}, which does not exist in ${runDir}`, ptr);
  return file;
}

/** Pointer files are one checkpoint name (at most 64 characters) and a newline; checkpoints are far larger. */
const POINTER_MAX_BYTES = 80;

/** The checkpoint a user names (mygpt-generate --checkpoint): a checkpoint file as it is, a run directory
 *  (its `latest`), or a `latest` pointer itself (a small file named `latest` or holding a checkpoint name).
 *  RunDirError naming the path when it is none of these. Whether a file is a valid checkpoint is for
 *  readCheckpoint to say. */
export function resolveCheckpointPath(p: string): string {
  let st: fs.Stats;
  try { st = fs.statSync(p); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RunDirError(`${p}: ${code === 'ENOENT' ? 'no such checkpoint file or run directory' : `cannot read (${code})`}`, p);
  }
  if (st.isDirectory()) {
    const file = latestCheckpoint(p);
    if (file === null) {
      throw new RunDirError(`${p} is a directory without a \`latest\` pointer: name a checkpoint file (ckpt-NNNNNN.bin) ` +
        'or the run.dir of a run that saved one', p);
    }
    return file;
  }
  if (!st.isFile()) throw new RunDirError(`${p} is not a regular file or a directory`, p);
  if (st.size <= POINTER_MAX_BYTES &&
    (path.basename(p) === 'latest' || stepOfCheckpoint(fs.readFileSync(p, 'utf8').trim()) !== null)) {
    return checkpointOfPointer(p);
  }
  return p;
}
