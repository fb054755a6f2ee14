// Who may talk to a native ring link (zmq_link.c), and how it learns that a neighbour went away.
//
// ZAP (ZeroMQ RFC 27): every connection to the link's inbound socket is a PLAIN or CURVE handshake, and
// libzmq asks this context's ZAP handler (a thread here, on inproc://zeromq.zap.01) before it gives the
// connection a receive queue. The handler admits exactly one credential, the previous rank's for this
// generation (expect(), from the Welcome): PLAIN user "mygpt-ring rank R generation G" with a password
// derived from the generation's ring secret, or with CURVE the previous rank's ring public key (a key pair it
// made for this generation). Anything else (no credentials, another rank's, an older generation's) gets status
// 400 (a request before the Welcome is held until it comes: libzmq would not redial after a refusal), its
// connection is closed by libzmq and the refusal is logged (JS drains it): a stranger never gets a queue.
// And one connection at a time: while an admitted connection is up (or its handshake still runs, for at most
// ADMISSION_PENDING_MS after its admission), a request with
// the right credential is held for SECOND_HOLD_MS (the previous rank redialling after a drop whose disconnect
// is not seen yet), then refused and logged with its address. Whoever is admitted first keeps the socket: an
// intruder holding the credential who connects before the previous rank makes the real one's dial fail (it
// redials until its send deadline, then its collective fails naming this rank: a recovery, never silent).
// The admitted connection's messages carry the handler's User-Id; zmq_link.c checks it on every message.
//
// Socket events (who connected, who went away): zmq_monitor.c; the thread below polls the inbound monitor.
#ifdef MYGPT_HAVE_ZMQ
#include "zmq_link.h"
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>

double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// With l->mu held.
void refusal_locked(link_t *l, const char *text) {
  unsigned i = (l->refusals_head + l->refusals_len) % REFUSALS;
  snprintf(l->refusals[i], REFUSAL_TEXT, "%s", text);
  if (l->refusals_len < REFUSALS) l->refusals_len++;
  else l->refusals_head = (l->refusals_head + 1) % REFUSALS;
  l->refused_total++;
}

void zap_refusal(link_t *l, const char *text) {
  pthread_mutex_lock(&l->mu);
  refusal_locked(l, text);
  pthread_mutex_unlock(&l->mu);
}

// Constant-time comparison of two byte strings of the same length.
static int same(const uint8_t *a, const uint8_t *b, size_t n) {
  uint8_t d = 0;
  for (size_t i = 0; i < n; i++) d |= a[i] ^ b[i];
  return d == 0;
}

// A ZAP request as the ROUTER receives it: [routing id][empty] then version, request id, domain, address,
// identity, mechanism, credentials... (RFC 27). Requests that come before expect() are held (up to
// ZAP_HELD) and judged once it is called: the previous rank may dial before this rank has its Welcome,
// and a refusal would end its connection for good (libzmq does not reconnect after a refused handshake).
#define ZAP_PARTS 10
#define ZAP_HELD 16
#define SECOND_HOLD_MS 500.0
// How long an admission (ZAP 200) counts as a connection whose handshake still runs: after the ZAP reply only
// about one round trip of the handshake remains, so an admitted connection that never finishes (its peer went
// away) must not refuse the real neighbour's redials for the whole handshake interval.
#define ADMISSION_PENDING_MS 2000.0
typedef struct {
  zmq_msg_t part[ZAP_PARTS];
  int n;
  double since;  // when it came (now_ms)
} zap_req_t;

// Frame i of the request body (after the routing envelope), or NULL.
static zmq_msg_t *body(zap_req_t *r, int i) { return i + 2 < r->n ? &r->part[i + 2] : NULL; }

static void req_close(zap_req_t *r) {
  for (int i = 0; i < r->n; i++) zmq_msg_close(&r->part[i]);
  r->n = 0;
}

