/* Raw libzmq reference in C (not project code): the ceiling the zmq data plane is measured against
 * ("busbw >= 0.8 of a raw libzmq one-way reference written in C for the same bytes"). No node, no protobuf,
 * no validation beyond frame counts, no summing. Built and run by bench/raw_zmq_c.ts; standalone:
 *   gcc -O2 -o /tmp/mygpt-raw-zmq bench/raw_zmq.c -lzmq
 *   /tmp/mygpt-raw-zmq oneway BYTES CHUNK ITERS     one process streams BYTES to another
 *   /tmp/mygpt-raw-zmq ring N BYTES CHUNK ITERS     N processes each stream BYTES to the next while
 *                                                  receiving BYTES from the previous (ring all-reduce traffic)
 * With RAW_ZMQ_CURVE=1 in the environment every connection is CURVE-encrypted (one key pair made before the fork:
 * each PULL a CURVE server, each PUSH its client), the ceiling of the zmq-curve plane.
 * Prints one JSON line: {"mode", "world", "bytes", "chunk", "iters", "median_s", "min_s", "max_s", "bytes_per_s", "libzmq", "curve"}.
 *
 * Each rank is a forked process with its own zmq context (forked before any zmq call): a ZMQ_PULL bound on
 * tcp://127.0.0.1:0 (ZMQ_MAXMSGSIZE -1, linger 0) and a ZMQ_PUSH (SNDHWM 1000, linger 0) connected to the
 * next rank's PULL. A message is a 40-byte header frame + a payload frame of CHUNK bytes (the last one
 * shorter), the payload sent zero-copy (zmq_msg_init_data over one malloc'd buffer, no-op free); the
 * receiver takes every frame with zmq_msg_recv and closes it. In one-way mode rank 1 sends to rank 0.
 *
 * What is timed: the parent (no zmq of its own) writes "go" to every rank through a pipe; each rank stamps
 * CLOCK_MONOTONIC (one clock for all processes of the host) when it starts (just before its first send) and
 * when it has sent all its messages (zmq_msg_send returned) and received all its messages (the last frame
 * in hand). An iteration lasts from the earliest start of a sending rank to the latest end of any rank: for
 * one-way, from the first send to the receiver holding the last byte (the receiver's own start does not
 * count: it may drain a queue filled before it woke). Iterations are separated (the next go only after every
 * rank reported), the first is a discarded warm-up (TCP connect, buffers), and the result is the median of
 * ITERS timed iterations (the upper median for an even count, as bench/procs.ts median).
 * Any failing call: a message on stderr and exit 2. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <zmq.h>

#define EP_LEN 256
#define HEADER_BYTES 40

static int g_rank = -1;
static char g_public[41], g_secret[41]; /* CURVE key pair (z85) when RAW_ZMQ_CURVE=1, else empty */

static void die(const char *what) {
  if (g_rank >= 0) fprintf(stderr, "raw_zmq rank %d: %s: %s\n", g_rank, what, errno ? zmq_strerror(errno) : "failed");
  else fprintf(stderr, "raw_zmq: %s: %s\n", what, errno ? strerror(errno) : "failed");
  exit(2);
}
#define CHECK(call) do { if ((call) < 0) die(#call); } while (0)

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void io_all(int fd, void *buf, size_t n, int writing) {
  char *p = buf;
  while (n > 0) {
    ssize_t k = writing ? write(fd, p, n) : read(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) { if (k == 0) errno = 0; die(writing ? "pipe write" : "pipe read (peer exited?)"); }
    p += k; n -= (size_t)k;
  }
}

static void no_free(void *data, void *hint) { (void)data; (void)hint; }

/* 1 sent, 0 would block (flags had ZMQ_DONTWAIT). Once the header frame is queued the payload frame
 * cannot hit the HWM (multipart messages are atomic), so it is sent blocking. */
static int send_one(void *push, char *data, size_t bytes, size_t chunk, size_t i, int flags) {
  static char header[HEADER_BYTES];
  if (zmq_send(push, header, HEADER_BYTES, flags | ZMQ_SNDMORE) < 0) {
    if (errno == EAGAIN) return 0;
    die("zmq_send header");
  }
  size_t off = i * chunk, len = bytes - off < chunk ? bytes - off : chunk;
  zmq_msg_t m;
  CHECK(zmq_msg_init_data(&m, data + off, len, no_free, NULL));
  CHECK(zmq_msg_send(&m, push, 0));
  return 1;
}

