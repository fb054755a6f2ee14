// How many CPUs this process may use, for `backend.threads: 0`: the cgroup CPU quota (v2 `cpu.max`, else v1
// `cpu.cfs_quota_us` / `cpu.cfs_period_us`, the tightest from the process's own cgroup up to the mount) and
// the affinity mask (os.availableParallelism(): sched_getaffinity), the smaller, at least 1. A Kubernetes CPU
// limit is such a quota; `taskset`, `docker --cpuset-cpus` and cpuset cgroups are the mask. The parsing is
// pure (fixture strings in tests); cpuLimits() reads /proc and /sys through a file reader.
import * as fs from 'fs';
import * as os from 'os';

/** Set by mygpt-coord and the node launcher (mygpt-worker --nproc-per-node) on the workers they launch: how many
 *  share this machine's CPUs. */
export const LOCAL_WORKERS_ENV = 'MYGPT_LOCAL_WORKERS';

export interface Quota {
  quota: number;
  period: number;
}
export interface CgroupQuota extends Quota {
  file: string;
  how: string; // e.g. `cgroup cpu.max 200000/100000`
}
export interface CpuLimits {
  quota: CgroupQuota | null;
  affinity: number;
}
interface Mount {
  root: string;
  point: string;
}

/** cgroup v2 `cpu.max`: "200000 100000" = 2 CPUs; "max 100000" = no limit (null). */
export function parseCpuMax(text: string): Quota | null {
  const [q, p] = text.trim().split(/\s+/);
  const quota = Number(q), period = p === undefined ? 100_000 : Number(p);
  return q === 'max' || !(quota > 0) || !(period > 0) ? null : { quota, period };
}

/** cgroup v1 `cpu.cfs_quota_us` (-1 = no limit) and `cpu.cfs_period_us`. */
export function parseCfs(quotaText: string, periodText: string): Quota | null {
  const quota = Number(quotaText.trim()), period = Number(periodText.trim());
  return quota > 0 && period > 0 ? { quota, period } : null;
}

/** /proc/self/cgroup: the v2 path (`0::/path`) and the v1 cpu controller's (`4:cpu,cpuacct:/path`). */
export function parseProcCgroup(text: string): { v2?: string; v1cpu?: string; } {
  const out: { v2?: string; v1cpu?: string; } = {};
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') out.v2 = m[3];
    else if (m[2].split(',').includes('cpu')) out.v1cpu = m[3];
  }
  return out;
}

const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** /proc/self/mountinfo: where the cgroup2 hierarchy and the v1 cpu controller are mounted, and which of
 *  their cgroups each mount shows as its top (`root`: not `/` inside a container without a cgroup namespace). */
export function parseMountinfo(text: string): { v2?: Mount; v1cpu?: Mount; } {
  const out: { v2?: Mount; v1cpu?: Mount; } = {};
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    const dash = f.indexOf('-');
    if (dash < 6 || f.length < dash + 4) continue;
    const mount = { root: unescapeMount(f[3]), point: unescapeMount(f[4]) };
    const [fstype, , superOpts] = f.slice(dash + 1);
    if (fstype === 'cgroup2' && !out.v2) out.v2 = mount;
    else if (fstype === 'cgroup' && superOpts.split(',').includes('cpu') && !out.v1cpu) out.v1cpu = mount;
  }
  return out;
}

/** The directories of `cgroupPath` and of each cgroup above it that the mount shows, innermost first. */
export function cgroupDirs(mount: Mount, cgroupPath: string): string[] {
  const root = mount.root.replace(/\/+$/, '');
  // Outside the mount's root (a cgroup namespace moved it): the mount's top is this process's cgroup.
  const rel = cgroupPath === root || cgroupPath.startsWith(`${root}/`) ? cgroupPath.slice(root.length) : '';
  const parts = rel.split('/').filter(Boolean);
  const point = mount.point.replace(/\/+$/, '');
  return parts.map((_, i) => [point, ...parts.slice(0, parts.length - i)].join('/')).concat(point);
}

/** The tightest CPU quota on this process's cgroup and its ancestors: v2 `cpu.max`, else v1 cfs; null when none
 *  is set or nothing can be read. `read` returns a file's text or undefined. */
export function cgroupQuota(read: (file: string) => string | undefined): CgroupQuota | null {
  const cg = parseProcCgroup(read('/proc/self/cgroup') ?? '');
  const mounts = parseMountinfo(read('/proc/self/mountinfo') ?? '');
  const found: CgroupQuota[] = [];
  if (cg.v2 !== undefined && mounts.v2) {
    for (const dir of cgroupDirs(mounts.v2, cg.v2)) {
      const text = read(`${dir}/cpu.max`);
      const q = text === undefined ? null : parseCpuMax(text);
      if (q) found.push({ ...q, file: `${dir}/cpu.max`, how: `cgroup cpu.max ${q.quota}/${q.period}` });
    }
  }
  if (found.length === 0 && cg.v1cpu !== undefined && mounts.v1cpu) {
    for (const dir of cgroupDirs(mounts.v1cpu, cg.v1cpu)) {
      const quota = read(`${dir}/cpu.cfs_quota_us`), period = read(`${dir}/cpu.cfs_period_us`);
      const q = quota === undefined || period === undefined ? null : parseCfs(quota, period);
      if (q) {
        found.push({ ...q, file: `${dir}/cpu.cfs_quota_us`,
          how: `cgroup v1 cpu.cfs_quota_us/cfs_period_us ${q.quota}/${q.period}` });
      }
    }
  }
  return found.reduce<CgroupQuota | null>((a, b) => (a && a.quota / a.period <= b.quota / b.period ? a : b), null);
}

/** This process's limits, read now. */
export function cpuLimits(): CpuLimits {
  const read = (f: string) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  return { quota: cgroupQuota(read), affinity: os.availableParallelism() };
}

/** Threads for a `backend.threads` setting: as set when > 0; 0 = the CPUs this process may use (the quota
 *  rounded down, so a worker never plans on more than it is given, and the affinity mask, the smaller),
 *  divided among `localWorkers` processes launched side by side on them; at least 1. `why` says where
 *  the number came from, for the log. */
export function chooseThreads(setting: number, limits: CpuLimits, localWorkers = 1): { threads: number; why: string; } {
  if (setting > 0) return { threads: setting, why: `backend.threads ${setting}` };
  const { quota, affinity } = limits;
  const cpus = Math.min(quota ? Math.floor(quota.quota / quota.period) : Infinity, affinity);
  const share = Math.max(1, Math.floor(localWorkers));
  const parts = [quota ? quota.how : 'no cgroup CPU quota', `affinity ${affinity} CPU${affinity === 1 ? '' : 's'}`];
  if (share > 1) parts.push(`shared by ${share} local workers`);
  return { threads: Math.max(1, Math.floor(cpus / share)), why: `backend.threads 0: ${parts.join(', ')}` };
}
