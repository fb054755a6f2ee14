// Strings a peer sends (Hello host/device/backend, Failure text) reach logs, failure.json and metric
// labels: control characters (newlines that forge log lines, terminal escapes) are replaced and the
// length is capped before anything else sees them.
export const MAX_PEER_TEXT = 256; // characters kept of one peer string (a host name is at most 253)

/** `s` with every C0/C1 control character (and DEL) as \u00XX, cut to `max` characters ('...' marks a cut);
 *  multiline: newlines are kept (generated text), every other control character is still escaped. */
export function printable(s: string | null | undefined, max = MAX_PEER_TEXT, multiline = false): string {
  const t = String(s ?? '');
  const cut = t.length > max ? `${t.slice(0, max)}...` : t;
  // eslint-disable-next-line no-control-regex
  return cut.replace(multiline ? /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
