// The end-of-run sample: rank 0 generates it (worker -> train), the coordinator prints it with this value.

/** End-of-run sample: temperature 0.8 seeded by run.seed (deterministic; greedy decoding of a small model
 *  just loops on "the the"). `mygpt-generate` samples at the same temperature by default (src/cli/generate.ts). */
export const SAMPLE_TEMPERATURE = 0.8;
