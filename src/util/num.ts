// Proto3 numbers as plain JS numbers. Decoded uint64 fields arrive as number (pbjs --force-number) and
// unset fields as null/undefined; proto3 cannot tell "unset" from 0.

/** null/undefined -> 0, anything else -> Number(v). */
export function num(v: number | null | undefined): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/** A value that is only sometimes measured (val loss, grad norm): unset, 0 and NaN all mean "not measured
 *  this step" (no real cross-entropy or gradient norm is exactly 0). */
export function measured(v: number | null | undefined): number | undefined {
  return v === null || v === undefined || v === 0 || Number.isNaN(v) ? undefined : Number(v);
}
