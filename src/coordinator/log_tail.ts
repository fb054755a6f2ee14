// A launched worker's output: every line appended to run.dir/worker-<rank>.log (across restarts) and
// the last `keep` lines held in memory for the failure report (torchrun prints `error_file: <N/A>` for
// a SIGKILLed worker; we can always show what it printed last).
import * as fs from 'fs';
import * as path from 'path';

export const TAIL_LINES = 50;

export class LogTail {
  private readonly lines: string[] = [];
  private fd?: number;

  constructor(file?: string, private readonly keep = TAIL_LINES) {
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      this.fd = fs.openSync(file, 'a');
    }
  }

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
    if (this.fd !== undefined) {
      try {
        fs.writeSync(this.fd, line + '\n');
      } catch { /* a full disk must not kill the coordinator */ }
    }
  }

  /** The last lines, oldest first. */
  tail(): string[] {
    return [...this.lines];
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
