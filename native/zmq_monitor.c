// How a native ring link (zmq_link.c) learns what happens to its connections: socket-event monitors (inproc
// PAIR). Inbound events are handled by the ZAP thread as they happen (zmq_auth.c polls the monitor beside its
// ZAP socket), so a refused stranger's address is read while its connection is still open; the admitted
// previous rank's DISCONNECTED starts the lost clock. Outbound events (one connection) are applied by the
// owning JS thread at each call, which also dials again after a refused handshake.
#ifdef MYGPT_HAVE_ZMQ
#include "zmq_link.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

// One monitor event (2 frames: u16 event + u32 value, then the endpoint); 0 = none pending.
int monitor_event(void *mon, uint16_t *event, uint32_t *value) {
  zmq_msg_t m;
  zmq_msg_init(&m);
  if (zmq_msg_recv(&m, mon, ZMQ_DONTWAIT) < 0) {
    zmq_msg_close(&m);
    return 0;
  }
  const uint8_t *d = zmq_msg_data(&m);
  int ok = zmq_msg_size(&m) >= 6;
  if (ok) {
    memcpy(event, d, 2);
    memcpy(value, d + 2, 4);
  }
  int more = zmq_msg_more(&m);
  zmq_msg_close(&m);
  while (more) {  // the endpoint frame
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, mon, 0) < 0) break;
    more = zmq_msg_more(&m);
    zmq_msg_close(&m);
  }
  return ok ? 1 : monitor_event(mon, event, value);
}

// Where an accepted inbound connection comes from ("ip:port"), remembered until its disconnect.
static void remember_peer(link_t *l, int fd) {
  struct sockaddr_storage ss;
  socklen_t n = sizeof ss;
  char ip[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (getpeername(fd, (struct sockaddr *)&ss, &n) == 0) {
    if (ss.ss_family == AF_INET) {
      inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, ip, sizeof ip);
      port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    } else if (ss.ss_family == AF_INET6) {
      inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, ip, sizeof ip);
      port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    }
  }
  const unsigned n_acc = sizeof l->accepted / sizeof l->accepted[0];
  for (unsigned k = 0; k < n_acc; k++)
    if (l->accepted[k].fd == fd) l->accepted[k].addr[0] = 0;  // an older connection that had this fd
  unsigned i = l->accepted_next++ % n_acc;
  l->accepted[i].fd = fd;
  l->accepted[i].closed = 0;
  snprintf(l->accepted[i].addr, sizeof l->accepted[i].addr, "%s:%d", ip, port);
}

int fd_closed(link_t *l, int fd) {
  for (unsigned i = 0; i < sizeof l->accepted / sizeof l->accepted[0]; i++)
    if (l->accepted[i].fd == fd && l->accepted[i].addr[0]) return l->accepted[i].closed;
  return 0;
}

static void mark_closed(link_t *l, int fd) {
  for (unsigned i = 0; i < sizeof l->accepted / sizeof l->accepted[0]; i++)
    if (l->accepted[i].fd == fd && l->accepted[i].addr[0]) l->accepted[i].closed = 1;
}

static const char *peer_of(link_t *l, int fd) {
  for (unsigned i = 0; i < sizeof l->accepted / sizeof l->accepted[0]; i++)
    if (l->accepted[i].fd == fd && l->accepted[i].addr[0]) return l->accepted[i].addr;
  return "?";
}

// An event of the inbound socket (the handler thread, as it happens: the peer's address is read while its
// connection is still open). A handshake that fails before ZAP is asked (no PLAIN/CURVE, garbage, silence) is
// logged at the connection's disconnect with its address; a ZAP refusal was logged by the handler already.
// It also counts the admitted connections that are up (zmq_auth.c admits one at a time): only an admitted
// connection finishes its handshake; a disconnect is the admitted one's when its fd is the one the previous
// rank's messages came from, else a failed handshake's while one is pending (libzmq reports each failure before
// that connection's disconnect), else the admitted one's that never sent a message.
void inbound_event(link_t *l, uint16_t ev, uint32_t v) {
  pthread_mutex_lock(&l->mu);
  if (ev == ZMQ_EVENT_ACCEPTED) {
    remember_peer(l, (int)v);
  } else if (ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
    l->adm_live++;
    l->adm_pending_until = 0;
  } else if (ev == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL) {
    snprintf(l->in_failed, REFUSAL_TEXT,
             "ZMTP handshake failed (protocol error 0x%x: not a ring peer with this plane's mechanism)", v);
    l->fail_pending++;
  } else if (ev == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) {
    snprintf(l->in_failed, REFUSAL_TEXT, "closed before finishing the handshake (%s)",
             v ? strerror((int)v) : "no greeting in time");
    l->fail_pending++;
  } else if (ev == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
    l->in_failed[0] = 0;
    l->fail_pending++;
  } else if (ev == ZMQ_EVENT_DISCONNECTED && (int)v == l->in_fd) {
    mark_closed(l, (int)v);  // messages it sent before going are still read: they must not clear the clock
    l->in_fd = -1;
    l->in_lost_since = now_ms();
    if (l->adm_live > 0) l->adm_live--;
  } else if (ev == ZMQ_EVENT_DISCONNECTED && l->fail_pending > 0) {
    mark_closed(l, (int)v);
    l->fail_pending--;
    if (l->in_failed[0]) {
      char text[REFUSAL_TEXT + 72];
      snprintf(text, sizeof text, "%s\t%s", peer_of(l, (int)v), l->in_failed);
      refusal_locked(l, text);
      l->in_failed[0] = 0;
    }
  } else if (ev == ZMQ_EVENT_DISCONNECTED) {
    mark_closed(l, (int)v);
    if (l->in_fd < 0 && l->adm_live > 0) l->adm_live--;
  }
  pthread_mutex_unlock(&l->mu);
}

#define REDIAL_MS 100.0

// Outbound events (the owning JS thread, at each call).
void monitors_drain(link_t *l) {
  uint16_t ev;
  uint32_t v;
  while (l->mon_out && monitor_event(l->mon_out, &ev, &v)) {
    if (ev == ZMQ_EVENT_CONNECTED) l->out_fd = (int)v;
    else if (ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
      l->out_up = 1;
      l->out_lost_since = 0;
      l->out_failures = 0;
    } else if (ev == ZMQ_EVENT_DISCONNECTED && l->out_up && (int)v == l->out_fd) {
      l->out_up = 0;
      l->out_lost_since = now_ms();
    } else if (ev == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
      l->out_failures++;
      l->out_redial_at = now_ms() + REDIAL_MS;
      snprintf(l->out_failure, REFUSAL_TEXT, "the next rank refused this rank's ring credential (ZAP status %u)", v);
    } else if (ev == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL) {
      l->out_failures++;
      l->out_redial_at = now_ms() + REDIAL_MS;
      snprintf(l->out_failure, REFUSAL_TEXT,
               "ZMTP protocol error in the handshake (code 0x%x: mechanism mismatch?)", v);
    }
  }
  // A refused handshake ends libzmq's session for good (it redials only after connection errors): the next
  // rank may have refused us before its Welcome (its held requests were full), so dial again until the
  // send deadline decides.
  if (l->out_redial_at > 0 && now_ms() >= l->out_redial_at) {
    l->out_redial_at = 0;
    zmq_disconnect(l->out, l->out_ep);  // ENOENT when the session is gone already
    zmq_connect(l->out, l->out_ep);
  }
}
#endif
