// backend.threads 0 = the CPUs this process may use: the cgroup quota (v2 cpu.max, v1 cfs) and the affinity
// mask, the smaller. The parsing on fixture texts of /proc and /sys as Kubernetes, Docker and systemd leave them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupDirs, cgroupQuota, chooseThreads, parseCfs, parseCpuMax, parseMountinfo,
  parseProcCgroup } from '../../src/util/cpus';

const MOUNT_V2 = '29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 ' +
  'rw,nsdelegate,memory_recursiveprot\n';
// A hybrid host (systemd's legacy layout): cgroup2 mounted without controllers, cpu under v1.
const MOUNT_HYBRID = [
  '30 22 0:27 / /sys/fs/cgroup ro,relatime - tmpfs tmpfs rw,mode=755',
  '31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct',
  '33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset',
  '40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

/** A file reader over a fixture map (absent = unreadable). */
const fsOf = (files: Record<string, string>) => (f: string) => files[f];

test('cpu.max and cfs quota texts', () => {
  assert.deepEqual(parseCpuMax('200000 100000\n'), { quota: 200000, period: 100000 });
  assert.deepEqual(parseCpuMax('150000 100000'), { quota: 150000, period: 100000 });
  assert.equal(parseCpuMax('max 100000\n'), null);
  assert.equal(parseCpuMax(''), null);
  assert.equal(parseCpuMax('garbage'), null);
  assert.deepEqual(parseCfs('400000\n', '100000\n'), { quota: 400000, period: 100000 });
  assert.equal(parseCfs('-1\n', '100000\n'), null);
  assert.equal(parseCfs('50000', '0'), null);
});

test('/proc/self/cgroup: the v2 path and the v1 cpu controller path', () => {
  assert.deepEqual(parseProcCgroup('0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope\n'), {
    v2: '/kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope',
  });
  assert.deepEqual(
    parseProcCgroup(
      '12:pids:/user.slice\n4:cpu,cpuacct:/system.slice/mygpt.service\n3:cpuset:/\n1:name=systemd:/x\n' +
        '0::/system.slice/mygpt.service\n',
    ),
    { v1cpu: '/system.slice/mygpt.service', v2: '/system.slice/mygpt.service' },
  );
  assert.deepEqual(parseProcCgroup('2:cpuacct:/\n1:cpu:/docker/abc\n'), { v1cpu: '/docker/abc' });
});

test('/proc/self/mountinfo: the cgroup2 and the v1 cpu mounts, with their roots; escaped spaces', () => {
  assert.deepEqual(parseMountinfo(MOUNT_V2), { v2: { root: '/', point: '/sys/fs/cgroup' } });
  assert.deepEqual(parseMountinfo(MOUNT_HYBRID), { v2: { root: '/', point: '/sys/fs/cgroup/unified' },
    v1cpu: { root: '/', point: '/sys/fs/cgroup/cpu,cpuacct' } });
  assert.deepEqual(parseMountinfo('50 40 0:40 /docker/abc /sys/fs/cgroup/my\\040cpu ro - cgroup cgroup rw,cpu\n'), {
    v1cpu: { root: '/docker/abc', point: '/sys/fs/cgroup/my cpu' },
  });
  assert.deepEqual(parseMountinfo('22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n'), {});
});

test('cgroup directories: own cgroup first, then each parent up to the mount', () => {
  assert.deepEqual(cgroupDirs({ root: '/', point: '/sys/fs/cgroup' }, '/kubepods/pod1/c1'), [
    '/sys/fs/cgroup/kubepods/pod1/c1',
    '/sys/fs/cgroup/kubepods/pod1',
    '/sys/fs/cgroup/kubepods',
    '/sys/fs/cgroup',
  ]);
  assert.deepEqual(cgroupDirs({ root: '/', point: '/sys/fs/cgroup' }, '/'), ['/sys/fs/cgroup']);
  // a container without a cgroup namespace: the mount's root is the container's own cgroup
  assert.deepEqual(cgroupDirs({ root: '/docker/abc', point: '/sys/fs/cgroup/cpu' }, '/docker/abc'), [
    '/sys/fs/cgroup/cpu',
  ]);
  assert.deepEqual(cgroupDirs({ root: '/docker/abc', point: '/sys/fs/cgroup/cpu' }, '/docker/abc/sub'), [
    '/sys/fs/cgroup/cpu/sub',
    '/sys/fs/cgroup/cpu',
  ]);
  assert.deepEqual(cgroupDirs({ root: '/docker/abc', point: '/sys/fs/cgroup/cpu' }, '/elsewhere'), [
    '/sys/fs/cgroup/cpu',
  ]);
});

test('cgroup quota: a Kubernetes pod (v2, limit on the container), the tightest of the ancestors, v1 fallback, ' +
  'none', () => {
  const k8s = fsOf({
    '/proc/self/cgroup': '0::/kubepods.slice/pod1/cri-abc.scope\n',
    '/proc/self/mountinfo': MOUNT_V2,
    '/sys/fs/cgroup/kubepods.slice/pod1/cri-abc.scope/cpu.max': '400000 100000\n',
    '/sys/fs/cgroup/kubepods.slice/pod1/cpu.max': 'max 100000\n',
    '/sys/fs/cgroup/kubepods.slice/cpu.max': 'max 100000\n',
  });
  assert.deepEqual(cgroupQuota(k8s), { quota: 400000, period: 100000,
    file: '/sys/fs/cgroup/kubepods.slice/pod1/cri-abc.scope/cpu.max', how: 'cgroup cpu.max 400000/100000' });
  const nested = fsOf({
    '/proc/self/cgroup': '0::/system.slice/mygpt.service/worker\n',
    '/proc/self/mountinfo': MOUNT_V2,
    '/sys/fs/cgroup/system.slice/mygpt.service/worker/cpu.max': '800000 100000\n',
    '/sys/fs/cgroup/system.slice/mygpt.service/cpu.max': '150000 100000\n', // systemd CPUQuota=150% on the service
  });
  assert.equal(cgroupQuota(nested)?.how, 'cgroup cpu.max 150000/100000');
  const v1 = fsOf({
    '/proc/self/cgroup': '4:cpu,cpuacct:/docker/abc\n0::/docker/abc\n',
    '/proc/self/mountinfo': MOUNT_HYBRID,
    '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '300000\n',
    '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
    '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '-1\n',
    '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n',
  });
  assert.equal(cgroupQuota(v1)?.how, 'cgroup v1 cpu.cfs_quota_us/cfs_period_us 300000/100000');
  assert.equal(
    cgroupQuota(
      fsOf({ '/proc/self/cgroup': '0::/\n', '/proc/self/mountinfo': MOUNT_V2,
        '/sys/fs/cgroup/cpu.max': 'max 100000\n' }),
    ),
    null,
  );
  assert.equal(cgroupQuota(fsOf({})), null, 'not Linux: nothing to read');
});

test('chooseThreads: as set when > 0; 0 = the smaller of quota (rounded down) and affinity, shared by local workers, ' +
  'at least 1', () => {
  const quota = (q: number) => ({ quota: q, period: 100000, file: 'f', how: `cgroup cpu.max ${q}/100000` });
  assert.deepEqual(chooseThreads(3, { quota: quota(100000), affinity: 1 }), { threads: 3, why: 'backend.threads 3' });
  assert.deepEqual(chooseThreads(0, { quota: quota(200000), affinity: 8 }), { threads: 2,
    why: 'backend.threads 0: cgroup cpu.max 200000/100000, affinity 8 CPUs' });
  assert.deepEqual(chooseThreads(0, { quota: quota(400000), affinity: 2 }), { threads: 2,
    why: 'backend.threads 0: cgroup cpu.max 400000/100000, affinity 2 CPUs' });
  assert.equal(chooseThreads(0, { quota: quota(150000), affinity: 8 }).threads, 1);
  assert.equal(chooseThreads(0, { quota: quota(50000), affinity: 8 }).threads, 1);
  assert.deepEqual(chooseThreads(0, { quota: null, affinity: 1 }), { threads: 1,
    why: 'backend.threads 0: no cgroup CPU quota, affinity 1 CPU' });
  assert.deepEqual(chooseThreads(0, { quota: null, affinity: 16 }, 4), { threads: 4,
    why: 'backend.threads 0: no cgroup CPU quota, affinity 16 CPUs, shared by 4 local workers' });
  assert.equal(chooseThreads(0, { quota: null, affinity: 2 }, 3).threads, 1);
});
