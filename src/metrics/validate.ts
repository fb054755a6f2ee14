// Argument checks for the metrics API. A bad value is a bug in the caller (usually a corrupt
// StepReport), so it throws a MetricsInputError naming the field and, when known, the rank.

export class MetricsInputError extends Error {
  override name = 'MetricsInputError';
}

function where(field: string, rank?: number): string {
  return rank === undefined ? field : `${field} (rank ${rank})`;
}

export function checkRank(rank: unknown): number {
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0) {
    throw new MetricsInputError(`rank must be a non-negative integer, got ${String(rank)}`);
  }
  return rank;
}

export function checkCount(field: string, v: unknown, rank?: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new MetricsInputError(`${where(field, rank)} must be a non-negative integer, got ${String(v)}`);
  }
  return v;
}

export function checkNonNegative(field: string, v: unknown, rank?: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new MetricsInputError(`${where(field, rank)} must be a finite number >= 0, got ${String(v)}`);
  }
  return v;
}

// Losses may legitimately be NaN/Inf (a diverged run): they are exported as-is so alerts can fire.
export function checkLoss(field: string, v: unknown, rank?: number): number {
  if (typeof v !== 'number') {
    throw new MetricsInputError(`${where(field, rank)} must be a number (NaN allowed), got ${typeof v}`);
  }
  return v;
}

export function checkText(field: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) {
    throw new MetricsInputError(`${field} must be a non-empty string, got ${JSON.stringify(v)}`);
  }
  return v;
}
