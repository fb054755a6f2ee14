// Send and receive of the native ZeroMQ ring link (zmq_link.c has the protocol notes and the setup).
#ifdef MYGPT_HAVE_ZMQ
#include "zmq_link.h"
#include "kernels.h"
#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#define ZC_MIN 1024   // smaller payloads are copied into the message (done at once)
#define RECV_CODE_WRITABLE 2
#define RECV_CODE_MESSAGE 1
#define RECV_CODE_TIMEOUT 0
#define RECV_CODE_PREV_LOST (-1)
#define RECV_CODE_NEXT_LOST (-2)
#define RECV_CODE_REJECTED (-4)
#define LOST_SLICE_MS 50.0

// libzmq's free callback of a zero-copy payload (its I/O thread, or this thread when a send fails or the
// link closes): the slot is done, the caller's memory is no longer read.
static void zc_free(void *data, void *hint) {
  (void)data;
  zc_slot_t *s = hint;
  link_t *l = s->l;
  pthread_mutex_lock(&l->sent_mu);
  atomic_store(&s->done, 1);
  pthread_cond_broadcast(&l->sent_cv);
  pthread_mutex_unlock(&l->sent_mu);
}

// Every zero-copy send up to the returned sequence number is done (they finish in order on one connection;
// counting only a done prefix keeps a payload alive even if one finished out of order).
static uint64_t advance(link_t *l) {
  while (l->zc_upto < l->zc_seq && atomic_load(&l->zc[(l->zc_upto + 1) % ZC_SLOTS].done)) l->zc_upto++;
  return l->zc_upto;
}

static napi_value num(napi_env env, double v) {
  napi_value out;
  CHECK(napi_create_double(env, v, &out));
  return out;
}

// An optional typed-array argument (undefined or null = none).
static int opt_view(Args *a, size_t i, const char *name, View *v, int *present) {
  napi_valuetype t = napi_undefined;
  *present = 0;
  if (i < a->argc && napi_typeof(a->env, a->argv[i], &t) != napi_ok)
    return arg_type_error(a, i, name, "has an unreadable type");
  if (t == napi_undefined || t == napi_null) return 1;
  *present = 1;
  return arg_view(a, i, name, napi_uint8_array, v);
}