// Reads one request (non-blocking); 1 = got one, 0 = none pending, -1 = the context is ending.
static int zap_read(void *sock, zap_req_t *r) {
  r->n = 0;
  for (;;) {
    zmq_msg_t m;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, sock, r->n ? 0 : ZMQ_DONTWAIT) < 0) {
      int e = zmq_errno();
      zmq_msg_close(&m);
      req_close(r);
      return e == EAGAIN ? 0 : -1;
    }
    int more = zmq_msg_more(&m);
    if (r->n < ZAP_PARTS) r->part[r->n++] = m;
    else zmq_msg_close(&m);
    if (!more) return 1;
  }
}

static void zap_reply(void *sock, zap_req_t *r, const char *status, const char *text, const char *user) {
  zmq_msg_t *id = &r->part[0], *reqid = body(r, 1);
  zmq_send(sock, zmq_msg_data(id), zmq_msg_size(id), ZMQ_SNDMORE);
  zmq_send(sock, "", 0, ZMQ_SNDMORE);
  zmq_send(sock, "1.0", 3, ZMQ_SNDMORE);
  zmq_send(sock, reqid ? zmq_msg_data(reqid) : "", reqid ? zmq_msg_size(reqid) : 0, ZMQ_SNDMORE);
  zmq_send(sock, status, strlen(status), ZMQ_SNDMORE);
  zmq_send(sock, text, strlen(text), ZMQ_SNDMORE);
  zmq_send(sock, user, strlen(user), ZMQ_SNDMORE);
  zmq_send(sock, "", 0, 0);
}

static int body_is(zap_req_t *r, int i, const char *s) {
  zmq_msg_t *m = body(r, i);
  return m && zmq_msg_size(m) == strlen(s) && memcmp(zmq_msg_data(m), s, strlen(s)) == 0;
}

// Why a request is refused ("" = admitted). The caller holds l->mu and l->exp is armed.
static const char *zap_judge(link_t *l, zap_req_t *r) {
  expect_t *e = &l->exp;
  if (r->n < 2 + 6 || zmq_msg_size(&r->part[1]) != 0 || !body_is(r, 0, "1.0")) return "malformed ZAP request";
  if (e->curve) {
    if (!body_is(r, 5, "CURVE")) return "not a CURVE handshake";
    zmq_msg_t *k = body(r, 6);
    if (!k || zmq_msg_size(k) != 32 || !same(zmq_msg_data(k), e->key, 32))
      return "CURVE key is not the previous rank's ring key";
    return "";
  }
  if (!body_is(r, 5, "PLAIN"))
    return body_is(r, 5, "NULL") ? "no credentials (a plain ZeroMQ socket)" : "not a PLAIN handshake";
  zmq_msg_t *u = body(r, 6), *pw = body(r, 7);
  if (!u || !pw) return "malformed PLAIN credentials";
  size_t ul = zmq_msg_size(u);
  if (!(ul == strlen(e->user) && same(zmq_msg_data(u), (const uint8_t *)e->user, ul)))
    return "user is not the previous rank of this generation";
  if (!(zmq_msg_size(pw) == e->pass_len && same(zmq_msg_data(pw), e->pass, e->pass_len)))
    return "wrong ring credential for this generation";
  return "";
}

// Answers one request (l->exp armed): admitted with the previous rank's user id, or refused and logged; 0 = not
// yet (the right credential while the admitted connection is up, held for up to SECOND_HOLD_MS).
static int zap_answer(link_t *l, void *sock, zap_req_t *r) {
  char user[CRED_MAX];
  double t = now_ms();
  pthread_mutex_lock(&l->mu);
  const char *why = zap_judge(l, r);
  if (!*why && (l->adm_live > 0 || l->adm_pending_until > t)) {
    if (t - r->since < SECOND_HOLD_MS) {
      pthread_mutex_unlock(&l->mu);
      return 0;
    }
    why = "a second connection with the previous rank's credential while its admitted connection is up "
          "(one at a time)";
  }
  if (!*why) {  // until HANDSHAKE_SUCCEEDED (zmq_monitor.c), for at most min(handshake interval, ADMISSION_PENDING_MS)
    double hs = l->handshake_ms, pending = hs > 0 && hs < ADMISSION_PENDING_MS ? hs : ADMISSION_PENDING_MS;
    l->adm_pending_until = t + pending;
  }
  snprintf(user, sizeof user, "%s", l->exp.user);
  pthread_mutex_unlock(&l->mu);
  if (r->n >= 2) zap_reply(sock, r, *why ? "400" : "200", *why ? why : "OK", *why ? "" : user);
  if (*why) {
    char addr[64] = "?", text[REFUSAL_TEXT];
    zmq_msg_t *a = body(r, 3);
    if (a) {
      size_t al = zmq_msg_size(a) < sizeof addr - 1 ? zmq_msg_size(a) : sizeof addr - 1;
      memcpy(addr, zmq_msg_data(a), al);
      addr[al] = 0;
    }
    snprintf(text, sizeof text, "%s\t%s", addr, why);
    zap_refusal(l, text);
  }
  req_close(r);
  return 1;
}

