// Where a run starts in run.dir, decided once by mygpt-coord before any worker starts:
//   --resume [auto]: the checkpoint `latest` names, verified (a regular file, magic, hash, size, header:
//     src/util/checkpoint_file.ts, no tensors decoded); when it is unusable, the newest valid checkpoint of
//     an earlier step, with a warning naming each bad file, why, and the one used instead. Nothing valid
//     left: a ConfigError (exit 2) naming every file tried.
//   fresh (no --resume): refused when run.dir already holds checkpoints (a later --resume would continue
//     the wrong run), unless --force, which deletes them and `latest`: planStart decides and deletes nothing;
//     the plan's discard() deletes, called by mygpt-coord once every other check passed and its control
//     socket is bound (a refused run loses nothing).
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../config/load';
import { CheckpointError, verifyCheckpointFile } from '../util/checkpoint_file';
import { RunDirError, latestPointer, listCheckpoints, notRegular, stepOfCheckpoint } from '../util/run_dir';

export interface StartOptions {
  resume: string | undefined; // --resume ('' = the flag alone), --resume auto, or undefined
  force: boolean; // --force
  runDir: string;
  log: (line: string) => void;
  warn: (line: string) => void;
}

export interface StartPlan {
  resumeFrom?: string; // the checkpoint every worker loads first; undefined: a fresh start
  discard?: () => void; // --force: deletes the earlier run's checkpoints and `latest` (run.dir then holds none)
}

/** Where the run starts; deletes nothing (see StartPlan.discard). */
export async function planStart(o: StartOptions): Promise<StartPlan> {
  usableRunDir(o.runDir);
  if (o.resume === undefined) return { discard: freshStart(o) };
  if (o.resume !== '' && o.resume !== 'auto') {
    throw new ConfigError(`--resume: expected no value or "auto", got "${o.resume}"`);
  }
  let found: string | null;
  try {
    found = await newestValid(o.runDir, o.warn);
  } catch (e) {
    if (e instanceof RunDirError) throw new ConfigError(`--resume: ${e.message}`);
    throw e;
  }
  if (found) return { resumeFrom: found };
  if (o.resume === '') {
    throw new ConfigError(
      `--resume: no checkpoint in ${o.runDir} (no ${o.runDir}/latest); use --resume auto to start fresh then`,
    );
  }
  o.log(`--resume auto: no checkpoint in ${o.runDir}, starting fresh`);
  return {};
}

/** run.dir is a directory this process can list and write, or does not exist yet (the run creates it);
 *  otherwise a ConfigError naming run.dir (not an errno error from deep inside, exit 1). */
function usableRunDir(runDir: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(runDir, { throwIfNoEntry: false });
    if (st?.isDirectory()) fs.accessSync(runDir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(
      `run.dir ${runDir}: cannot use it (${code}${code === 'ENOTDIR' ? ': a part of the path is a file' : ''})`,
    );
  }
  if (st && !st.isDirectory()) {
    throw new ConfigError(`run.dir ${runDir} is ${notRegular(st) ?? 'a regular file'}, not a directory`);
  }
}

/** The checkpoint `latest` names if it verifies, else the newest valid one before it (without a usable
 *  `latest`: the newest valid one of all); null when run.dir has none at all. */
async function newestValid(runDir: string, warn: (line: string) => void): Promise<string | null> {
  let pointed: string | null = null;
  try {
    pointed = latestPointer(runDir);
  } catch (e) {
    if (!(e instanceof RunDirError)) throw e;
    warn(`mygpt-coord: warning: ${e.message}; ignoring it: the newest valid ckpt-* in ${runDir} is used instead`);
  }
  const ptrStep = pointed === null ? Infinity : stepOfCheckpoint(pointed)!;
  const older = listCheckpoints(runDir).filter((c) => c.step < ptrStep).map((c) => c.file);
  const candidates = pointed === null ? older : [path.join(runDir, pointed), ...older];
  const bad: CheckpointError[] = [];
  for (const file of candidates) {
    try {
      await verifyCheckpointFile(file);
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      warn(
        `mygpt-coord: warning: ${e.message}${
          bad.length === 0 && pointed !== null ? ` (named by ${path.join(runDir, 'latest')})` : ''
        }`,
      );
      bad.push(e);
      continue;
    }
    if (bad.length) {
      warn(
        `mygpt-coord: warning: resuming from ${file} (step ${
          stepOfCheckpoint(file)
        }) instead: the newest valid checkpoint before ${bad[0].file}`,
      );
    }
    return file;
  }
  if (bad.length) {
    throw new ConfigError(`--resume: no valid checkpoint left in ${runDir}: ${bad.map((e) => e.message).join('; ')}`);
  }
  return null;
}

/** A fresh run: run.dir must hold no checkpoint and no `latest`, or --force deletes them (returned, not done). */
function freshStart(o: StartOptions): (() => void) | undefined {
  const ptr = path.join(o.runDir, 'latest');
  const hasPtr = fs.lstatSync(ptr, { throwIfNoEntry: false }) !== undefined;
  const ckpts = listCheckpoints(o.runDir);
  if (!hasPtr && ckpts.length === 0) return undefined;
  const what = [ckpts.length ? `${ckpts.length} checkpoint(s), ${span(ckpts.map((c) => c.file))}` : '',
    hasPtr ? 'a latest pointer' : '']
    .filter(Boolean).join(' and ');
  if (!o.force) {
    throw new ConfigError(`run.dir ${o.runDir} holds ${what} of an earlier run: continue it with --resume, ` +
      'or start over with --force (deletes them), or set another run.dir');
  }
  return () => {
    for (const c of ckpts) fs.rmSync(c.file, { force: true });
    fs.rmSync(ptr, { force: true });
    o.warn(`mygpt-coord: --force: deleted ${what} in ${o.runDir}; starting fresh`);
  };
}

const span = (files: string[]) =>
  files.length === 1 ?
    path.basename(files[0])
    : `${path.basename(files[files.length - 1])} .. ${path.basename(files[0])}`;
