// The addon's shared-memory regions (native/shm.c) used by the TCP ring link: a region made by shmCreate is
// the same memory when opened through /proc/<pid>/fd/<fd>; every argument is validated; a descriptor that is
// not a region is never opened for mapping nor closed; the reader's mapping is read-only (a write faults).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAddon } from '../../src/native/addon';

const loaded = loadAddon();
const skip = loaded.addon === null && 'native addon not built (needs gcc + libopenblas-dev)';
interface Shm {
  shmCreate(bytes: unknown, peerWrites?: unknown): { fd: number; buffer: ArrayBuffer; };
  shmOpen(pid: unknown, fd: unknown, bytes: unknown, writable?: unknown): ArrayBuffer;
  shmCloseFd(fd: unknown): void;
  shmLoad(words: unknown, index: unknown): number;
  shmStore(words: unknown, index: unknown, value: unknown): void;
}
const a = loaded.addon as unknown as Shm;

function rejects(kind: ErrorConstructor | typeof RangeError | typeof TypeError, what: RegExp,
  call: () => unknown): void
{
  assert.throws(call, (e: unknown) => e instanceof kind && what.test(e.message), `expected ${kind.name} ${what}`);
}

test('a region opened through /proc/<pid>/fd/<fd> is the same memory', { skip }, () => {
  const r = a.shmCreate(8192);
  try {
    assert.equal(r.buffer.byteLength, 8192);
    const view = new Uint8Array(a.shmOpen(process.pid, r.fd, 8192));
    new Uint8Array(r.buffer).set([7, 8, 9], 4000);
    assert.deepEqual([...view.subarray(4000, 4003)], [7, 8, 9]);
  } finally {
    a.shmCloseFd(r.fd);
  }
});

test('arguments are validated: sizes, pids and descriptors out of range or of the wrong type', { skip }, () => {
  for (const bad of [0, -1, NaN, 0.5, 2 ** 30 + 1]) {
    rejects(RangeError, /shmCreate: argument 1: bytes/, () => a.shmCreate(bad));
  }
  rejects(TypeError, /shmCreate: argument 1: bytes/, () => a.shmCreate('4096'));
  rejects(RangeError, /shmOpen: argument 1: pid/, () => a.shmOpen(-1, 3, 4096));
  rejects(RangeError, /shmOpen: argument 2: fd/, () => a.shmOpen(process.pid, NaN, 4096));
  rejects(RangeError, /shmOpen: argument 3: bytes/, () => a.shmOpen(process.pid, 3, 0));
  rejects(TypeError, /shmCloseFd: argument 1: fd must be a number, got undefined/, () => a.shmCloseFd(undefined));
  rejects(TypeError, /shmCloseFd: expected 1 arguments, got 0/, () => (a.shmCloseFd as () => void)());
});

test('release words: a store through one mapping is what a load through the other sees; indexes and values checked', {
  skip,
}, () => {
  const r = a.shmCreate(4096);
  try {
    const mine = new Uint32Array(r.buffer, 64, 8), theirs = new Uint32Array(a.shmOpen(process.pid, r.fd, 4096), 64, 8);
    a.shmStore(mine, 7, 0xffffffff);
    assert.equal(a.shmLoad(theirs, 7), 0xffffffff);
    rejects(RangeError, /shmLoad: argument 2: index is outside the array/, () => a.shmLoad(theirs, 8));
    rejects(RangeError, /shmStore: argument 2: index/, () => a.shmStore(mine, -1, 1));
    rejects(RangeError, /shmStore: argument 3: value must be an integer in \[0, 4294967295\]/, () =>
      a.shmStore(mine, 0, 2 ** 32));
    rejects(TypeError, /shmLoad: argument 1: words must be a Uint32Array/, () => a.shmLoad(new Int32Array(8), 0));
  } finally {
    a.shmCloseFd(r.fd);
  }
});

test('a region made for the peer to write (the ZeroMQ plane) opens read-write; any other refuses a writable open', {
  skip,
}, () => {
  const shared = a.shmCreate(4096, true), sealed = a.shmCreate(4096, false);
  try {
    const theirs = new Uint32Array(a.shmOpen(process.pid, shared.fd, 4096, true), 64, 8);
    a.shmStore(theirs, 3, 41); // the reader's release word, stored in the writer's region
    assert.equal(a.shmLoad(new Uint32Array(shared.buffer, 64, 8), 3), 41);
    rejects(Error, /shmOpen: mmap: Operation not permitted/, () => a.shmOpen(process.pid, sealed.fd, 4096, true));
    rejects(TypeError, /shmCreate: argument 2: peerWrites must be a boolean/, () => a.shmCreate(4096, 1));
    rejects(TypeError, /shmOpen: argument 4: writable must be a boolean/, () =>
      a.shmOpen(process.pid, shared.fd, 4096, 'yes'));
  } finally {
    a.shmCloseFd(shared.fd);
    a.shmCloseFd(sealed.fd);
  }
});

test('only a regular file of exactly the size is mapped; only a region is closed', { skip }, () => {
  const r = a.shmCreate(4096);
  try {
    rejects(Error, /is not a region of 8192 bytes \(regular file, 4096 bytes\)/, () =>
      a.shmOpen(process.pid, r.fd, 8192));
    rejects(Error, /\/proc\/4194000\/fd\/3: No such file or directory/, () => a.shmOpen(4194000, 3, 4096));
    const dir = fs.openSync(os.tmpdir(), 'r'); // a directory: opened, then refused by type
    try {
      rejects(Error, /is not a region of 4096 bytes \(not a regular file/, () => a.shmOpen(process.pid, dir, 4096));
    } finally {
      fs.closeSync(dir);
    }
    rejects(RangeError, /shmCloseFd: argument 1: fd is not a region made by shmCreate/, () => a.shmCloseFd(1));
  } finally {
    a.shmCloseFd(r.fd);
  }
  rejects(Error, new RegExp(`/proc/self/fd/${r.fd}: No such file`), () => a.shmCloseFd(r.fd));
});

test(
  'a region is sealed: opened through /proc by anyone else it cannot be written or truncated; ' +
    'an unsealed file is refused',
  { skip },
  () => {
    const r = a.shmCreate(4096);
    const other = fs.openSync(`/proc/${process.pid}/fd/${r.fd}`, 'r+'); // as another process of this user could
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-shm-')), 'plain');
    fs.writeFileSync(tmp, Buffer.alloc(4096));
    const plain = fs.openSync(tmp, 'r');
    try {
      assert.throws(() => fs.writeSync(other, Buffer.from([1])), /EPERM/);
      assert.throws(() => fs.ftruncateSync(other, 0), /EPERM/);
      assert.equal(new Uint8Array(r.buffer)[0], 0);
      rejects(Error, /is not sealed against shrinking/, () => a.shmOpen(process.pid, plain, 4096));
    } finally {
      fs.closeSync(other);
      fs.closeSync(plain);
      fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
      a.shmCloseFd(r.fd);
    }
  },
);

test("the reader's mapping is read-only: a write through it faults instead of changing the writer's slot", { skip },
  () => {
    const script = `const a = require(${JSON.stringify(loaded.addon ? (loaded as { file: string; }).file : '')});
    const r = a.shmCreate(4096); const v = new Uint8Array(a.shmOpen(process.pid, r.fd, 4096));
    console.log('mapped'); v[0] = 1; console.log('wrote');`;
    const c = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.match(c.stdout, /mapped/);
    assert.doesNotMatch(c.stdout, /wrote/);
    assert.equal(c.signal, 'SIGSEGV');
  });
