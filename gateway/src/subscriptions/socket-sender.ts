/** The part of a `ws` WebSocket the sender uses. */
export interface FrameSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string, cb?: (error?: Error) => void): void;
}

export interface SenderLimits {
  /** Bytes buffered in the socket beyond which frames wait in the queue. */
  readonly highWaterBytes: number;
  /** Frames the queue holds before dropping the oldest. */
  readonly queueLimit: number;
}

export interface SenderCounters {
  sent(): void;
  conflated(): void;
  dropped(): void;
}

const OPEN = 1;

/**
 * Per-socket fairness: frames go straight to the socket while it keeps up; once its buffer is
 * over the high-water mark they wait in a bounded queue. A frame with a conflation key replaces
 * the queued frame of the same key (position batches: latest wins); otherwise the oldest frame
 * is dropped when the queue is full. A slow socket therefore costs bounded memory and never
 * delays the others (every socket is written independently).
 */
export class SocketSender {
  private readonly queue: { frame: string; key: string | undefined }[] = [];
  private readonly onWritten = (error?: Error) => {
    if (!error) this.drain();
  };

  constructor(
    private readonly socket: FrameSocket,
    private readonly limits: SenderLimits,
    private readonly counters: SenderCounters,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  send(frame: string, conflateKey?: string): void {
    if (this.socket.readyState !== OPEN) return;
    if (this.queue.length === 0 && this.socket.bufferedAmount <= this.limits.highWaterBytes) {
      this.write(frame);
      return;
    }
    if (conflateKey !== undefined) {
      const queued = this.queue.find((q) => q.key === conflateKey);
      if (queued) {
        queued.frame = frame;
        this.counters.conflated();
        return;
      }
    }
    if (this.queue.length >= this.limits.queueLimit) {
      this.queue.shift();
      this.counters.dropped();
    }
    this.queue.push({ frame, key: conflateKey });
  }

  /** Control frames (complete, error, pong) bypass the queue: they are small and must arrive. */
  sendControl(frame: string): void {
    if (this.socket.readyState === OPEN) this.socket.send(frame);
  }

  private write(frame: string) {
    this.socket.send(frame, this.onWritten);
    this.counters.sent();
  }

  private drain() {
    while (
      this.queue.length > 0 &&
      this.socket.readyState === OPEN &&
      this.socket.bufferedAmount <= this.limits.highWaterBytes
    ) {
      this.write(this.queue.shift()!.frame);
    }
  }
}
