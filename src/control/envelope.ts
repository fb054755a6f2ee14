// Control-plane messages as transport Messages: one encoded mygpt.Envelope, no payload frame.
import { mygpt } from '../gen/mygpt';
import type { Message } from '../transport/types';

export function controlMessage(body: mygpt.IEnvelope): Message {
  return { header: mygpt.Envelope.encode(body).finish() };
}

/** The decoded Envelope of a received control message (transports may hand it over decoded). */
export function envelopeOf(msg: Message & { envelope?: mygpt.Envelope; }): mygpt.Envelope {
  return msg.envelope ?? mygpt.Envelope.decode(msg.header);
}