static void *zap_main(void *arg) {
  link_t *l = arg;
  void *sock = l->zap_sock;
  zap_req_t held[ZAP_HELD], r;
  int nheld = 0;
  for (;;) {
    zmq_pollitem_t it[2] = {{sock, 0, ZMQ_POLLIN, 0}, {l->mon_in, 0, ZMQ_POLLIN, 0}};
    if (zmq_poll(it, 2, nheld ? 20 : 200) < 0 && zmq_errno() == ETERM) break;
    uint16_t ev;
    uint32_t v;
    while (monitor_event(l->mon_in, &ev, &v)) inbound_event(l, ev, v);
    pthread_mutex_lock(&l->mu);
    int armed = l->exp.armed;
    pthread_mutex_unlock(&l->mu);
    if (armed) {  // newest first: an older request with the credential may be a connection gone before the Welcome
      int kept = nheld;
      for (int i = nheld - 1; i >= 0; i--)
        if (!zap_answer(l, sock, &held[i])) held[--kept] = held[i];
      memmove(&held[0], &held[kept], sizeof held[0] * (nheld - kept));
      nheld -= kept;
    }
    int got;
    while ((got = zap_read(sock, &r)) == 1) {
      r.since = now_ms();
      if (armed && zap_answer(l, sock, &r)) continue;
      if (nheld == ZAP_HELD) {  // full: the oldest is refused (the real neighbour dials once, strangers many times)
        zap_reply(sock, &held[0], "400", "too many connections waiting", "");
        zap_refusal(l, armed ? "?\ttoo many connections with the previous rank's credential; the oldest was refused"
                             : "?\ttoo many connections before this rank's Welcome; the oldest was refused");
        req_close(&held[0]);
        memmove(&held[0], &held[1], sizeof held[0] * (ZAP_HELD - 1));
        nheld--;
      }
      held[nheld++] = r;
    }
    pthread_mutex_lock(&l->mu);
    l->zap_held = nheld;
    pthread_mutex_unlock(&l->mu);
    if (got < 0) break;
  }
  for (int i = 0; i < nheld; i++) req_close(&held[i]);
  zmq_close(sock);
  zmq_close(l->mon_in);  // this thread's since zap_start
  return NULL;
}

// Bound here, before the ring socket is bound, so that no handshake can find the handler missing; the
// thread then owns it and the inbound monitor (pthread_create is the full barrier libzmq asks for when a
// socket moves between threads).
int zap_start(link_t *l) {
  size_t hn = sizeof l->handshake_ms;  // an admission's handshake ends by then (zmqLinkCreate set it)
  if (zmq_getsockopt(l->in, ZMQ_HANDSHAKE_IVL, &l->handshake_ms, &hn) != 0) return -1;
  l->zap_sock = zmq_socket(l->ctx, ZMQ_ROUTER);
  if (!l->zap_sock) return -1;
  int zero = 0;
  zmq_setsockopt(l->zap_sock, ZMQ_LINGER, &zero, sizeof zero);
  if (zmq_bind(l->zap_sock, "inproc://zeromq.zap.01") != 0 || pthread_create(&l->zap, NULL, zap_main, l) != 0) {
    zmq_close(l->zap_sock);
    l->zap_sock = NULL;
    return -1;
  }
  l->zap_started = 1;
  return 0;
}
#endif