/* 1 received (payload bytes added to *got_bytes), 0 would block. */
static int recv_one(void *pull, int flags, size_t *got_bytes) {
  for (int frame = 0; frame < 2; frame++) {
    zmq_msg_t m;
    CHECK(zmq_msg_init(&m));
    if (zmq_msg_recv(&m, pull, frame == 0 ? flags : 0) < 0) {
      if (frame == 0 && errno == EAGAIN) { zmq_msg_close(&m); return 0; }
      die("zmq_msg_recv");
    }
    if (zmq_msg_more(&m) != (frame == 0)) { errno = EPROTO; die("frame count (expected header + payload)"); }
    if (frame == 0 && zmq_msg_size(&m) != HEADER_BYTES) { errno = EPROTO; die("header size"); }
    if (frame == 1) *got_bytes += zmq_msg_size(&m);
    CHECK(zmq_msg_close(&m));
  }
  return 1;
}

/* One iteration of one rank: send and/or receive `bytes`, interleaved when doing both. Stamps start and end. */
static void run_iter(void *push, void *pull, char *data, size_t bytes, size_t chunk, int do_send, int do_recv, double t[2]) {
  size_t msgs = (bytes + chunk - 1) / chunk, sent = do_send ? 0 : msgs, got = do_recv ? 0 : msgs, got_bytes = 0;
  t[0] = now();
  while (sent < msgs || got < msgs) {
    int both = sent < msgs && got < msgs, progress = 0;
    if (sent < msgs && send_one(push, data, bytes, chunk, sent, both ? ZMQ_DONTWAIT : 0)) { sent++; progress = 1; }
    if (got < msgs && recv_one(pull, both ? ZMQ_DONTWAIT : 0, &got_bytes)) { got++; progress = 1; }
    if (both && !progress) {
      zmq_pollitem_t items[2] = { { push, 0, ZMQ_POLLOUT, 0 }, { pull, 0, ZMQ_POLLIN, 0 } };
      CHECK(zmq_poll(items, 2, -1));
    }
  }
  t[1] = now();
  if (do_recv && got_bytes != bytes) { errno = EPROTO; die("received byte count"); }
}

/* A rank: bind, report the endpoint, connect to the next, then one iteration per 'g' from the parent. */
static void rank_main(int rank, int cmd_fd, int rep_fd, size_t bytes, size_t chunk, int do_send, int do_recv) {
  g_rank = rank;
  void *ctx = zmq_ctx_new();
  if (!ctx) die("zmq_ctx_new");
  void *pull = zmq_socket(ctx, ZMQ_PULL), *push = zmq_socket(ctx, ZMQ_PUSH);
  if (!pull || !push) die("zmq_socket");
  int64_t maxsize = -1;
  int zero = 0, hwm = 1000;
  CHECK(zmq_setsockopt(pull, ZMQ_MAXMSGSIZE, &maxsize, sizeof maxsize));
  CHECK(zmq_setsockopt(pull, ZMQ_LINGER, &zero, sizeof zero));
  CHECK(zmq_setsockopt(push, ZMQ_LINGER, &zero, sizeof zero));
  CHECK(zmq_setsockopt(push, ZMQ_SNDHWM, &hwm, sizeof hwm));
  if (g_secret[0]) {
    int one = 1;
    CHECK(zmq_setsockopt(pull, ZMQ_CURVE_SERVER, &one, sizeof one));
    CHECK(zmq_setsockopt(pull, ZMQ_CURVE_SECRETKEY, g_secret, 40));
    CHECK(zmq_setsockopt(push, ZMQ_CURVE_SERVERKEY, g_public, 40));
    CHECK(zmq_setsockopt(push, ZMQ_CURVE_PUBLICKEY, g_public, 40));
    CHECK(zmq_setsockopt(push, ZMQ_CURVE_SECRETKEY, g_secret, 40));
  }
  CHECK(zmq_bind(pull, "tcp://127.0.0.1:0"));
  char ep[EP_LEN] = { 0 };
  size_t ep_len = sizeof ep - 1;
  CHECK(zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, ep, &ep_len));
  io_all(rep_fd, ep, EP_LEN, 1);
  io_all(cmd_fd, ep, EP_LEN, 0); /* the next rank's endpoint */
  ep[EP_LEN - 1] = 0;
  if (do_send) CHECK(zmq_connect(push, ep));
  char *data = malloc(bytes ? bytes : 1);
  if (!data) { errno = ENOMEM; die("malloc"); }
  memset(data, 7, bytes);
  for (;;) {
    char c;
    io_all(cmd_fd, &c, 1, 0);
    if (c != 'g') break;
    double t[2];
    run_iter(push, pull, data, bytes, chunk, do_send, do_recv, t);
    io_all(rep_fd, t, sizeof t, 1);
  }
  CHECK(zmq_close(push));
  CHECK(zmq_close(pull));
  CHECK(zmq_ctx_term(ctx));
  free(data);
  exit(0);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static size_t parse_size(const char *s, const char *name, double min) {
  char *end;
  double v = strtod(s, &end);
  if (*end || v < min || v > 1e15) { fprintf(stderr, "raw_zmq: bad %s '%s'\n", name, s); exit(2); }
  return (size_t)v;
}

