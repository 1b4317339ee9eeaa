// The training progress bar: one line on a terminal, redrawn in place (epoch, batch, loss,
// speed). Where there is no terminal — output piped to a file, a browser, a worker — it is
// silent. It writes to stderr so a program's own output on stdout stays clean.

interface TerminalStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** The process's stderr when it is a terminal (Node, Bun, Deno's Node compatibility). */
function terminal(): TerminalStream | null {
  const proc = (globalThis as { process?: { stderr?: TerminalStream } }).process;
  const stream = proc?.stderr;
  return stream !== undefined && stream.isTTY === true && typeof stream.write === 'function' ? stream : null;
}

export interface ProgressState {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  valLoss?: number;
  samplesPerSecond: number;
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3);
  return v.toPrecision(4);
}

function formatRate(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0);
}

export function progressLine(s: ProgressState, width: number): string {
  const barWidth = 20;
  const done = s.batches === 0 ? 1 : s.batch / s.batches;
  const filled = Math.round(done * barWidth);
  const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
  const pad = String(s.epochs).length;
  let line = `epoch ${String(s.epoch).padStart(pad)}/${s.epochs} ${bar} loss ${formatNumber(s.loss)}`;
  if (s.valLoss !== undefined) line += ` · val ${formatNumber(s.valLoss)}`;
  line += ` · ${formatRate(s.samplesPerSecond)} samples/s`;
  return line.length > width ? line.slice(0, Math.max(0, width - 1)) : line;
}

export class ProgressBar {
  private readonly out: TerminalStream | null;
  private lastDraw = 0;
  private drawn = false;

  constructor(enabled: boolean) {
    this.out = enabled ? terminal() : null;
  }

  get active(): boolean {
    return this.out !== null;
  }

  /** Redraws at most every 80 ms unless forced (epoch ends). */
  update(state: ProgressState, force = false): void {
    if (this.out === null) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 80) return;
    this.lastDraw = now;
    const width = this.out.columns !== undefined && this.out.columns >= 40 ? this.out.columns : 100;
    this.out.write(`\r\x1b[2K${progressLine(state, width)}`);
    this.drawn = true;
  }

  /** Leaves the last line on screen and moves to the next. */
  finish(): void {
    if (this.out !== null && this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
