// Numbers: proto3 numbers as plain JS numbers (decoded uint64 fields arrive as number, pbjs --force-number;
// unset fields as null/undefined: proto3 cannot tell "unset" from 0), and the median of a plain array.

/** null/undefined -> 0, anything else -> Number(v). */
export function num(v: number | null | undefined): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/** A value that is only sometimes measured (val loss, grad norm): unset, 0 and NaN all mean "not measured
 *  this step" (no real cross-entropy or gradient norm is exactly 0). */
export function measured(v: number | null | undefined): number | undefined {
  return v === null || v === undefined || v === 0 || Number.isNaN(v) ? undefined : Number(v);
}

/** True median (mean of the two middle values for an even count); 0 for an empty array. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
