import { sleep } from './backoff';

/**
 * The upload bandwidth cap: a token bucket in bytes. `take` waits until the bytes may be sent;
 * the burst is one second's worth (at least one chunk). A rate of 0 means unlimited.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = this.capacity;
    this.last = now();
  }

  get bytesPerSecond(): number {
    return this.rate;
  }

  setRate(bytesPerSecond: number): void {
    this.refill();
    this.rate = Math.max(0, bytesPerSecond);
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  private get capacity(): number {
    return Math.max(this.rate, 16 * 1024);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (this.rate <= 0) return;
    for (;;) {
      this.refill();
      if (this.tokens >= Math.min(bytes, this.capacity)) {
        this.tokens -= bytes; // may go negative for a chunk larger than the burst: later takes wait
        return;
      }
      const missing = Math.min(bytes, this.capacity) - this.tokens;
      await sleep(Math.ceil((missing / this.rate) * 1000), signal);
      if (signal?.aborted) return;
    }
  }
}
