// A real Prometheus server for tests: it scrapes one /metrics endpoint every second, and the test asks its query
// API for series, waiting until they arrive with the rank labels it expects.
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, requireTool, waitFor } from './procs';

export interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

export class PrometheusServer {
  /** what the server printed (its log level is warn) */
  log = '';

  private constructor(private readonly child: ChildProcess, readonly port: number) {
    child.stdout!.on('data', (d) => {
      this.log += d;
    });
    child.stderr!.on('data', (d) => {
      this.log += d;
    });
  }

  /** Starts /usr/bin/prometheus scraping `target` (host:port) as job "mygpt", its config and data in `dir`. */
  static async start(target: string, dir: string): Promise<PrometheusServer> {
    const prometheus = requireTool('/usr/bin/prometheus', 'prometheus');
    const port = await freePort();
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: mygpt',
      `    static_configs: [{ targets: ['${target}'] }]`,
      '',
    ].join('\n'));
    const child = spawn(prometheus, [`--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new PrometheusServer(child, port);
  }

  /** The instant vector of PromQL `q`. */
  async query(q: string): Promise<PromVector[]> {
    const res = await fetch(`http://127.0.0.1:${this.port}/api/v1/query?query=${encodeURIComponent(q)}`, {
      signal: AbortSignal.timeout(2000),
    });
    const body = (await res.json()) as { status: string; data: { result: PromVector[]; }; };
    if (body.status !== 'success') throw new Error(`query ${q} failed: ${JSON.stringify(body)}`);
    return body.data.result;
  }

  /** Polls `q` for up to `timeoutMs` until it returns series, whose sorted rank labels joined by commas are
   *  `wantRanks` unless that is null; fails at once if the server exits. */
  seen(q: string, wantRanks: string | null, timeoutMs: number): Promise<PromVector[]> {
    const ranks = (v: PromVector[]) => v.map((x) => x.metric.rank).sort().join(',');
    return waitFor(`${q} in Prometheus (log: ${this.log.slice(-300)})`, timeoutMs, async () => {
      if (this.child.exitCode !== null) throw new Error(`prometheus exited ${this.child.exitCode}: ${this.log}`);
      const v = await this.query(q);
      return v.length > 0 && (wantRanks === null || ranks(v) === wantRanks) ? v : undefined;
    });
  }

  /** SIGTERM, SIGKILL after 5 s; resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  }
}
