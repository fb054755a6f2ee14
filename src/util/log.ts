// How every bin writes its log lines. `--log-format text` (the default) writes today's human lines;
// `--log-format json` (or env MYGPT_LOG_FORMAT=json) writes one JSON object per line for a cluster's log
// collector: {"time", "level", "msg", "prog"} and "rank" / "step" where known. The chosen format is put in
// the environment, so launched workers and worker threads write the same format. The coordinator relays
// its workers' lines through relayLine(), which keeps them one valid JSON object per line.

import { format as format_ } from 'util';

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
export const LOG_FORMAT_ENV = 'MYGPT_LOG_FORMAT';
export type Level = 'debug' | 'info' | 'warn' | 'error';
/** Fields of a JSON line besides time, level and msg; undefined ones are left out. */
export interface LogFields {
  rank?: number;
  step?: number;
  [key: string]: unknown;
}

const isFormat = (v: string | undefined): v is LogFormat => LOG_FORMATS.includes(v as LogFormat);
let format: LogFormat = isFormat(process.env[LOG_FORMAT_ENV]) ? process.env[LOG_FORMAT_ENV] : 'text';
let program = '';

/** Picks the format of this process: `--log-format X` / `--log-format=X` in argv, else env MYGPT_LOG_FORMAT,
 *  else text; exports it to the environment (children, worker threads). Returns what is wrong, or ''. */
export function initLog(prog: string, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  program = prog;
  let given = env[LOG_FORMAT_ENV] || undefined, from = `env ${LOG_FORMAT_ENV}`;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--log-format' && i + 1 < argv.length) {
      given = argv[i + 1];
      from = '--log-format';
    } else if (argv[i].startsWith('--log-format=')) {
      given = argv[i].slice('--log-format='.length);
      from = '--log-format';
    }
  }
  if (given !== undefined && !isFormat(given)) {
    return `${from}: expected one of ${LOG_FORMATS.join(', ')}, got "${given}"`;
  }
  format = given ?? 'text';
  env[LOG_FORMAT_ENV] = format;
  if (format === 'json') jsonConsoleAndWarnings();
  return '';
}

/** The line as written: the text itself, or a JSON object. */
export function formatLine(level: Level, text: string, fields: LogFields = {}, msg = text): string {
  if (format === 'text') return text;
  const o: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
  if (program) o.prog = program;
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && !(k in o)) o[k] = v;
  return JSON.stringify(o);
}

/** Writes one line: info and debug to stdout, warn and error to stderr, unless `to` says otherwise. */
export function writeLog(level: Level, text: string, fields: LogFields = {}, to?: 'stdout' | 'stderr'): void {
  const out = to ?? (level === 'warn' || level === 'error' ? 'stderr' : 'stdout');
  (out === 'stdout' ? process.stdout : process.stderr).write(`${formatLine(level, text, fields)}\n`);
}

/** A log with a text prefix (human lines only: JSON has the fields) and fixed fields, e.g. a worker's rank. */
export class Logger {
  constructor(private readonly prefix: () => string = () => '', private readonly fields: () => LogFields = () => ({}),
    private readonly to?: 'stdout' | 'stderr')
  {}
  debug(msg: string, f?: LogFields): void {
    this.write('debug', msg, f);
  }
  info(msg: string, f?: LogFields): void {
    this.write('info', msg, f);
  }
  warn(msg: string, f?: LogFields): void {
    this.write('warn', msg, f);
  }
  error(msg: string, f?: LogFields): void {
    this.write('error', msg, f);
  }
  write(level: Level, msg: string, f: LogFields = {}): void {
    const out = this.to ?? (level === 'warn' || level === 'error' ? 'stderr' : 'stdout');
    (out === 'stdout' ? process.stdout : process.stderr).write(
      `${formatLine(level, this.prefix() + msg, { ...this.fields(), ...f }, msg)}\n`,
    );
  }
}

/** A line a launched worker of `rank` wrote, as its coordinator relays it: `[rank N] line`; in JSON, the
 *  worker's own JSON object with the rank set, or (a line that is not one: a crash trace, a library's own
 *  output) a JSON object carrying it as msg. */
export function relayLine(rank: number, line: string): string {
  if (format === 'text') return `[rank ${rank}] ${line}`;
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    o = undefined;
  }
  if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
    return JSON.stringify({ ...(o as Record<string, unknown>), rank });
  }
  return JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: line, prog: 'mygpt-worker', rank });
}

/** What libraries print through console.* (TensorFlow.js's banner, for one) and Node's own warnings
 *  (deprecations, experimental features) as JSON lines too, one per call. */
function jsonConsoleAndWarnings(): void {
  const to = (level: Level) => (...args: unknown[]) => writeLog(level, format_(...args));
  console.log = to('info');
  console.info = to('info');
  console.debug = to('debug');
  console.warn = to('warn');
  console.error = to('error');
  process.removeAllListeners('warning');
  process.on('warning', (w) => writeLog('warn', `${w.name}: ${w.message}`, {}, 'stderr'));
}
