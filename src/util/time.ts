// Timer helpers. sleep() never keeps the process alive on its own (unref).
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
