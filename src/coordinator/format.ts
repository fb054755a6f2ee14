// Human-readable lines the coordinator prints: the progress line, the end-of-run summary, and the command
// external workers start with.
//   step 120/2000 | loss 2.3412 | val 2.4021 | lr 9.8e-4 | 1,850 tok/s | ETA 4m12s
import * as os from 'os';
import { SAMPLE_TEMPERATURE } from '../config/schema';
import { isWildcardHost } from '../security/exposure';

/** The command for external workers. A wildcard bind (tcp://0.0.0.0:29500) is not an address to dial:
 *  this machine's name stands in for it, with a note to replace it when the workers cannot reach it. */
export function externalWorkersHint(n: number, endpoint: string, hostname = os.hostname()): string {
  const bound = /^tcp:\/\/(.+):(\d+)$/.exec(endpoint);
  const m = bound && isWildcardHost(bound[1]) ? bound : null;
  const dial = m ? `tcp://${hostname}:${m[2]}` : endpoint;
  return `waiting for ${n} external worker(s): mygpt-worker --coordinator ${dial} --config <same config>` +
    (m ?
      ` (${hostname} is this machine's name, as the control socket binds ${m[1]}: replace it with an address ` +
      'or name the workers can reach)' :
      '');
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

export function formatLr(lr: number): string {
  return lr.toExponential(1).replace(/e([+-])(\d)$/, 'e$1$2').replace('e+', 'e');
}

export interface ProgressFields {
  step: number;
  maxSteps: number;
  loss: number;
  val?: number;
  lr: number;
  tokPerS: number;
  etaS: number;
}

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

export interface SummaryFields {
  steps: number;
  finalValLoss: number;
  tokensPerS: number; // global tokens per second
  wallS: number;
  checkpoint: string | null;
  sample: string; // continuation of `prompt` (rank 0, temperature SAMPLE_TEMPERATURE)
}

export function formatSummary(s: SummaryFields, prompt: string): string {
  const lines = [
    `done: ${s.steps} steps | final val loss ${s.finalValLoss.toFixed(4)} | ${
      Math.round(s.tokensPerS).toLocaleString('en-US')
    } tok/s | wall ${formatDuration(s.wallS)}`,
    `checkpoint: ${s.checkpoint ?? '(none written)'}`,
  ];
  if (s.sample) {
    lines.push(`sample (temperature ${SAMPLE_TEMPERATURE}) from ${JSON.stringify(prompt)}:`, '----', prompt + s.sample,
      '----');
  }
  return lines.join('\n');
}