// zmqLinkSend(link, header, payload?) -> -1: not sent (queue full or no connection yet: try again later),
// 0: sent (copied), n > 0: sent zero-copy as sequence number n (keep the payload unchanged until done).
KERNEL(zmq_link_send) {
  Args a;
  View h, p = {0};
  int has_p;
  if (!get_args(env, info, &a, "zmqLinkSend", 2, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (!l || !arg_view(&a, 1, "header", napi_uint8_array, &h) || !opt_view(&a, 2, "payload", &p, &has_p)) return NULL;
  if (h.bytes == 0 || h.bytes > l->max_header)
    return arg_range_error(&a, 1, "header", "is empty or over the header limit"), NULL;
  if (has_p && p.bytes > l->max_payload) return arg_range_error(&a, 2, "payload", "is over the payload limit"), NULL;
  monitors_drain(l);
  int zc = has_p && p.bytes >= ZC_MIN;
  if (zc && l->zc_seq - advance(l) >= ZC_SLOTS - 1) return num(env, -1);
  if (zmq_send(l->out, h.p, h.bytes, ZMQ_DONTWAIT | (has_p ? ZMQ_SNDMORE : 0)) < 0) {
    return zmq_errno() == EAGAIN ? num(env, -1) : zl_fail(env, "zmqLinkSend", "header frame");
  }
  if (!has_p) return num(env, 0);
  if (!zc) {
    if (zmq_send(l->out, p.bytes ? p.p : (uint8_t *)"", p.bytes, ZMQ_DONTWAIT) >= 0) return num(env, 0);
    return zmq_errno() == EAGAIN ? num(env, -1) : zl_fail(env, "zmqLinkSend", "payload frame");
  }
  uint64_t seq = l->zc_seq + 1;
  zc_slot_t *s = &l->zc[seq % ZC_SLOTS];
  s->l = l;
  atomic_store(&s->done, 0);
  zmq_msg_t m;
  if (zmq_msg_init_data(&m, p.p, p.bytes, zc_free, s) != 0) return zl_fail(env, "zmqLinkSend", "zmq_msg_init_data");
  if (zmq_msg_send(&m, l->out, ZMQ_DONTWAIT) < 0) {  // the connection went between the two parts: both rolled back
    int e = zmq_errno();
    zmq_msg_close(&m);  // calls zc_free: the slot is free again (zc_seq not advanced)
    return e == EAGAIN ? num(env, -1) : zl_fail(env, "zmqLinkSend", "payload frame");
  }
  l->zc_seq = seq;
  return num(env, (double)seq);
}

// zmqLinkSentUpto(link) -> every zero-copy send up to this sequence number is done.
KERNEL(zmq_link_sent_upto) {
  Args a;
  if (!get_args(env, info, &a, "zmqLinkSentUpto", 1, 0)) return NULL;
  link_t *l = link_arg(&a);
  return l ? num(env, (double)advance(l)) : NULL;
}

// zmqLinkWaitSent(link, seq, timeoutMs) -> like zmqLinkSentUpto, after waiting up to timeoutMs for seq.
KERNEL(zmq_link_wait_sent) {
  Args a;
  int64_t seq, ms;
  if (!get_args(env, info, &a, "zmqLinkWaitSent", 3, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (!l || !arg_int(&a, 1, "seq", 0, MAX_SAFE, &seq) || !arg_int(&a, 2, "timeoutMs", 0, 3600000, &ms)) return NULL;
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);  // sent_cv waits on the monotonic clock (zmqLinkCreate)
  until.tv_sec += ms / 1000;
  until.tv_nsec += (ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
  pthread_mutex_lock(&l->sent_mu);
  while (advance(l) < (uint64_t)seq && pthread_cond_timedwait(&l->sent_cv, &l->sent_mu, &until) == 0) {}
  pthread_mutex_unlock(&l->sent_mu);
  return num(env, (double)advance(l));
}

// 0, or the code of a neighbour lost for longer than graceMs.
static int lost(link_t *l, double grace) {
  double t = now_ms();
  pthread_mutex_lock(&l->mu);  // the handler thread sets it
  double in_lost = l->in_lost_since;
  pthread_mutex_unlock(&l->mu);
  if (in_lost > 0 && t - in_lost >= grace) return RECV_CODE_PREV_LOST;
  if (l->out_lost_since > 0 && t - l->out_lost_since >= grace) return RECV_CODE_NEXT_LOST;
  return 0;
}

static void reject(link_t *l, const char *why) { snprintf(l->reject, sizeof l->reject, "%s", why); }

// The first part m of a message: checks who sent it and the frame shapes, copies the header into hdr and
// keeps the payload part pending. RECV_CODE_MESSAGE, or RECV_CODE_REJECTED with l->reject saying why.
static int accept_message(link_t *l, zmq_msg_t *m, View *hdr, double *out) {
  size_t hs = zmq_msg_size(m);
  int more = zmq_msg_more(m), fd = zmq_msg_get(m, ZMQ_SRCFD);
  const char *uid = zmq_msg_gets(m, "User-Id");
  pthread_mutex_lock(&l->mu);
  int admitted = uid && l->exp.armed && strcmp(uid, l->exp.user) == 0;
  pthread_mutex_unlock(&l->mu);
  const char *why = !admitted ? "a message from a connection not admitted as the previous rank"
                    : hs == 0 || hs > l->max_header ? "header frame empty or over the header limit" : NULL;
  if (!why) memcpy(hdr->p, zmq_msg_data(m), hs);
  zmq_msg_close(m);
  int parts = 1;
  while (more) {  // the rest of a multipart message is all there (atomic delivery)
    zmq_msg_t *dst = parts == 1 ? &l->pend : m;
    zmq_msg_init(dst);
    if (zmq_msg_recv(dst, l->in, 0) < 0) {
      zmq_msg_close(dst);
      break;
    }
    more = zmq_msg_more(dst);
    if (parts++ == 1) l->has_pend = 1;
    else zmq_msg_close(dst);
  }
  if (!why && parts > 2) why = "more than two frames (header and payload)";
  if (why) {
    if (l->has_pend) zmq_msg_close(&l->pend);
    l->has_pend = 0;
    reject(l, why);
    return RECV_CODE_REJECTED;
  }
  pthread_mutex_lock(&l->mu);
  if (fd >= 0 && !fd_closed(l, fd)) {  // the admitted connection, live: its disconnect is the previous rank lost
    l->in_fd = fd;
    l->in_lost_since = 0;
  }
  pthread_mutex_unlock(&l->mu);
  out[0] = (double)hs;
  out[1] = l->has_pend ? (double)zmq_msg_size(&l->pend) : -1;
  return RECV_CODE_MESSAGE;
}

// zmqLinkRecv(link, timeoutMs, graceMs, header: Uint8Array (>= max header), info: Float64Array(2 or 3)) -> code:
// 1 a message (info = [header bytes, payload bytes or -1]), 0 timeout, -1 the previous rank lost, -2 the next
// rank lost (each: its connection gone for graceMs), -4 a message rejected (zmqLinkEvents().reject says why),
// 2 (only with wantWritable: the caller holds sends that found the queue full) the send queue has room.
// info[2], when there: refusals waiting for zmqLinkEvents (set whenever the call waited). A payload from the
// last call not taken by then is dropped.
KERNEL(zmq_link_recv) {
  Args a;
  int64_t tmo, grace;
  View hdr, inf;
  bool writable = false;
  if (!get_args(env, info, &a, "zmqLinkRecv", 5, 0)) return NULL;
  if (a.argc > 5 && !arg_bool(&a, 5, "wantWritable", &writable)) return NULL;
  link_t *l = link_arg(&a);
  if (!l || !arg_int(&a, 1, "timeoutMs", 0, 2147483647.0, &tmo) || !arg_int(&a, 2, "graceMs", 0, 3600000, &grace) ||
      !arg_view(&a, 3, "header", napi_uint8_array, &hdr) || !arg_view(&a, 4, "info", napi_float64_array, &inf))
    return NULL;
  if (hdr.bytes < l->max_header) return arg_range_error(&a, 3, "header", "is shorter than the header limit"), NULL;
  if (inf.bytes < 16) return arg_range_error(&a, 4, "info", "must hold 2 numbers"), NULL;
  if (l->has_pend) zmq_msg_close(&l->pend);
  l->has_pend = 0;
  double deadline = now_ms() + (double)tmo;
  for (;;) {
    monitors_drain(l);
    zmq_msg_t m;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, l->in, ZMQ_DONTWAIT) >= 0) return num(env, accept_message(l, &m, &hdr, (double *)inf.p));
    zmq_msg_close(&m);
    if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) return zl_fail(env, "zmqLinkRecv", "receive");
    if (inf.bytes >= 24) {  // refusals waiting to be logged (zmqLinkEvents drains them)
      pthread_mutex_lock(&l->mu);
      ((double *)inf.p)[2] = l->refusals_len;
      pthread_mutex_unlock(&l->mu);
    }
    int code = lost(l, (double)grace);
    if (code) return num(env, code);
    double left = deadline - now_ms();
    if (left <= 0) return num(env, RECV_CODE_TIMEOUT);
    // the handler thread notes a lost previous rank: look again every LOST_SLICE_MS
    left = fmin(left, l->out_lost_since > 0 ? fmin((double)grace, LOST_SLICE_MS) : LOST_SLICE_MS);
    if (l->out_redial_at > 0) left = fmin(left, fmax(1, l->out_redial_at - now_ms()));
    zmq_pollitem_t it[3] = {{l->in, 0, ZMQ_POLLIN, 0}, {l->mon_out, 0, ZMQ_POLLIN, 0}, {l->out, 0, ZMQ_POLLOUT, 0}};
    int rc = zmq_poll(it, writable ? 3 : 2, (long)ceil(fmax(1, left)));
    if (rc < 0 && zmq_errno() != EINTR) return zl_fail(env, "zmqLinkRecv", "poll");
    if (writable && (it[2].revents & ZMQ_POLLOUT) && !(it[0].revents & ZMQ_POLLIN)) return num(env, RECV_CODE_WRITABLE);
  }
}

// zmqLinkTake(link, dst): copies the pending payload into dst (exactly its length) and releases it.
KERNEL(zmq_link_take) {
  Args a;
  View d;
  if (!get_args(env, info, &a, "zmqLinkTake", 2, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (!l || !arg_view(&a, 1, "dst", napi_uint8_array, &d)) return NULL;
  if (!l->has_pend) return arg_range_error(&a, 0, "link", "has no pending payload"), NULL;
  if (d.bytes != zmq_msg_size(&l->pend))
    return arg_range_error(&a, 1, "dst", "is not the pending payload's length"), NULL;
  memcpy(d.p, zmq_msg_data(&l->pend), d.bytes);
  zmq_msg_close(&l->pend);
  l->has_pend = 0;
  return NULL;
}

// zmqLinkDrop(link): releases the pending payload, if any.
KERNEL(zmq_link_drop) {
  Args a;
  if (!get_args(env, info, &a, "zmqLinkDrop", 1, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (l && l->has_pend) zmq_msg_close(&l->pend);
  if (l) l->has_pend = 0;
  return NULL;
}

// zmqLinkCheck(link, graceMs) -> 0, or -1 / -2 as zmqLinkRecv (applies pending socket events first).
KERNEL(zmq_link_check) {
  Args a;
  int64_t grace;
  if (!get_args(env, info, &a, "zmqLinkCheck", 2, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (!l || !arg_int(&a, 1, "graceMs", 0, 3600000, &grace)) return NULL;
  monitors_drain(l);
  return num(env, lost(l, (double)grace));
}

static int set_str(napi_env env, napi_value o, const char *key, const char *s) {
  napi_value v;
  return napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v) == napi_ok &&
         napi_set_named_property(env, o, key, v) == napi_ok;
}

// zmqLinkEvents(link) -> {refusals: ["address\twhy", ...] (drained), refusedTotal, held (ZAP requests held now),
// reject, outFailures, outFailure, outUp}
KERNEL(zmq_link_events) {
  Args a;
  if (!get_args(env, info, &a, "zmqLinkEvents", 1, 0)) return NULL;
  link_t *l = link_arg(&a);
  if (!l) return NULL;
  monitors_drain(l);
  napi_value o, arr, v;
  CHECK(napi_create_object(env, &o));
  pthread_mutex_lock(&l->mu);
  unsigned n = l->refusals_len;
  napi_status st = napi_create_array_with_length(env, n, &arr);
  for (unsigned i = 0; st == napi_ok && i < n; i++) {
    st = napi_create_string_utf8(env, l->refusals[(l->refusals_head + i) % REFUSALS], NAPI_AUTO_LENGTH, &v);
    if (st == napi_ok) st = napi_set_element(env, arr, i, v);
  }
  l->refusals_len = 0;
  double total = (double)l->refused_total, held = l->zap_held;
  pthread_mutex_unlock(&l->mu);
  CHECK(st);
  CHECK(napi_set_named_property(env, o, "refusals", arr));
  CHECK(napi_set_named_property(env, o, "refusedTotal", num(env, total)));
  CHECK(napi_set_named_property(env, o, "held", num(env, held)));
  CHECK(napi_set_named_property(env, o, "outFailures", num(env, l->out_failures)));
  CHECK(napi_get_boolean(env, l->out_up, &v));
  CHECK(napi_set_named_property(env, o, "outUp", v));
  if (!set_str(env, o, "reject", l->reject) || !set_str(env, o, "outFailure", l->out_failure)) return NULL;
  return o;
}
#endif
