// The native ZeroMQ ring link's state, shared by zmq_link.c (sockets, send, receive, close) and zmq_auth.c
// (the ZAP handler thread that admits only the expected neighbour, and the socket-event monitors).
// Built only with libzmq (MYGPT_HAVE_ZMQ, set by build.js when zmq.h and -lzmq are found).
#ifndef MYGPT_ZMQ_LINK_H
#define MYGPT_ZMQ_LINK_H
#ifdef MYGPT_HAVE_ZMQ
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <zmq.h>

// Zero-copy sends in flight at most (a send beyond it waits, like a full send queue).
#define ZC_SLOTS 4096
// Refusals kept for JS to drain (older ones are counted, not kept).
#define REFUSALS 16
#define REFUSAL_TEXT 200
#define CRED_MAX 256

typedef struct link link_t;

// One zero-copy payload handed to libzmq: done is set by libzmq's free callback (its I/O thread).
typedef struct {
  link_t *l;
  atomic_int done;
} zc_slot_t;

// What the ZAP handler admits: before expect() nothing; then one credential, the previous rank's.
typedef struct {
  int armed;
  int curve;                  // 1: CURVE, the client's public key must be `key`; 0: PLAIN user + password
  char user[CRED_MAX];        // PLAIN user name, also the User-Id stamped on every admitted message
  uint8_t pass[CRED_MAX];
  size_t pass_len;
  uint8_t key[32];
} expect_t;

struct link {
  void *ctx, *in, *out, *mon_in, *mon_out;
  int curve;
  int closed;
  // ZAP handler thread and what it admits (mu guards exp and the refusal log)
  pthread_t zap;
  void *zap_sock;             // the handler's REP socket (owned by the thread once started)
  int zap_started;
  pthread_mutex_t mu;
  expect_t exp;
  char refusals[REFUSALS][REFUSAL_TEXT];
  unsigned refusals_head, refusals_len;
  uint64_t refused_total;
  // zero-copy sends: slot of seq s is zc[s % ZC_SLOTS]; all of 1..zc_upto are done
  zc_slot_t zc[ZC_SLOTS];
  uint64_t zc_seq, zc_upto;
  pthread_mutex_t sent_mu;
  pthread_cond_t sent_cv;
  // receiving: the payload part of the message whose header was handed out last
  zmq_msg_t pend;
  int has_pend;
  size_t max_header, max_payload;
  char reject[REFUSAL_TEXT];  // why the last message was rejected
  // connection state from the monitors (monotonic ms; 0 = not lost)
  int in_fd;                  // the admitted previous rank's connection (from its messages' metadata)
  struct { int fd, closed; char addr[64]; } accepted[64]; // recent inbound connections: address, and gone yet
  unsigned accepted_next;
  char in_failed[REFUSAL_TEXT];  // why the last inbound handshake failed, logged at its disconnect ("" = none)
  // One admitted connection at a time (zmq_auth.c): admitted connections up (only an admitted one finishes its
  // handshake), an admission handed out whose handshake is still running (until then), and handshakes that
  // failed whose disconnect was not seen yet (each failed connection's disconnect follows its failure event).
  int adm_live;
  double adm_pending_until;
  int fail_pending;
  int zap_held;  // requests the ZAP thread holds now, at once (the zeromq.js link counts only settled ones)
  int handshake_ms;
  double in_lost_since;
  int out_fd, out_up;
  double out_lost_since;
  int out_failures;           // handshakes the next rank refused since the last success
  char out_ep[256];           // the next rank's endpoint (zmqLinkConnect)
  double out_redial_at;       // libzmq never redials after a refused handshake: we do, at this time (0 = no)
  char out_failure[REFUSAL_TEXT];
};

// zmq_link.c: argument helpers shared with zmq_io.c
#include "napi_args.h"
link_t *link_arg(Args *a);                   // argument 0: a live link (TypeError / RangeError otherwise)
int arg_str(Args *a, size_t i, const char *name, char *buf, size_t cap);
napi_value zl_fail(napi_env env, const char *fn, const char *what); // throws "<fn>: <what>: <zmq error>"
// zmq_auth.c
int zap_start(link_t *l);                    // binds the ZAP endpoint in l->ctx and starts the thread; 0 = ok
void zap_refusal(link_t *l, const char *text); // appends to the refusal log (takes l->mu)
void refusal_locked(link_t *l, const char *text); // the same, l->mu held
// zmq_monitor.c
int monitor_event(void *mon, uint16_t *event, uint32_t *value); // one pending socket event; 0 = none
void inbound_event(link_t *l, uint16_t ev, uint32_t v);        // the ZAP thread, for each inbound event
void monitors_drain(link_t *l);              // applies pending outbound events; redials a refused connection
int fd_closed(link_t *l, int fd);            // an inbound connection known to be gone (l->mu held)
double now_ms(void);
#endif
#endif
