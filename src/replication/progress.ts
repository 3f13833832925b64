/**
 * Progress of the long `gatehouse dr` operations on a terminal: one line on stderr, redrawn at
 * most ten times a second (elapsed time, AWS calls made so far, the current step), cleared when
 * the operation ends. Nothing is drawn when stderr is not a terminal or when --json is asked,
 * so pipes and scripts see only the results on stdout.
 *
 * The calls are counted with a middleware on the side's SDK clients (the engine is untouched):
 * every capture, plan, apply, verify or cleanup reaches the sides through them only.
 */
import type { Side } from './model.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const FRAMES = ['-', '\\', '|', '/'];

export class ProgressLine {
  private started = Date.now();
  private lastDraw = 0;
  private frame = 0;
  private drawn = false;
  private text = '';
  calls = 0;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    readonly enabled = Boolean(stream.isTTY),
  ) {}

  /** Sets the current step; redraws unless drawn in the last 100 ms. */
  update(text?: string): void {
    if (text !== undefined) this.text = text;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = ((now - this.started) / 1000).toFixed(1);
    const line = `${FRAMES[this.frame++ % FRAMES.length]} ${seconds} s, ${this.calls} calls${this.text ? `: ${this.text}` : ''}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 120) - 1)}`);
    this.drawn = true;
  }

  /** Starts counting time and calls again (a new watch cycle). */
  restart(): void {
    this.started = Date.now();
    this.calls = 0;
  }

  /** Counts one AWS call. */
  call(): void {
    this.calls++;
    this.update();
  }

  /** Clears the line. */
  done(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

let counterId = 0;

/** Counts every SDK call the sides' clients send; answers a function that removes the counter. */
export function countCalls(sides: Side[], onCall: () => void): () => void {
  const name = `gatehouseDrProgress${++counterId}`;
  const clients = sides.flatMap((s) => Object.values(s).filter((c): c is { middlewareStack: { add: Function; remove: (n: string) => boolean } } => Boolean(c && typeof c === 'object' && 'middlewareStack' in c)));
  for (const c of clients) {
    c.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
        onCall();
        return next(args);
      },
      { step: 'initialize', name },
    );
  }
  return () => {
    for (const c of clients) c.middlewareStack.remove(name);
  };
}
