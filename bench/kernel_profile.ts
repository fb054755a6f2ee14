// Per-kernel time breakdown of one async step via tf.profile: total ms and call count per kernel name.
import * as tf from '@tensorflow/tfjs';

export interface KernelTime {
  name: string;
  ms: number;
  calls: number;
}

export async function profileKernels(
  step: () => Promise<unknown>,
): Promise<{ kernels: KernelTime[]; wallMs: number; }> {
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await step();
    return [] as tf.Tensor[];
  });
  const wallMs = performance.now() - t0;
  const by = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    const e = by.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    e.calls++;
    by.set(k.name, e);
  }
  return { kernels: [...by.values()].sort((a, b) => b.ms - a.ms), wallMs };
}

export function formatKernels(kernels: KernelTime[], stepMs: number, top = 15): string {
  const total = kernels.reduce((s, k) => s + k.ms, 0);
  const lines = kernels.slice(0, top).map((k) =>
    `  ${k.name.padEnd(22)} ${k.ms.toFixed(2).padStart(8)} ms ${String(k.calls).padStart(5)} calls ${
      (100 * k.ms / stepMs).toFixed(1).padStart(5)
    }%`
  );
  lines.push(
    `  ${'(all kernels)'.padEnd(22)} ${total.toFixed(2).padStart(8)} ms of a ${
      stepMs.toFixed(1)
    } ms step (profiled; rest is JS: grads copy, AdamW, tape)`,
  );
  return lines.join('\n');
}
