// The training panel's chart: training and validation loss (log scale, logarithms computed by
// descent in the worker) above, validation accuracy (zoomed to its range) below, per epoch.
import { ceil, FONT, setupCanvas, ticks } from './draw.js';

export interface TrainPoint {
  logLoss: number;
  logValLoss: number;
  valAccuracy: number;
}

export const TRAIN_COLORS = { loss: '#E69F00', valLoss: '#56B4E9', accuracy: '#009E73' };

export class TrainChart {
  private ctx: CanvasRenderingContext2D;
  private width = 0;
  private readonly height = 300;

  constructor(private readonly canvas: HTMLCanvasElement, width: number) {
    this.ctx = setupCanvas(canvas, 1, 1);
    this.resize(width);
  }

  resize(width: number): void {
    this.width = width;
    this.ctx = setupCanvas(this.canvas, width, this.height);
  }

  draw(points: TrainPoint[], epochs: number): void {
    const { ctx, width } = this;
    const M = { left: 50, right: 12 };
    const plotW = width - M.left - M.right;
    const panels = [{ top: 8, h: 140 }, { top: 178, h: 90 }];
    ctx.clearRect(0, 0, width, this.height);
    ctx.font = FONT;
    const px = (epoch: number) => M.left + (epoch / Math.max(1, epochs)) * plotW;

    // Loss, log scale.
    const logs = points.flatMap((p) => [p.logLoss, p.logValLoss]).filter(Number.isFinite);
    let lo = logs.length ? Math.floor(Math.min(...logs)) : -2;
    let hi = logs.length ? ceil(Math.max(...logs)) : 1;
    if (hi <= lo) hi = lo + 1;
    this.panel(panels[0], M.left, plotW, lo, hi, (v) => (v === 0 ? '1' : `1e${v}`), 'loss', ticksInt(lo, hi));
    this.line(points.map((p) => p.logLoss), px, panels[0], lo, hi, TRAIN_COLORS.loss, []);
    this.line(points.map((p) => p.logValLoss), px, panels[0], lo, hi, TRAIN_COLORS.valLoss, [6, 3]);

    // Accuracy, zoomed to where it is (at least 0.8–1 once it is there).
    const accs = points.map((p) => p.valAccuracy).filter(Number.isFinite);
    lo = accs.length ? Math.min(0.8, Math.floor(Math.min(...accs) * 20) / 20) : 0;
    hi = 1;
    this.panel(panels[1], M.left, plotW, lo, hi, (v) => `${Math.floor(v * 100 + 0.5)}%`, 'val acc', ticks(lo, hi).filter((_, k, a) => a.length < 6 || k % 2 === 0));
    this.line(points.map((p) => p.valAccuracy), px, panels[1], lo, hi, TRAIN_COLORS.accuracy, []);

    ctx.fillStyle = '#334155';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const bottom = panels[1].top + panels[1].h;
    for (const e of ticks(0, Math.max(1, epochs)).filter(Number.isInteger)) {
      ctx.fillRect(px(e), bottom, 1, 4);
      ctx.fillText(String(e), px(e), bottom + 5);
    }
    ctx.fillText('epoch', M.left + plotW / 2, bottom + 18);
  }

  private panel(p: { top: number; h: number }, left: number, w: number, lo: number, hi: number, label: (v: number) => string, title: string, grid: number[]): void {
    const ctx = this.ctx;
    ctx.fillStyle = '#12203b';
    ctx.fillRect(left, p.top, w, p.h);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of grid) {
      const y = p.top + ((hi - v) / (hi - lo)) * p.h;
      ctx.fillStyle = 'rgba(255,255,255,0.13)';
      ctx.fillRect(left, Math.floor(y + 0.5), w, 1);
      ctx.fillStyle = '#334155';
      ctx.fillText(label(v), left - 5, y);
    }
    ctx.save();
    ctx.translate(11, p.top + p.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(title, 0, 0);
    ctx.restore();
  }

  private line(values: number[], px: (e: number) => number, p: { top: number; h: number }, lo: number, hi: number, color: string, dash: number[]): void {
    const ctx = this.ctx;
    const py = (v: number) => p.top + ((hi - Math.min(hi, Math.max(lo, v))) / (hi - lo)) * p.h;
    ctx.beginPath();
    let pen = false;
    values.forEach((v, k) => {
      if (!Number.isFinite(v)) { pen = false; return; }
      if (pen) ctx.lineTo(px(k + 1), py(v));
      else ctx.moveTo(px(k + 1), py(v));
      pen = true;
    });
    ctx.setLineDash(dash);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.2;
    ctx.stroke();
    ctx.setLineDash([]);
    if (values.length === 1 && Number.isFinite(values[0])) {
      ctx.fillStyle = color;
      ctx.fillRect(px(1) - 2, py(values[0]) - 2, 4, 4);
    }
  }
}

function ticksInt(lo: number, hi: number): number[] {
  const every = Math.max(1, ceil((hi - lo) / 5));
  const out: number[] = [];
  for (let k = lo; k <= hi; k += every) out.push(k);
  return out;
}
