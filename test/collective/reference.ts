// Reference all-reduce results, in float32 with each algorithm's own summation order:
//   exchange: every element is ((x_0 + x_1) + x_2) + ... in rank order (bf16 wire: of bf16(x_j));
//   ring:     segment k (plan.ts) is ((x_k + x_k+1) + ...) + x_k+N-1, ranks mod N (the reduce-scatter walk).
import { roundBits } from '../../src/collective/reduce';
import { segments } from '../../src/collective/plan';

const bf16 = (x: number) => { // float32 -> bf16 -> float32, round to nearest even
  const b = new Int32Array(new Float32Array([x]).buffer)[0];
  return new Float32Array(new Int32Array([roundBits(b) << 16]).buffer)[0];
};

/** float32 sum of inputs[order[0]][i] + inputs[order[1]][i] + ..., left to right. */
function sumInOrder(inputs: Float32Array[], order: number[], i: number, round = (x: number) => x): number {
  let acc = round(inputs[order[0]][i]);
  for (let j = 1; j < order.length; j++) acc = Math.fround(acc + round(inputs[order[j]][i]));
  return acc;
}

export function reference(algorithm: 'ring' | 'exchange', wire: 'fp32' | 'bf16', inputs: Float32Array[],
  length: number): Float32Array
{
  const N = inputs.length, out = new Float32Array(length);
  if (N === 1) return inputs[0].slice(0, length); // nothing to sum, nothing sent
  const rankOrder = inputs.map((_, r) => r);
  if (algorithm === 'exchange') {
    for (let i = 0; i < length; i++) out[i] = sumInOrder(inputs, rankOrder, i, wire === 'bf16' ? bf16 : undefined);
    return out;
  }
  segments(length, N).forEach((s, k) => {
    const order = rankOrder.map((j) => (k + j) % N);
    for (let i = s.offset; i < s.offset + s.count; i++) out[i] = sumInOrder(inputs, order, i);
  });
  return out;
}
