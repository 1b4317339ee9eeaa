// The training progress display, after Keras's progress bar and tqdm: the batch count within the
// epoch, elapsed time and ETA, throughput, the running loss and every requested metric.
//   • On a terminal: one live line, redrawn at most every 100 ms, finished (kept in the
//     scrollback) at the end of each epoch.
//   • Anywhere else with a stderr (CI logs, output piped to a file): one plain line per epoch,
//     no carriage returns, no escape codes.
//   • In a page or a worker: nothing is written; `onProgress` receives the same events as
//     plain objects to draw as it likes.
// Times come from the clock (performance.now) and are only ever displayed: no number that
// training computes depends on them.

/** One progress event, a plain object (structured-cloneable: post it from a worker). */
export interface TrainingProgress {
  /** 'batch' after every optimizer step, 'epoch' once its logs are complete, 'end' once. */
  type: 'batch' | 'epoch' | 'end';
  epoch: number;
  epochs: number;
  /** Batches done in this epoch, of `batches`. */
  batch: number;
  batches: number;
  /** Samples seen in this epoch. */
  samples: number;
  /** Mean training loss over this epoch's batches so far. */
  loss: number;
  /** Running means of the requested metrics; at 'epoch' also valLoss and the val* metrics. */
  metrics: Record<string, number>;
  /** Seconds since the epoch began ('end': since training began). */
  elapsed: number;
  /** Estimated seconds left in this epoch (0 at 'epoch' and 'end'). */
  eta: number;
  /** Samples per second in this epoch. */
  rate: number;
  /** 'end' only: why training ended. */
  stopReason?: string;
}

/** Where text goes: a stream-like writer (Node's, Bun's and Deno's stderr fit). */
export interface ProgressWriter {
  write(text: string): unknown;
  /** A terminal: redraw one live line. Otherwise plain lines, one per epoch. */
  isTTY?: boolean;
  columns?: number;
}

/** stderr where the runtime has one (Node, Bun, Deno), else null (pages, workers). */
export function standardError(): ProgressWriter | null {
  const g = globalThis as {
    process?: { stderr?: ProgressWriter };
    Deno?: { stderr?: { writeSync(b: Uint8Array): number; isTerminal?(): boolean }; consoleSize?(): { columns: number } };
  };
  const stream = g.process?.stderr;
  if (stream !== undefined && typeof stream.write === 'function') return stream;
  const deno = g.Deno?.stderr;
  if (deno !== undefined && typeof deno.writeSync === 'function') {
    const encoder = new TextEncoder();
    const tty = deno.isTerminal?.() === true;
    let columns: number | undefined;
    try {
      columns = tty ? g.Deno?.consoleSize?.().columns : undefined;
    } catch {
      columns = undefined;
    }
    return { isTTY: tty, columns, write: (text: string) => deno.writeSync(encoder.encode(text)) };
  }
  return null;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3);
  return v.toPrecision(4);
}

/** 0.4s, 12.3s, 4:05, 1:02:03. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** 850/s, 12.4k/s, 3.10M/s. */
export function formatRate(samplesPerSecond: number): string {
  const r = samplesPerSecond;
  if (!Number.isFinite(r)) return '?/s';
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)}M/s`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)}k/s`;
  return `${r.toFixed(r >= 100 ? 0 : 1)}/s`;
}

const BAR_WIDTH = 20;

function bar(done: number): string {
  const filled = Math.min(BAR_WIDTH, Math.max(0, Math.round(done * BAR_WIDTH)));
  return '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

function values(e: TrainingProgress): string {
  let text = `loss ${formatNumber(e.loss)}`;
  for (const [name, v] of Object.entries(e.metrics)) text += ` · ${name} ${formatNumber(v)}`;
  return text;
}

/**
 * One line for an event. `live`: the terminal form with a bar and elapsed<ETA; otherwise the
 * plain form (no bar, no escape codes) that CI logs keep.
 */
export function progressLine(e: TrainingProgress, live: boolean): string {
  const epoch = `epoch ${String(e.epoch).padStart(String(e.epochs).length)}/${e.epochs}`;
  const count = `${String(e.batch).padStart(String(e.batches).length)}/${e.batches}`;
  if (e.type === 'end') {
    const how = e.stopReason === 'epochs' ? 'done' : `stopped (${e.stopReason})`;
    return `${how} after ${e.epoch} epoch${e.epoch === 1 ? '' : 's'} in ${formatDuration(e.elapsed)}`;
  }
  const time = e.type === 'batch' ? `${formatDuration(e.elapsed)}<${formatDuration(e.eta)}` : formatDuration(e.elapsed);
  const head = live ? `${epoch} ${bar(e.batches === 0 ? 1 : e.batch / e.batches)} ${count}` : `${epoch} ${count}`;
  return `${head} ${time} ${formatRate(e.rate)} · ${values(e)}`;
}

/** Writes progress events to a writer: live on a terminal, one line per epoch elsewhere. */
export class ProgressDisplay {
  private lastDraw = -Infinity;
  private drawn = false;

  /** `now` gives milliseconds (performance.now by default); it only throttles redraws. */
  constructor(private readonly out: ProgressWriter, private readonly now: () => number = clock) {}

  private get width(): number {
    const c = this.out.columns;
    return c !== undefined && c >= 40 ? c : 120;
  }

  show(e: TrainingProgress): void {
    if (this.out.isTTY === true) this.live(e);
    else if (e.type !== 'batch') this.out.write(`${progressLine(e, false)}\n`);
  }

  private live(e: TrainingProgress): void {
    if (e.type === 'batch') {
      const t = this.now();
      if (t - this.lastDraw < 100 && e.batch < e.batches) return;
      this.lastDraw = t;
      this.out.write(`\r\x1b[2K${this.fit(progressLine(e, true))}`);
      this.drawn = true;
      return;
    }
    // An epoch's final line replaces its live line and stays; so does the closing line.
    this.out.write(`${this.drawn ? '\r\x1b[2K' : ''}${this.fit(progressLine(e, true))}\n`);
    this.drawn = false;
    this.lastDraw = -Infinity;
  }

  private fit(line: string): string {
    return line.length > this.width ? line.slice(0, this.width - 1) : line;
  }

  /** Ends a live line left unfinished (training stopped by an error or an abort). */
  close(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

/** Milliseconds from performance.now (Date.now where there is none); for display only. */
export function clock(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
