// The ZeroMQ ring link in native code (src/transport/native/ring_link.ts drives it): one libzmq context per
// link with its own I/O thread, a PULL bound for the previous rank and a PUSH connected to the next, driven
// synchronously from the JS thread that owns the link (the communication thread), where a blocking receive
// with a deadline is fine. Who may connect: zmq_auth.c (ZAP admits only the previous rank).
//   send: the header frame is copied; a payload of >= ZC_MIN bytes is sent zero-copy: libzmq's I/O thread
//         reads it from the caller's memory and marks its slot done when written; JS keeps the buffer alive
//         and unchanged until zmqLinkSentUpto() passes its sequence number. Never blocks: -1 = queue full.
//   recv: blocks up to a deadline for one message (header frame + optional payload frame); the header is
//         copied into the caller's buffer, the payload stays in libzmq's message until zmqLinkTake() copies
//         it where the caller wants it (or zmqLinkDrop() drops it). Returns early when a neighbour is lost.
// Without libzmq at build time every function but zmqInfo() throws, and zmqInfo() says why.
#include "napi_args.h"
#include "kernels.h"
#include <stdio.h>
#include <string.h>

#ifndef MYGPT_HAVE_ZMQ
#ifndef MYGPT_ZMQ_WHY
#define MYGPT_ZMQ_WHY "built without libzmq"
#endif
KERNEL(zmq_info) {
  napi_value o, f, why;
  CHECK(napi_create_object(env, &o));
  CHECK(napi_get_boolean(env, false, &f));
  CHECK(napi_create_string_utf8(env, MYGPT_ZMQ_WHY, NAPI_AUTO_LENGTH, &why));
  CHECK(napi_set_named_property(env, o, "available", f));
  CHECK(napi_set_named_property(env, o, "reason", why));
  return o;
}
#define UNAVAILABLE(name)                                                                 \
  KERNEL(name) {                                                                          \
    (void)info;                                                                           \
    napi_throw_error(env, NULL, "mygpt_native: ZeroMQ ring link unavailable: " MYGPT_ZMQ_WHY); \
    return NULL;                                                                          \
  }
UNAVAILABLE(zmq_link_create)
UNAVAILABLE(zmq_link_bind)
UNAVAILABLE(zmq_link_expect)
UNAVAILABLE(zmq_link_connect)
UNAVAILABLE(zmq_link_send)
UNAVAILABLE(zmq_link_sent_upto)
UNAVAILABLE(zmq_link_wait_sent)
UNAVAILABLE(zmq_link_recv)
UNAVAILABLE(zmq_link_take)
UNAVAILABLE(zmq_link_drop)
UNAVAILABLE(zmq_link_check)
UNAVAILABLE(zmq_link_events)
UNAVAILABLE(zmq_link_close)
#else
#include "zmq_link.h"
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

const napi_type_tag LINK_TAG = {0x6d796770745a4d51ULL, 0x52696e674c696e6bULL};

napi_value zl_fail(napi_env env, const char *fn, const char *what) {
  char msg[300];
  snprintf(msg, sizeof msg, "mygpt_native.%s: %s: %s", fn, what, zmq_strerror(zmq_errno()));
  napi_throw_error(env, NULL, msg);
  return NULL;
}

// Argument 0: a live link made by zmqLinkCreate.
link_t *link_arg(Args *a) {
  bool ours = false;
  void *p = NULL;
  if (napi_check_object_type_tag(a->env, a->argv[0], &LINK_TAG, &ours) != napi_ok || !ours ||
      napi_get_value_external(a->env, a->argv[0], &p) != napi_ok)
    return arg_type_error(a, 0, "link", "must be a link made by zmqLinkCreate"), NULL;
  link_t *l = p;
  if (l->closed) return arg_range_error(a, 0, "link", "is closed"), NULL;
  return l;
}

// A string argument of at most cap - 1 bytes into buf.
int arg_str(Args *a, size_t i, const char *name, char *buf, size_t cap) {
  size_t n = 0;
  if (napi_get_value_string_utf8(a->env, a->argv[i], NULL, 0, &n) != napi_ok) return arg_type_error(a, i, name, "must be a string");
  if (n >= cap) return arg_range_error(a, i, name, "is too long");
  napi_get_value_string_utf8(a->env, a->argv[i], buf, cap, &n);
  return 1;
}

// A Z85 CURVE key (40 characters) decoded to 32 bytes.
static int arg_key(Args *a, size_t i, const char *name, uint8_t out[32]) {
  char z[48];
  if (!arg_str(a, i, name, z, sizeof z)) return 0;
  if (strlen(z) != 40 || !zmq_z85_decode(out, z)) return arg_range_error(a, i, name, "is not a 40-character Z85 key");
  return 1;
}

