// Child process for test/native/fuzz.test.ts: MYGPT_FUZZ_CALLS random calls into the addon, every function,
// random argument counts, types and values (mostly plausible, so many calls succeed; the rest hostile:
// NaN, infinities, negatives, fractions, huge integers, strings, objects, detached or foreign buffers).
// Prints one JSON line of counts. Inert unless MYGPT_FUZZ_CHILD=1 (node --test runs every .js under test/).
import { Rng } from '../../src/util/rng';
import { loadAddon } from '../../src/native/addon';

type Slot = 'heap' | 'off' | 'dim' | 'stride' | 'bool' | 'num' | 'op' | 'f32' | 'u8' | 'view' | 'threads';
/** Argument slots of each addon function (native/kernels.h), so plausible values land where they fit. */
export const SIGNATURES: Record<string, Slot[]> = {
  matmul: ['heap', 'off', 'off', 'off', 'dim', 'dim', 'dim', 'dim', 'bool', 'bool', 'stride', 'stride'],
  setThreads: ['threads'],
  info: [],
  biasAct: ['heap', 'off', 'off', 'dim', 'dim', 'dim', 'bool'],
  binary: ['heap', 'op', 'off', 'op', 'off', 'op', 'off', 'dim', 'dim'],
  unary: ['heap', 'op', 'off', 'off', 'dim'],
  sumMiddle: ['heap', 'off', 'off', 'dim', 'dim', 'dim', 'num'],
  gelu: ['heap', 'off', 'off', 'dim'],
  geluGrad: ['heap', 'off', 'off', 'off', 'dim'],
  layerNorm: ['heap', 'off', 'off', 'off', 'off', 'dim', 'dim', 'num'],
  layerNormGrad: ['heap', 'off', 'off', 'off', 'off', 'off', 'off', 'dim', 'dim', 'num'],
  causalSoftmax: ['heap', 'off', 'off', 'dim', 'dim', 'num'],
  causalSoftmaxGrad: ['heap', 'off', 'off', 'off', 'dim', 'dim', 'num'],
  crossEntropy: ['heap', 'off', 'off', 'off', 'dim', 'dim'],
  crossEntropyGrad: ['heap', 'off', 'off', 'off', 'off', 'dim', 'dim'],
  transpose4: ['heap', 'off', 'off', 'dim', 'dim', 'dim', 'dim', 'stride', 'stride', 'stride', 'stride'],
  heads: ['heap', 'off', 'off', 'dim', 'dim', 'dim', 'dim', 'stride', 'dim', 'bool'],
  adamw: ['f32', 'f32', 'f32', 'f32', 'u8', 'num', 'num', 'num', 'num', 'num', 'num'],
  sumSquares: ['f32', 'dim'],
  vecAdd: ['f32', 'view', 'f32'],
  vecAddBf16: ['f32', 'view', 'view', 'bool'],
  vecToBf16: ['f32', 'view'],
  vecFromBf16: ['view', 'f32'],
};

const HEAP_BYTES = 64 * 1024;

function detached(): ArrayBuffer {
  const b = new ArrayBuffer(16);
  structuredClone(b, { transfer: [b] });
  return b;
}

/** A hostile value of any type. */
function hostile(r: Rng, heap: ArrayBuffer): unknown {
  const all: Array<() => unknown> = [
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => -1,
    () => -(2 ** 31),
    () => 2 ** 31,
    () => 2 ** 31 - 1,
    () => 2 ** 32 + 4,
    () => 2 ** 53,
    () => 2 ** 64,
    () => 1e308,
    () => -0,
    () => 0.5,
    () => 4.000001,
    () => -4,
    () => HEAP_BYTES,
    () => HEAP_BYTES - 4,
    () => '12',
    () => '',
    () => true,
    () => false,
    () => null,
    () => undefined,
    () => ({}),
    () => [4, 4],
    () => () => 1,
    () => Symbol('x'),
    () => 10n,
    () => new ArrayBuffer(0),
    () => detached(),
    () => new SharedArrayBuffer(64),
    () => new DataView(heap),
    () => new Float64Array(3),
    () => new Uint16Array(5),
    () => Buffer.alloc(23).subarray(3),
    () => new Float32Array(heap, 4, 3),
    () => new Uint8Array(7),
    () => heap,
    () => new Float32Array(0),
    () => new Int32Array(8).fill(-1),
  ];
  return all[r.int(all.length)]();
}

function plausible(slot: Slot, r: Rng, heap: ArrayBuffer): unknown {
  switch (slot) {
    case 'heap':
      return heap;
    case 'off':
      return 4 * (r.next() < 0.7 ? r.int(64) : r.int(HEAP_BYTES / 4 + 1)); // mostly near the start
    case 'dim':
      return r.int(17);
    case 'stride':
      return r.int(65);
    case 'bool':
      return r.next() < 0.5;
    case 'num':
      return (r.next() - 0.5) * 4;
    case 'op':
      return r.int(5);
    case 'threads':
      return 1 + r.int(2);
    case 'f32':
      return new Float32Array(r.int(65)).map(() => r.normal());
    case 'u8':
      return new Uint8Array(r.int(65)).map(() => r.int(2));
    default: {
      const n = r.int(33);
      const k = r.int(4);
      return k === 0
        ? new Float32Array(n)
        : k === 1
        ? new Uint16Array(n)
        : k === 2
        ? Buffer.alloc(n * 2 + 1).subarray(1)
        : new Uint8Array(n * 4);
    }
  }
}

export interface FuzzCounts {
  seed: number;
  calls: number;
  ok: number;
  typeErrors: number;
  rangeErrors: number;
  otherErrors: number;
  other: string[]; // any other error is a bug: the first few, as text
}

export function fuzz(seed: number, calls: number): FuzzCounts {
  const loaded = loadAddon();
  if (!loaded.addon) throw new Error(`addon not loaded: ${loaded.reason}`);
  const addon = loaded.addon as unknown as Record<string, (...a: unknown[]) => unknown>;
  const names = Object.keys(SIGNATURES);
  const r = new Rng(seed);
  const heap = new ArrayBuffer(HEAP_BYTES);
  new Float32Array(heap).forEach((_, i, a) => {
    a[i] = r.normal();
  });
  const out: FuzzCounts = { seed, calls, ok: 0, typeErrors: 0, rangeErrors: 0, otherErrors: 0, other: [] };
  for (let c = 0; c < calls; c++) {
    const name = names[r.int(names.length)];
    const sig = SIGNATURES[name];
    const argc = r.next() < 0.05 ? r.int(sig.length + 3) : sig.length;
    const hostileRate = r.next() < 0.5 ? 0 : 0.15;
    const args = Array.from({ length: argc }, (_, i) =>
      i < sig.length && r.next() >= hostileRate ? plausible(sig[i], r, heap) : hostile(r, heap));
    try {
      addon[name](...args);
      out.ok++;
    } catch (e) {
      if (e instanceof TypeError) out.typeErrors++;
      else if (e instanceof RangeError) out.rangeErrors++;
      else if (out.otherErrors++ < 10) out.other.push(`${name}: ${String(e)}`);
    }
  }
  addon.setThreads(1);
  return out;
}

if (process.env.MYGPT_FUZZ_CHILD === '1') {
  const seed = Number(process.env.MYGPT_FUZZ_SEED ?? 1);
  const calls = Number(process.env.MYGPT_FUZZ_CALLS ?? 100_000);
  process.stdout.write(`${JSON.stringify(fuzz(seed, calls))}\n`);
}
