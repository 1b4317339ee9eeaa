// The loss chart: loss against step for each racer, with a marker line at the step shown by the
// replay scrubber. Long races are drawn one min/max pair per pixel column, so a 20,000-step race
// draws as fast as a short one. The legend is HTML beside it (main.ts).
import { ceil, FONT, setupCanvas, ticks, traceMarker } from './draw.js';
import type { RacerStyle } from './optimizers.js';

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
const decade = (k: number) => (k === 0 ? '1' : `10${String(k).split('').map((c) => SUPERSCRIPT[c]).join('')}`);

export interface LossSeries {
  /** One value per step: log₁₀ of the loss gap (log scale) or the loss itself (linear). */
  values: number[];
  style: RacerStyle;
}

export type LossScale = { kind: 'log' } | { kind: 'linear'; floor: number };

/** Loss against step. On the log scale the values are already log₁₀ (computed by descent). */
export class LossChart {
  private ctx: CanvasRenderingContext2D;
  private width = 0;
  private static readonly M = { left: 52, right: 12, top: 10, bottom: 30 };

  constructor(private readonly canvas: HTMLCanvasElement, width: number, private height: number) {
    this.ctx = this.resize(width);
  }

  /** Sets the size in CSS pixels (the chart follows its column's width). */
  resize(width: number, height = this.height): CanvasRenderingContext2D {
    this.width = width;
    this.height = height;
    this.ctx = setupCanvas(this.canvas, width, height);
    return this.ctx;
  }

  get size(): [number, number] {
    return [this.width, this.height];
  }

  /** The value range to show, and the labelled gridlines. */
  private static axis(series: LossSeries[], scale: LossScale): { lo: number; hi: number; grid: [number, string][] } {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of series) for (const v of s.values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (scale.kind === 'linear') {
      if (!(lo <= hi)) { lo = scale.floor; hi = 1; }
      lo = Math.max(lo, scale.floor);
      if (hi <= lo) hi = lo + 1;
      return { lo, hi, grid: ticks(lo, hi).map((v) => [v, String(v)]) };
    }
    if (!(lo <= hi)) { lo = -4; hi = 1; }
    lo = Math.floor(lo);
    hi = Math.max(ceil(hi), lo + 1);
    const every = Math.max(1, ceil((hi - lo) / 7));
    const grid: [number, string][] = [];
    for (let k = lo; k <= hi; k++) if ((k - lo) % every === 0) grid.push([k, decade(k)]);
    return { lo, hi, grid };
  }

  /** Draws the series over steps 0..maxSteps; `marker` is the step the scrubber shows, if any. */
  draw(series: LossSeries[], maxSteps: number, yLabel: string, scale: LossScale, marker: number | null = null): void {
    const { ctx, width, height } = this;
    const M = LossChart.M;
    const plotW = width - M.left - M.right;
    const plotH = height - M.top - M.bottom;
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#12203b';
    ctx.fillRect(M.left, M.top, plotW, plotH);

    const { lo, hi, grid } = LossChart.axis(series, scale);
    const span = hi - lo;
    const px = (step: number) => M.left + (step / Math.max(1, maxSteps)) * plotW;
    // Values far outside the range are pulled in (the plot is clipped anyway).
    const py = (v: number) => M.top + ((hi - Math.min(hi + span, Math.max(lo - span, v))) / span) * plotH;

    ctx.font = FONT;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const [v, label] of grid) {
      ctx.fillStyle = 'rgba(255,255,255,0.13)';
      ctx.fillRect(M.left, Math.floor(py(v) + 0.5), plotW, 1);
      ctx.fillStyle = '#334155';
      ctx.fillText(label, M.left - 6, py(v));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const stepTicks = ticks(0, maxSteps).filter((s) => Number.isInteger(s));
    const every = plotW < 320 && stepTicks.length > 5 ? 2 : 1;
    stepTicks.forEach((step, k) => {
      ctx.fillRect(px(step), M.top + plotH, 1, 4);
      if (k % every === 0) ctx.fillText(String(step), px(step), M.top + plotH + 6);
    });
    ctx.fillText('step', M.left + plotW / 2, height - 12);
    ctx.save();
    ctx.translate(12, M.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(yLabel, 0, -4);
    ctx.restore();

    ctx.save();
    ctx.beginPath();
    ctx.rect(M.left, M.top, plotW, plotH);
    ctx.clip();
    ctx.lineJoin = 'round';
    for (const s of series) {
      ctx.beginPath();
      tracePolyline(ctx, s.values, px, py);
      ctx.setLineDash(s.style.dash);
      ctx.strokeStyle = 'rgba(0,0,0,0.7)';
      ctx.lineWidth = 4;
      ctx.stroke();
      ctx.strokeStyle = s.style.color;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.setLineDash([]);
    if (marker !== null) {
      ctx.fillStyle = 'rgba(255,255,255,0.6)';
      ctx.fillRect(Math.floor(px(marker)), M.top, 1, plotH);
      for (const s of series) {
        const v = s.values[Math.min(marker, s.values.length - 1)];
        if (!Number.isFinite(v)) continue;
        traceMarker(ctx, s.style.marker, px(Math.min(marker, s.values.length - 1)), py(v), 5);
        ctx.fillStyle = s.style.color;
        ctx.fill();
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 1;
        ctx.stroke();
      }
    }
    ctx.restore();
    ctx.strokeStyle = '#94a3b8';
    ctx.lineWidth = 1;
    ctx.strokeRect(M.left + 0.5, M.top + 0.5, plotW - 1, plotH - 1);
  }
}

/**
 * Traces values[step] at (px(step), py(value)); where several steps share a pixel column only
 * that column's first, lowest, highest and last values are traced.
 */
function tracePolyline(ctx: CanvasRenderingContext2D, values: number[], px: (s: number) => number, py: (v: number) => number): void {
  let pen = false;
  let column = NaN;
  let lo = Infinity;
  let hi = -Infinity;
  let lastV = NaN;
  const flush = () => {
    if (Number.isFinite(lo)) {
      ctx.lineTo(column, py(lo));
      ctx.lineTo(column, py(hi));
      ctx.lineTo(column, py(lastV));
    }
    lo = Infinity;
    hi = -Infinity;
  };
  for (let step = 0; step < values.length; step++) {
    const v = values[step];
    if (!Number.isFinite(v)) {
      flush();
      pen = false;
      continue;
    }
    const x = Math.floor(px(step));
    if (pen && x === column) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      lastV = v;
      continue;
    }
    flush();
    if (pen) ctx.lineTo(px(step), py(v));
    else ctx.moveTo(px(step), py(v));
    pen = true;
    column = x;
    lastV = v;
  }
  flush();
}