static void link_shutdown(link_t *l) {
  if (l->closed) return;
  l->closed = 1;
  if (l->has_pend) zmq_msg_close(&l->pend);
  l->has_pend = 0;
  void *socks[] = {l->in, l->out, l->mon_out, l->zap_started ? NULL : l->mon_in};  // the thread closes mon_in
  int zero = 0;
  for (int i = 0; i < 4; i++) {
    if (!socks[i]) continue;
    zmq_setsockopt(socks[i], ZMQ_LINGER, &zero, sizeof zero);
    zmq_close(socks[i]);
  }
  zmq_ctx_shutdown(l->ctx);  // the ZAP thread's receive returns ETERM
  if (l->zap_started) pthread_join(l->zap, NULL);
  zmq_ctx_term(l->ctx);      // every queued zero-copy message has been released
}

static void link_finalize(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  link_t *l = data;
  link_shutdown(l);
  pthread_mutex_destroy(&l->mu);
  pthread_mutex_destroy(&l->sent_mu);
  pthread_cond_destroy(&l->sent_cv);
  free(l);
}

static int setopt_int(void *s, int opt, int v) { return zmq_setsockopt(s, opt, &v, sizeof v); }

KERNEL(zmq_info) {
  (void)info;
  napi_value o, t, ver, curve;
  int major, minor, patch;
  char v[32];
  zmq_version(&major, &minor, &patch);
  snprintf(v, sizeof v, "%d.%d.%d", major, minor, patch);
  CHECK(napi_create_object(env, &o));
  CHECK(napi_get_boolean(env, true, &t));
  CHECK(napi_get_boolean(env, zmq_has("curve"), &curve));
  CHECK(napi_create_string_utf8(env, v, NAPI_AUTO_LENGTH, &ver));
  CHECK(napi_set_named_property(env, o, "available", t));
  CHECK(napi_set_named_property(env, o, "version", ver));
  CHECK(napi_set_named_property(env, o, "curve", curve));
  return o;
}

// libzmq allocates each received message of more than a few KiB with malloc. glibc serves sizes above its
// mmap threshold (128 KiB at first) with a fresh mmap and trims freed heap tops back to the kernel, so every
// 1 MiB chunk came into pages that faulted as the kernel copied into them (perf: page faults under
// _copy_to_iter in libzmq's I/O thread; docs/benchmarks.md "Native ZeroMQ link"). Allocations up to
// MALLOC_KEEP_BYTES are kept on the heap and reused instead. Process-wide (every malloc of the process, heap
// tops trimmed only above 8x that), once, before the first link, from the thread that creates links.
#define MALLOC_KEEP_BYTES (16 << 20)
// Ring sockets' TCP keepalive: probes after this many idle seconds, one a second, the connection closed after
// KEEPALIVE_CNT unanswered.
#define KEEPALIVE_IDLE_S 2
#define KEEPALIVE_INTVL_S 1
#define KEEPALIVE_CNT 3
static void keep_chunk_memory(void) {
  static int done = 0;
  if (done) return;
  done = 1;
  mallopt(M_MMAP_THRESHOLD, MALLOC_KEEP_BYTES);
  mallopt(M_TRIM_THRESHOLD, 8 * MALLOC_KEEP_BYTES);
}

