// Gradient buckets: which parameters are handed to the GradSync together, as backward produces them.
// Backward produces parameter gradients in the reverse of their first use in forward, which for this GPT
// is the reverse of the flat-buffer order (params.ts lists them in forward order: wte, wpe, h0.., lnf;
// the tied wte is first used by the input lookup, so its summed gradient is the very last to be known).
// So bucket 0 is the TAIL of the flat buffer and each later bucket the contiguous range just before it.
// The plan depends only on (specs, bucketBytes): deterministic and identical on every rank.
import type { ParamSpec } from '../model/params';
import type { BucketSpan } from '../contracts';

export interface BucketPlan {
  /** Element ranges of the flat buffer, in the order they become ready (bucket 0 first). */
  spans: BucketSpan[];
  /** Spec indices of each bucket, in the order their gradients arrive (descending index). */
  members: number[][];
  /** bucketOf[specIndex] = its bucket. */
  bucketOf: Int32Array;
  /** Flat buffer length P + 1: the P parameter gradients, then the loss slot, which rides in bucket 0
   *  (the first one reduced). */
  total: number;
}

/** Backward order of the parameters: spec indices, first gradient first. */
export function backwardOrder(specs: readonly ParamSpec[]): number[] {
  return specs.map((_, i) => specs.length - 1 - i);
}

/** Greedy buckets in backward order: a bucket closes as soon as it holds >= bucketBytes of fp32
 *  gradients (DDP's rule), so a parameter larger than bucketBytes gets a bucket of its own and a
 *  bucketBytes larger than the model gives one bucket. The loss slot joins bucket 0. */
export function planBuckets(specs: readonly ParamSpec[], bucketBytes: number): BucketPlan {
  if (!(bucketBytes > 0)) throw new Error(`cluster.bucket_bytes must be > 0, got ${bucketBytes}`);
  if (specs.length === 0) throw new Error('planBuckets: no parameters');
  const last = specs[specs.length - 1];
  const total = last.offset + last.size + 1;
  const spans: BucketSpan[] = [], members: number[][] = [];
  const bucketOf = new Int32Array(specs.length);
  let cur: number[] = [], bytes = 0, end = total; // cur's span is [offset of its last member, end)
  const close = () => {
    const start = specs[cur[cur.length - 1]].offset;
    spans.push({ offset: start, length: end - start });
    members.push(cur);
    end = start;
    cur = [];
    bytes = 0;
  };
  for (const i of backwardOrder(specs)) {
    if (i < specs.length - 1 && specs[i].offset + specs[i].size !== specs[i + 1].offset) {
      throw new Error(`planBuckets: parameter ${specs[i].name} is not contiguous with ${specs[i + 1].name}`);
    }
    bucketOf[i] = spans.length;
    cur.push(i);
    bytes += 4 * specs[i].size;
    if (bytes >= bucketBytes) close();
  }
  if (cur.length) close();
  return { spans, members, bucketOf, total };
}
