// The metric names a PromQL expression reads. Not a full parser: strips strings, label
// matchers, ranges and label lists, then keeps identifiers that are not functions,
// aggregations or keywords. Grafana variables ($__rate_interval, $rank) are ignored.

const NOT_METRICS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'atan2',
  'inf',
  'nan',
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'group',
  'limitk',
  'limit_ratio',
]);

export function metricNames(expr: string): string[] {
  const s = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' $1 ')
    .replace(/\$\w+/g, ' ');
  const names = new Set<string>();
  for (const m of s.matchAll(/(\d+(?:\.\d+)?(?:e[+-]?\d+)?[smhdwy]*)|([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/gi)) {
    const id = m[2];
    if (id === undefined || m[3] !== undefined || NOT_METRICS.has(id.toLowerCase())) continue;
    names.add(id);
  }
  return [...names];
}

// Grafana placeholders replaced by values promtool accepts, for syntax checks.
export function grafanaToPromQL(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__range/g, '1m')
    .replace(/\$\{?(\w+)\}?/g, '.*');
}