// zmqLinkCreate(curve, maxHeaderBytes, maxPayloadBytes, receiveHwm, sendHwm, handshakeMs[, publicKey, secretKey])
KERNEL(zmq_link_create) {
  Args a;
  bool curve;
  int64_t mh, mp, rh, sh, hs;
  uint8_t pub[32], sec[32];
  if (!get_args(env, info, &a, "zmqLinkCreate", 6, 0) || !arg_bool(&a, 0, "curve", &curve) ||
      !arg_int(&a, 1, "maxHeaderBytes", 1, 1 << 20, &mh) || !arg_int(&a, 2, "maxPayloadBytes", 1, 1 << 30, &mp) ||
      !arg_int(&a, 3, "receiveHwm", 1, 100000, &rh) || !arg_int(&a, 4, "sendHwm", 1, ZC_SLOTS / 2, &sh) ||
      !arg_int(&a, 5, "handshakeMs", 1, 3600000, &hs))
    return NULL;
  if (curve && (a.argc < 8 || !arg_key(&a, 6, "publicKey", pub) || !arg_key(&a, 7, "secretKey", sec))) return NULL;
  if (curve && !zmq_has("curve")) return napi_throw_error(env, NULL, "mygpt_native.zmqLinkCreate: this libzmq has no CURVE"), NULL;
  keep_chunk_memory();
  link_t *l = calloc(1, sizeof *l);
  if (!l) return napi_throw_error(env, NULL, "mygpt_native.zmqLinkCreate: out of memory"), NULL;
  pthread_mutex_init(&l->mu, NULL);
  pthread_mutex_init(&l->sent_mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&l->sent_cv, &ca);
  pthread_condattr_destroy(&ca);
  l->curve = curve;
  l->max_header = (size_t)mh;
  l->max_payload = (size_t)mp;
  l->in_fd = l->out_fd = -1;
  l->ctx = zmq_ctx_new();
  int ok = l->ctx && zmq_ctx_set(l->ctx, ZMQ_IO_THREADS, 1) == 0 && zmq_ctx_set(l->ctx, ZMQ_BLOCKY, 0) == 0;
  if (ok) {
    l->in = zmq_socket(l->ctx, ZMQ_PULL);
    l->out = zmq_socket(l->ctx, ZMQ_PUSH);
    int64_t maxmsg = mp + mh;  // per frame: larger ends the connection before anything is buffered
    ok = l->in && l->out && zmq_setsockopt(l->in, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) == 0 &&
         setopt_int(l->in, ZMQ_RCVHWM, (int)rh) == 0 && setopt_int(l->in, ZMQ_HANDSHAKE_IVL, (int)hs) == 0 &&
         zmq_setsockopt(l->in, ZMQ_ZAP_DOMAIN, "mygpt-ring", 10) == 0 && setopt_int(l->out, ZMQ_SNDHWM, (int)sh) == 0 &&
         setopt_int(l->out, ZMQ_IMMEDIATE, 1) == 0 && setopt_int(l->out, ZMQ_HANDSHAKE_IVL, (int)hs) == 0 &&
         setopt_int(l->in, ZMQ_LINGER, 0) == 0 && setopt_int(l->out, ZMQ_LINGER, 0) == 0;
    // TCP keepalive on both sockets (as transport/zmq/options.ts ringKeepalive): a half-open connection (a NAT
    // or conntrack entry dropped, the peer's host gone without a FIN) is closed by the kernel after a few
    // unanswered probes, so an admitted one does not refuse the neighbour's redials until the collective deadline.
    // Not ZMTP heartbeats: libzmq stops reading while the receive queue is full (this rank busy, its previous
    // rank ahead), so a PING's answer would go unread and a healthy connection end; the kernel answers probes.
    for (int i = 0; ok && i < 2; i++) {
      void *s = i ? l->out : l->in;
      ok = setopt_int(s, ZMQ_TCP_KEEPALIVE, 1) == 0 && setopt_int(s, ZMQ_TCP_KEEPALIVE_IDLE, KEEPALIVE_IDLE_S) == 0 &&
           setopt_int(s, ZMQ_TCP_KEEPALIVE_INTVL, KEEPALIVE_INTVL_S) == 0 &&
           setopt_int(s, ZMQ_TCP_KEEPALIVE_CNT, KEEPALIVE_CNT) == 0;
    }
    if (ok && curve) {
      ok = setopt_int(l->in, ZMQ_CURVE_SERVER, 1) == 0 && zmq_setsockopt(l->in, ZMQ_CURVE_SECRETKEY, sec, 32) == 0 &&
           zmq_setsockopt(l->out, ZMQ_CURVE_PUBLICKEY, pub, 32) == 0 && zmq_setsockopt(l->out, ZMQ_CURVE_SECRETKEY, sec, 32) == 0;
    } else if (ok) {
      ok = setopt_int(l->in, ZMQ_PLAIN_SERVER, 1) == 0;
    }
    int events = ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CONNECTED | ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED |
                 ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
    ok = ok && zmq_socket_monitor(l->in, "inproc://mygpt-mon-in", events) == 0 &&
         zmq_socket_monitor(l->out, "inproc://mygpt-mon-out", events) == 0;
    if (ok) {
      l->mon_in = zmq_socket(l->ctx, ZMQ_PAIR);
      l->mon_out = zmq_socket(l->ctx, ZMQ_PAIR);
      ok = l->mon_in && l->mon_out && zmq_connect(l->mon_in, "inproc://mygpt-mon-in") == 0 &&
           zmq_connect(l->mon_out, "inproc://mygpt-mon-out") == 0;
    }
    ok = ok && zap_start(l) == 0;
  }
  if (!ok) {
    napi_value e = zl_fail(env, "zmqLinkCreate", "socket setup");
    if (l->ctx) link_shutdown(l);
    link_finalize(env, l, NULL);  // after closed: frees only
    return e;
  }
  napi_value h;
  if (napi_create_external(env, l, link_finalize, NULL, &h) != napi_ok) {
    link_finalize(env, l, NULL);
    return napi_throw_error(env, NULL, "mygpt_native.zmqLinkCreate: napi_create_external failed"), NULL;
  }
  if (napi_type_tag_object(env, h, &LINK_TAG) != napi_ok) {  // the external's finalizer frees l
    link_shutdown(l);
    return napi_throw_error(env, NULL, "mygpt_native.zmqLinkCreate: napi_type_tag_object failed"), NULL;
  }
  return h;
}