int main(int argc, char **argv) {
  int ring = argc == 6 && !strcmp(argv[1], "ring");
  if (!ring && !(argc == 5 && !strcmp(argv[1], "oneway"))) {
    fprintf(stderr, "usage: %s oneway BYTES CHUNK ITERS | %s ring N BYTES CHUNK ITERS\n", argv[0], argv[0]);
    return 2;
  }
  int n = ring ? (int)parse_size(argv[2], "N", 2) : 2, a = ring ? 3 : 2;
  const char *curve = getenv("RAW_ZMQ_CURVE");
  if (curve && !strcmp(curve, "1") && zmq_curve_keypair(g_public, g_secret) != 0) die("zmq_curve_keypair (libzmq without CURVE?)");
  size_t bytes = parse_size(argv[a], "BYTES", 1), chunk = parse_size(argv[a + 1], "CHUNK", 1);
  int iters = (int)parse_size(argv[a + 2], "ITERS", 1);
  if (n > 256) { fprintf(stderr, "raw_zmq: N > 256\n"); return 2; }
  pid_t pids[256];
  int cmd[256], rep[256];
  fflush(stdout);
  for (int r = 0; r < n; r++) {
    int c[2], p[2];
    if (pipe(c) < 0 || pipe(p) < 0) die("pipe");
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
#ifdef __linux__
      prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the parent (killed by a bench timeout) */
#endif
      for (int q = 0; q < r; q++) { close(cmd[q]); close(rep[q]); }
      close(c[1]); close(p[0]);
      rank_main(r, c[0], p[1], bytes, chunk, ring || r == 1, ring || r == 0);
    }
    close(c[0]); close(p[1]);
    pids[r] = pid; cmd[r] = c[1]; rep[r] = p[0];
  }
  signal(SIGPIPE, SIG_IGN);
  char eps[256][EP_LEN];
  for (int r = 0; r < n; r++) io_all(rep[r], eps[r], EP_LEN, 0);
  for (int r = 0; r < n; r++) io_all(cmd[r], eps[(r + 1) % n], EP_LEN, 1);
  double *times = malloc(sizeof(double) * (size_t)iters);
  if (!times) die("malloc");
  for (int i = 0; i <= iters; i++) { /* i = 0: warm-up, not timed */
    for (int r = 0; r < n; r++) io_all(cmd[r], (char *)"g", 1, 1);
    double start = 1e300, end = 0;
    for (int r = 0; r < n; r++) {
      double t[2];
      io_all(rep[r], t, sizeof t, 0);
      if ((ring || r == 1) && t[0] < start) start = t[0];
      if (t[1] > end) end = t[1];
    }
    if (i > 0) times[i - 1] = end - start;
  }
  int failed = 0;
  for (int r = 0; r < n; r++) io_all(cmd[r], (char *)"q", 1, 1);
  for (int r = 0; r < n; r++) {
    int st;
    if (waitpid(pids[r], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) failed = 1;
  }
  if (failed) { errno = 0; die("a rank did not exit cleanly"); }
  qsort(times, (size_t)iters, sizeof(double), cmp_double);
  double med = times[iters / 2];
  int major, minor, patch;
  zmq_version(&major, &minor, &patch);
  printf("{\"mode\":\"%s\",\"world\":%d,\"bytes\":%zu,\"chunk\":%zu,\"iters\":%d,\"median_s\":%.9g,\"min_s\":%.9g,\"max_s\":%.9g,"
         "\"bytes_per_s\":%.6g,\"libzmq\":\"%d.%d.%d\",\"curve\":%s}\n",
         ring ? "ring" : "oneway", n, bytes, chunk, iters, med, times[0], times[iters - 1], bytes / med, major, minor, patch,
         g_secret[0] ? "true" : "false");
  return fflush(stdout) == 0 ? 0 : 2;
}
