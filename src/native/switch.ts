// The one process-wide switch for every native loop: the wasm tensor kernels, the optimizer loops and the
// ring's all-reduce loops (addon.ts). selectBackend (src/train/backend.ts) sets it from backend.native before
// anything computes; MYGPT_NATIVE=0 in the environment turns everything off as well.

let configAllows = true;

/** backend.native from the config: false turns every native loop off in this process. */
export function setNativeAllowed(allowed: boolean): void {
  configAllows = allowed;
}

/** Why native loops are off (config or environment), or null when they may run. */
export function nativeOffReason(): string | null {
  if (!configAllows) return 'disabled by config (backend.native=false)';
  if (process.env.MYGPT_NATIVE === '0') return 'disabled by MYGPT_NATIVE=0';
  return null;
}