// zmqLinkBind(link, endpoint) -> the bound endpoint (port 0 resolved)
KERNEL(zmq_link_bind) {
  Args a;
  char ep[256], got[256];
  size_t n = sizeof got;
  if (!get_args(env, info, &a, "zmqLinkBind", 2, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (!l || !arg_str(&a, 1, "endpoint", ep, sizeof ep)) return NULL;
  if (zmq_bind(l->in, ep) != 0) return zl_fail(env, "zmqLinkBind", ep);
  if (zmq_getsockopt(l->in, ZMQ_LAST_ENDPOINT, got, &n) != 0) return zl_fail(env, "zmqLinkBind", "ZMQ_LAST_ENDPOINT");
  napi_value s;
  CHECK(napi_create_string_utf8(env, got, NAPI_AUTO_LENGTH, &s));
  return s;
}

// zmqLinkExpect(link, user, password | publicKey): the one credential the inbound socket admits from now on.
KERNEL(zmq_link_expect) {
  Args a;
  expect_t e = {0};
  View pw;
  if (!get_args(env, info, &a, "zmqLinkExpect", 3, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (!l || !arg_str(&a, 1, "user", e.user, sizeof e.user)) return NULL;
  if (l->curve) {
    if (!arg_key(&a, 2, "publicKey", e.key)) return NULL;
  } else {
    if (!arg_view(&a, 2, "password", napi_uint8_array, &pw)) return NULL;
    if (pw.bytes < 16 || pw.bytes > 255) return arg_range_error(&a, 2, "password", "must be 16..255 bytes"), NULL;
    memcpy(e.pass, pw.p, pw.bytes);
    e.pass_len = pw.bytes;
  }
  e.curve = l->curve;
  e.armed = 1;
  pthread_mutex_lock(&l->mu);
  l->exp = e;
  pthread_mutex_unlock(&l->mu);
  return NULL;
}

// zmqLinkConnect(link, endpoint, user, password | serverKey): the outbound socket to the next rank.
KERNEL(zmq_link_connect) {
  Args a;
  char ep[256], user[CRED_MAX];
  uint8_t key[32];
  View pw;
  if (!get_args(env, info, &a, "zmqLinkConnect", 4, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (!l || !arg_str(&a, 1, "endpoint", ep, sizeof ep) || !arg_str(&a, 2, "user", user, sizeof user)) return NULL;
  if (l->curve) {
    if (!arg_key(&a, 3, "serverKey", key)) return NULL;
    if (zmq_setsockopt(l->out, ZMQ_CURVE_SERVERKEY, key, 32) != 0) return zl_fail(env, "zmqLinkConnect", "ZMQ_CURVE_SERVERKEY");
  } else {
    if (!arg_view(&a, 3, "password", napi_uint8_array, &pw)) return NULL;
    if (pw.bytes < 16 || pw.bytes > 255) return arg_range_error(&a, 3, "password", "must be 16..255 bytes"), NULL;
    if (zmq_setsockopt(l->out, ZMQ_PLAIN_USERNAME, user, strlen(user)) != 0 ||
        zmq_setsockopt(l->out, ZMQ_PLAIN_PASSWORD, pw.p, pw.bytes) != 0)
      return zl_fail(env, "zmqLinkConnect", "PLAIN credentials");
  }
  if (zmq_connect(l->out, ep) != 0) return zl_fail(env, "zmqLinkConnect", ep);
  snprintf(l->out_ep, sizeof l->out_ep, "%s", ep);
  return NULL;
}

// zmqLinkClose(link): closes both sockets, ends the ZAP thread and the context; queued messages are dropped.
KERNEL(zmq_link_close) {
  Args a;
  bool ours = false;
  void *p = NULL;
  if (!get_args(env, info, &a, "zmqLinkClose", 1, 0)) return NULL;
  if (napi_check_object_type_tag(env, a.argv[0], &LINK_TAG, &ours) != napi_ok || !ours || napi_get_value_external(env, a.argv[0], &p) != napi_ok)
    return arg_type_error(&a, 0, "link", "must be a link made by zmqLinkCreate"), NULL;
  link_shutdown(p);  // a second close does nothing
  return NULL;
}
#endif
