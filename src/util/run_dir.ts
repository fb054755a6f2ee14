// The run-directory layout, shared by the workers (who write it) and the coordinator (who reads it):
//   run.dir/ckpt-000500.bin   one file per saved step (6+ digits)
//   run.dir/latest            one line: the basename of the newest checkpoint
// Plus writeAtomic, the one way any of these files is written; openRegular, the one way they are opened
// for reading (a FIFO or a device in their place is refused before anything blocks on it); and the
// listing and retention (train.keep_checkpoints) of the checkpoints.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const CKPT_RE = /^ckpt-(\d{6,})\.bin$/;

/** Thrown when the run directory's `latest` pointer is unusable (names the pointer and what it holds). */
export class RunDirError extends Error {
  constructor(message: string, readonly file: string) {
    super(message);
    this.name = 'RunDirError';
  }
}

export function checkpointName(step: number): string {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new RangeError(`checkpoint step must be an integer >= 0, got ${step}`);
  }
  return `ckpt-${String(step).padStart(6, '0')}.bin`;
}

/** ckpt-000120.bin (or a path ending in it) -> 120; null when the name is not a checkpoint name. */
export function stepOfCheckpoint(file: string): number | null {
  const m = CKPT_RE.exec(path.basename(file));
  return m ? Number(m[1]) : null;
}

/** Write `buf` to `file` atomically (temp + fsync + rename + fsync dir); the temp file never outlives a
 *  failure (a SIGKILL aside: it is a dot file, never named like a checkpoint). `beforeSync` runs between
 *  the write and the fsync of the temp file (the test hook MYGPT_TEST_CKPT_DELAY_MS: a slow disk). */
export async function writeAtomic(file: string, buf: Buffer, beforeSync?: () => Promise<void>): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await fs.promises.mkdir(dir, { recursive: true });
  // unique per call: two writers of one process (a thread of each generation) may write in the same millisecond
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.writeFile(buf);
      await beforeSync?.();
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
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

export async function writeLatestPointer(runDir: string, file: string): Promise<void> {
  const name = path.basename(file);
  if (stepOfCheckpoint(name) === null) throw new RangeError(`not a checkpoint name: ${name}`);
  await writeAtomic(path.join(runDir, 'latest'), Buffer.from(name + '\n'));
}

