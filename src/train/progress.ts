// Human-readable progress line: `step 120/2000 | loss 2.3412 | val 2.4021 | lr 9.8e-4 | 1,850 tok/s | ETA 4m12s`.

export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

export function formatLr(lr: number): string {
  return lr.toExponential(1).replace(/e([+-])(\d)$/, 'e$1$2').replace('e+', 'e');
}

export interface ProgressFields { step: number; maxSteps: number; loss: number; val?: number; lr: number; tokPerS: number; etaS: number; }

export function formatProgress(p: ProgressFields): string {
  return [
    `step ${p.step}/${p.maxSteps}`,
    `loss ${p.loss.toFixed(4)}`,
    ...(p.val !== undefined ? [`val ${p.val.toFixed(4)}`] : []),
    `lr ${formatLr(p.lr)}`,
    `${Math.round(p.tokPerS).toLocaleString('en-US')} tok/s`,
    `ETA ${formatDuration(p.etaS)}`,
  ].join(' | ');
}
