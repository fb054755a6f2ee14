// A promise with its resolve/reject exposed, for phases completed by message handlers.
export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (v: T) => void;
  reject!: (e: Error) => void;
  settled = false;
  constructor() {
    this.promise = new Promise<T>((res, rej) => {
      this.resolve = (v) => {
        if (!this.settled) {
          this.settled = true;
          res(v);
        }
      };
      this.reject = (e) => {
        if (!this.settled) {
          this.settled = true;
          rej(e);
        }
      };
    });
    this.promise.catch(() => undefined); // rejection is observed by whoever races on it
  }
}