/** What `st` is when it is not a regular file ('a FIFO', 'a character device', ...); null for a regular file. */
export function notRegular(st: fs.Stats): string | null {
  if (st.isFile()) return null;
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. Harmless for a regular file.
const READ_NONBLOCK = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const sameFile = (a: fs.Stats, b: fs.Stats) => a.ino === b.ino && a.dev === b.dev;

/** Opens `file` for reading only if it (or what a symlink names) is a regular file: stat before open, so a
 *  FIFO or a device is refused at once instead of blocking the read forever; the open cannot block, and
 *  fstat confirms it is still that file. `fail(why)` must throw the caller's error type. */
export async function openRegular(file: string, fail: (why: string) => never): Promise<fs.promises.FileHandle> {
  const st = await fs.promises.stat(file).catch((e: NodeJS.ErrnoException) =>
    fail(`cannot read (${e.code ?? e.message})`)
  );
  const kind = notRegular(st);
  if (kind) fail(`is ${kind}, not a regular file`);
  const fh = await fs.promises.open(file, READ_NONBLOCK).catch((e: NodeJS.ErrnoException) =>
    fail(`cannot read (${e.code ?? e.message})`)
  );
  const now = await fh.stat();
  if (!now.isFile() || !sameFile(st, now)) {
    await fh.close();
    fail('was replaced while being opened');
  }
  return fh;
}

/** openRegular, synchronously, for small files (at most maxBytes are read). */
export function readRegularSync(file: string, maxBytes: number, fail: (why: string) => never): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    return fail(`cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  const kind = notRegular(st);
  if (kind) fail(`is ${kind}, not a regular file`);
  const fd = fs.openSync(file, READ_NONBLOCK);
  try {
    if (!sameFile(st, fs.fstatSync(fd))) fail('was replaced while being opened');
    const buf = Buffer.alloc(maxBytes);
    return buf.subarray(0, fs.readSync(fd, buf, 0, maxBytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The checkpoint name `run.dir/latest` holds, or null when there is no pointer. It must be a regular file
 *  holding a plain checkpoint name (no directories, so it can never point outside run.dir); whether that
 *  file exists is not checked here. */
export function latestPointer(runDir: string): string | null {
  const ptr = path.join(runDir, 'latest');
  return fs.existsSync(ptr) ? pointerName(ptr) : null;
}

/** The checkpoint name a pointer file holds; the pointer must be a regular file. */
function pointerName(ptr: string): string {
  const raw = readRegularSync(ptr, 256, (why) => {
    throw new RunDirError(`${ptr} ${why}`, ptr);
  }).toString('utf8');
  const name = raw.trim();
  if (name.length > 64 || stepOfCheckpoint(name) === null || name !== path.basename(name)) {
    throw new RunDirError(
      `${ptr} must hold a checkpoint name like ckpt-000500.bin, got ${JSON.stringify(raw.slice(0, 80))}`,
      ptr,
    );
  }
  return name;
}

/** Path of the newest checkpoint of a run directory, or null when it has none: what `latest` names, which
 *  must exist. */
export function latestCheckpoint(runDir: string): string | null {
  const ptr = path.join(runDir, 'latest');
  return fs.existsSync(ptr) ? checkpointOfPointer(ptr) : null;
}

/** The checkpoint a `latest` pointer file names, in the pointer's own directory (RunDirError if unusable). */
export function checkpointOfPointer(ptr: string): string {
  const runDir = path.dirname(ptr), name = pointerName(ptr);
  const file = path.join(runDir, name);
  if (!fs.existsSync(file)) throw new RunDirError(`${ptr} points to ${name}, which does not exist in ${runDir}`, ptr);
  return file;
}

export interface CheckpointEntry {
  file: string;
  step: number;
}

/** Every entry of run.dir named like a checkpoint (whatever its kind), newest step first; none when the
 *  directory does not exist. */
export function listCheckpoints(runDir: string): CheckpointEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(runDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names.flatMap((n) => {
    const step = stepOfCheckpoint(n);
    return step === null ? [] : [{ file: path.join(runDir, n), step }];
  })
    .sort((a, b) => b.step - a.step);
}

/** train.keep_checkpoints: after `written` and the `latest` pointer naming it are durable, deletes all but
 *  the newest `keep` checkpoints of steps up to `written`'s (0 = keep all). Never deletes `written`, what
 *  `latest` names, or the checkpoint just before `written`: that is the one rank 0 reported last, and a group
 *  restart decided while `written` was being saved resumes from it (it goes at the next save), nor a `pinned`
 *  one (the background writer's: the checkpoints already reported and the one this generation loaded). Checkpoints of
 *  later steps (left by the run a fallback abandoned) are neither counted nor deleted. Returns the deleted paths. */
export async function pruneCheckpoints(runDir: string, keep: number, written: string,
  pinned: readonly string[] = []): Promise<string[]>
{
  const step = stepOfCheckpoint(written);
  if (keep <= 0 || step === null) return [];
  const latest = latestPointer(runDir);
  const upTo = listCheckpoints(runDir).filter((c) => c.step <= step);
  const previous = upTo.find((c) => c.step < step);
  const kept = new Set([path.basename(written), latest, previous && path.basename(previous.file),
    ...pinned.map((f) => path.basename(f))]);
  const doomed = upTo.slice(keep).filter((c) => !kept.has(path.basename(c.file)));
  for (const c of doomed) await fs.promises.rm(c.file, { force: true });
  return doomed.map((c) => c.file);
}

/** Pointer files are one checkpoint name (at most 64 characters) and a newline; checkpoints are far larger. */
const POINTER_MAX_BYTES = 80;

/** The checkpoint a user names (mygpt-generate --checkpoint): a checkpoint file as it is, a run directory
 *  (its `latest`), or a `latest` pointer itself (a small file named `latest` or holding a checkpoint name).
 *  RunDirError naming the path when it is none of these. Whether a file is a valid checkpoint is for
 *  readCheckpoint to say. */
export function resolveCheckpointPath(p: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RunDirError(
      `${p}: ${code === 'ENOENT' ? 'no such checkpoint file or run directory' : `cannot read (${code})`}`,
      p,
    );
  }
  if (st.isDirectory()) {
    const file = latestCheckpoint(p);
    if (file === null) {
      throw new RunDirError(
        `${p} is a directory without a \`latest\` pointer: name a checkpoint file (ckpt-NNNNNN.bin) ` +
          'or the run.dir of a run that saved one',
        p,
      );
    }
    return file;
  }
  if (!st.isFile()) throw new RunDirError(`${p} is ${notRegular(st)}, not a checkpoint file or a run directory`, p);
  if (st.size <= POINTER_MAX_BYTES &&
    (path.basename(p) === 'latest' || stepOfCheckpoint(fs.readFileSync(p, 'utf8').trim()) !== null))
  {
    return checkpointOfPointer(p);
  }
  return p;
}
