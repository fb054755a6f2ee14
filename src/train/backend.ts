// Backend selection. Optional packages are loaded with a dynamic require so the build works without them.
import * as tf from '@tensorflow/tfjs';
import type { BackendConfig, BackendName } from '../config/types';
import { enableNativeKernels, describeNative, setNativeAllowed } from '../native';
import { ConfigError } from '../config/load';
import { writeLog } from '../util/log';
import { LOCAL_WORKERS_ENV, chooseThreads, cpuLimits } from '../util/cpus';

/** backend.name names a package that cannot be loaded here (not installed, or its native library or
 *  driver is missing), or no backend at all loads: the same on every retry, so a Config failure
 *  (the worker exits Config, the coordinator does not restart it). An installed backend that fails to
 *  initialise stays a plain Error (a device may be busy or reset). */
export class BackendUnavailableError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

interface Candidate {
  name: Exclude<BackendName, 'auto'>;
  pkg: string | null;
  tfName: string;
  hint: string;
}

const CANDIDATES: Candidate[] = [
  { name: 'tensorflow-gpu', pkg: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow',
    hint: 'npm install @tensorflow/tfjs-node-gpu (needs libtensorflow with CUDA/cuDNN, downloaded at install time, ' +
      'and an NVIDIA driver)' },
  { name: 'tensorflow', pkg: '@tensorflow/tfjs-node', tfName: 'tensorflow',
    hint: 'npm install @tensorflow/tfjs-node (needs libtensorflow, downloaded at install time)' },
  { name: 'wasm', pkg: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm',
    hint: 'npm install @tensorflow/tfjs-backend-wasm' },
  { name: 'cpu', pkg: null, tfName: 'cpu', hint: '' },
];

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynamicRequire: (id: string) => unknown = (id) => require(id);

function tryLoad(c: Candidate): Error | null {
  if (c.pkg === null) return null;
  try {
    dynamicRequire(c.pkg);
    return null;
  } catch (e) {
    return e as Error;
  }
}

/** backend.threads for this process: as set, or 0 = the CPUs it may use (util/cpus.ts), shared among the workers
 *  mygpt-coord launched on this machine (env MYGPT_LOCAL_WORKERS). */
function threadsFor(cfg: BackendConfig): { threads: number; why: string; } {
  const local = Number(process.env[LOCAL_WORKERS_ENV] ?? 1);
  return chooseThreads(cfg.threads, cpuLimits(), Number.isSafeInteger(local) && local > 0 ? local : 1);
}

let active: string | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** Activate the configured backend (auto = best installed: tensorflow-gpu > tensorflow > wasm > cpu), set the
 *  process-wide native switch from backend.native (wasm kernels, optimizer and the ring's sum loops alike),
 *  and return the name actually in use. Process-wide (tfjs is global). */
export function selectBackend(cfg: BackendConfig,
  log: (l: string) => void = (l) => writeLog('info', l)): Promise<string>
{
  // Serialised: concurrent tf.setBackend calls (e.g. several Trainers created at once) would race.
  const next = queue.then(() => select(cfg, log));
  queue = next.catch(() => undefined);
  return next;
}

async function select(cfg: BackendConfig, log: (l: string) => void): Promise<string> {
  setNativeAllowed(cfg.native);
  const wanted = cfg.name === 'auto' ? CANDIDATES : CANDIDATES.filter((c) => c.name === cfg.name);
  const failures: string[] = [];
  for (const c of wanted) {
    const err = tryLoad(c);
    if (err) {
      const first = err.message.split('\n')[0];
      if (cfg.name !== 'auto') {
        throw new BackendUnavailableError(
          `backend.name=${c.name}: cannot load ${c.pkg} (${first}); install it: ${c.hint}`,
        );
      }
      failures.push(`${c.name}: ${c.pkg} not loadable`);
      continue;
    }
    const threads = c.name === 'wasm' ? threadsFor(cfg) : undefined;
    if (threads) {
      const wasm = dynamicRequire('@tensorflow/tfjs-backend-wasm') as { setThreadsCount?: (n: number) => void; };
      try {
        wasm.setThreadsCount?.(threads.threads);
      } catch { /* threads only apply to the threaded wasm build */ }
    }
    const ok = await tf.setBackend(c.tfName);
    await tf.ready();
    if (!ok || tf.getBackend() !== c.tfName) {
      if (cfg.name !== 'auto') {
        throw new Error(`backend.name=${c.name}: tfjs could not initialise backend "${c.tfName}"; ${c.hint}`);
      }
      failures.push(`${c.name}: init failed`);
      continue;
    }
    if (active !== `${c.name}/${cfg.native}`) { // re-register kernels when backend.native changed
      log(`backend: ${c.name} (tfjs "${c.tfName}"${c.pkg ? `, ${c.pkg}` : ''})` +
        (failures.length ? `; skipped ${failures.join('; ')}` : ''));
      // Native OpenBLAS/fused kernels replace stock wasm kernels (stock stays when off; the line says why).
      if (c.tfName === 'wasm' && threads) {
        const s = enableNativeKernels({ threads: threads.threads, disable: !cfg.native });
        log(describeNative(s));
        if (s.threads !== undefined) {
          log(`OpenBLAS: ${s.threads} thread${s.threads === 1 ? '' : 's'} (${threads.why}` +
            (s.threads !== threads.threads
              ? `; asked for ${threads.threads}, this OpenBLAS build holds ${s.threads}`
              : '') +
            ')');
        }
      }
      active = `${c.name}/${cfg.native}`;
    }
    return c.name;
  }
  throw new BackendUnavailableError(`backend.name=auto: no tfjs backend available (${failures.join('; ')})`);
}
