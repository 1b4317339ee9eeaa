// Drawing: the heat map with contours, the racers' paths, the loss chart, legend swatches.
// Pure rendering: every number drawn here was computed by descent elsewhere.
import { contourSegments, shadeColor, type Field } from './field.js';
import type { Landscape, View } from './landscapes.js';
import type { RacerStyle } from './optimizers.js';

export interface Path {
  xs: number[];
  ys: number[];
  style: RacerStyle;
}

const CONTOUR_LEVELS = 16;
// Rounding with the operations the engine's rules allow (floor, not ceil or round).
const ceil = (v: number): number => -Math.floor(-v);
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Sizes a canvas for the device's pixel ratio and returns a context in CSS pixels. */
export function setupCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(width * ratio + 0.5);
  canvas.height = Math.floor(height * ratio + 0.5);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('playground: no 2D canvas context');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

// Marker outlines as polygons around (0, 0) with radius about 1 (the circle is drawn as an arc).
const SQRT_HALF = Math.sqrt(0.5);
const PLUS: [number, number][] = [[-0.35, -1], [0.35, -1], [0.35, -0.35], [1, -0.35], [1, 0.35], [0.35, 0.35],
  [0.35, 1], [-0.35, 1], [-0.35, 0.35], [-1, 0.35], [-1, -0.35], [-0.35, -0.35]];
const MARKERS: Record<Exclude<RacerStyle['marker'], 'circle'>, [number, number][]> = {
  square: [[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]],
  triangle: [[0, -1.1], [1, 0.75], [-1, 0.75]],
  diamond: [[0, -1.2], [1, 0], [0, 1.2], [-1, 0]],
  down: [[0, 1.1], [1, -0.75], [-1, -0.75]],
  star: [[0, -1.2], [0.294, -0.405], [1.141, -0.371], [0.476, 0.155], [0.705, 0.971], [0, 0.5],
    [-0.705, 0.971], [-0.476, 0.155], [-1.141, -0.371], [-0.294, -0.405]],
  plus: PLUS,
  cross: PLUS.map(([x, y]) => [(x - y) * SQRT_HALF * 1.15, (x + y) * SQRT_HALF * 1.15] as [number, number]),
};

export function traceMarker(ctx: CanvasRenderingContext2D, marker: RacerStyle['marker'], x: number, y: number, r: number): void {
  ctx.beginPath();
  if (marker === 'circle') {
    ctx.arc(x, y, r * 0.9, 0, 2 * Math.PI);
    return;
  }
  MARKERS[marker].forEach(([u, v], k) => (k === 0 ? ctx.moveTo(x + u * r, y + v * r) : ctx.lineTo(x + u * r, y + v * r)));
  ctx.closePath();
}

function markerSvgPath(marker: RacerStyle['marker'], x: number, y: number, r: number): string {
  if (marker === 'circle') {
    const k = r * 0.9;
    return `M${x - k},${y}a${k},${k} 0 1,0 ${2 * k},0a${k},${k} 0 1,0 ${-2 * k},0Z`;
  }
  return MARKERS[marker].map(([u, v], k) => `${k === 0 ? 'M' : 'L'}${(x + u * r).toFixed(2)},${(y + v * r).toFixed(2)}`).join('') + 'Z';
}

/** A legend swatch: the racer's line (colour and dash) with its marker. */
export function swatch(style: RacerStyle): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '46');
  svg.setAttribute('height', '16');
  svg.setAttribute('viewBox', '0 0 46 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('swatch');
  const back = document.createElementNS(ns, 'rect');
  back.setAttribute('width', '46');
  back.setAttribute('height', '16');
  back.setAttribute('rx', '3');
  back.setAttribute('fill', '#1b2a4a');
  const line = document.createElementNS(ns, 'line');
  line.setAttribute('x1', '3');
  line.setAttribute('y1', '8');
  line.setAttribute('x2', '34');
  line.setAttribute('y2', '8');
  line.setAttribute('stroke', style.color);
  line.setAttribute('stroke-width', '2.5');
  if (style.dash.length) line.setAttribute('stroke-dasharray', style.dash.join(' '));
  const mark = document.createElementNS(ns, 'path');
  mark.setAttribute('d', markerSvgPath(style.marker, 38, 8, 5));
  mark.setAttribute('fill', style.color);
  mark.setAttribute('stroke', '#000');
  mark.setAttribute('stroke-width', '1');
  svg.append(back, line, mark);
  return svg;
}

/** Round tick values over [lo, hi]: steps of 1, 2 or 5 times a power of ten, at most 9 ticks. */
export function ticks(lo: number, hi: number): number[] {
  let step = 0.1;
  for (let base = 0.1; (hi - lo) / step > 9; base *= 10) {
    step = [base * 2, base * 5, base * 10].find((s) => (hi - lo) / s <= 9) ?? base * 10;
  }
  const out: number[] = [];
  for (let k = ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The part of the segment (x0, y0)–(x1, y1) inside the box (Liang–Barsky), or null. */
export function clipSegment(x0: number, y0: number, x1: number, y1: number, box: Box): [number, number, number, number] | null {
  if (![x0, y0, x1, y1].every(Number.isFinite)) return null;
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [[-dx, x0 - box.left], [dx, box.right - x0], [-dy, y0 - box.top], [dy, box.bottom - y0]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}

/** The map: a heat map with contours on a base canvas, racers on an overlay canvas. */
export class MapView {
  static readonly MARGIN = { left: 34, bottom: 24, top: 8, right: 12 };
  private baseCtx: CanvasRenderingContext2D;
  private overlayCtx: CanvasRenderingContext2D;
  private view: View = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };

  constructor(private readonly base: HTMLCanvasElement, private readonly overlay: HTMLCanvasElement, readonly plotSize: number) {
    const m = MapView.MARGIN;
    const w = plotSize + m.left + m.right;
    const h = plotSize + m.top + m.bottom;
    this.baseCtx = setupCanvas(base, w, h);
    this.overlayCtx = setupCanvas(overlay, w, h);
  }

  /** Canvas (CSS pixel) position of a point of the landscape. */
  toCanvas(x: number, y: number): [number, number] {
    const { xMin, xMax, yMin, yMax } = this.view;
    const m = MapView.MARGIN;
    return [m.left + ((x - xMin) / (xMax - xMin)) * this.plotSize, m.top + ((yMax - y) / (yMax - yMin)) * this.plotSize];
  }

  /** The landscape point under a canvas position, or null outside the plot. */
  toWorld(px: number, py: number): [number, number] | null {
    const { xMin, xMax, yMin, yMax } = this.view;
    const m = MapView.MARGIN;
    const u = (px - m.left) / this.plotSize;
    const v = (py - m.top) / this.plotSize;
    if (u < 0 || u > 1 || v < 0 || v > 1) return null;
    return [xMin + u * (xMax - xMin), yMax - v * (yMax - yMin)];
  }

  drawField(landscape: Landscape, field: Field): void {
    this.view = landscape.view;
    const ctx = this.baseCtx;
    const m = MapView.MARGIN;
    const size = this.plotSize;
    ctx.clearRect(0, 0, size + m.left + m.right, size + m.top + m.bottom);

    const image = new ImageData(field.cols, field.rows);
    for (let k = 0; k < field.shades.length; k++) {
      const [r, g, b] = shadeColor(field.shades[k]);
      image.data[4 * k] = r;
      image.data[4 * k + 1] = g;
      image.data[4 * k + 2] = b;
      image.data[4 * k + 3] = 255;
    }
    const raster = document.createElement('canvas');
    raster.width = field.cols;
    raster.height = field.rows;
    raster.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(raster, m.left, m.top, size, size);

    // Contours at evenly spaced shades; grid sample (i, j) is the centre of its cell.
    const sx = size / field.cols;
    const sy = size / field.rows;
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.left, m.top, size, size);
    ctx.clip();
    for (let level = 1; level < CONTOUR_LEVELS; level++) {
      const segments = contourSegments(field.shades, field.cols, field.rows, level / CONTOUR_LEVELS);
      ctx.beginPath();
      for (const [x0, y0, x1, y1] of segments) {
        ctx.moveTo(m.left + (x0 + 0.5) * sx, m.top + (y0 + 0.5) * sy);
        ctx.lineTo(m.left + (x1 + 0.5) * sx, m.top + (y1 + 0.5) * sy);
      }
      ctx.strokeStyle = level % 4 === 0 ? 'rgba(255,255,255,0.45)' : 'rgba(255,255,255,0.2)';
      ctx.lineWidth = level % 4 === 0 ? 1.1 : 0.8;
      ctx.stroke();
    }
    for (const [x, y] of landscape.minima) {
      const [px, py] = this.toCanvas(x, y);
      traceMarker(ctx, 'star', px, py, 7);
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      ctx.lineWidth = 1.2;
      ctx.strokeStyle = '#101820';
      ctx.stroke();
    }
    ctx.restore();
    this.drawAxes(ctx);
  }

  private drawAxes(ctx: CanvasRenderingContext2D): void {
    const { xMin, xMax, yMin, yMax } = this.view;
    const m = MapView.MARGIN;
    const size = this.plotSize;
    ctx.strokeStyle = '#4a5568';
    ctx.lineWidth = 1;
    ctx.strokeRect(m.left + 0.5, m.top + 0.5, size - 1, size - 1);
    ctx.fillStyle = '#334155';
    ctx.font = FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const x of ticks(xMin, xMax)) {
      const [px] = this.toCanvas(x, yMin);
      ctx.fillRect(px, m.top + size, 1, 4);
      ctx.fillText(String(x), px, m.top + size + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const y of ticks(yMin, yMax)) {
      const [, py] = this.toCanvas(xMin, y);
      ctx.fillRect(m.left - 4, py, 4, 1);
      ctx.fillText(String(y), m.left - 6, py);
    }
  }

  /** Draws the racers' paths up to their current step, and the start point. */
  drawPaths(paths: Path[], start: [number, number]): void {
    const ctx = this.overlayCtx;
    const m = MapView.MARGIN;
    const size = this.plotSize;
    ctx.clearRect(0, 0, size + m.left + m.right, size + m.top + m.bottom);
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.left, m.top, size, size);
    ctx.clip();
    ctx.lineJoin = 'round';
    ctx.lineCap = 'butt';
    // Paths are clipped to a box just outside the plot: a diverging racer's path can run to
    // millions of pixels, and dashing such a line is slow.
    const pad = 20;
    const box = { left: m.left - pad, top: m.top - pad, right: m.left + size + pad, bottom: m.top + size + pad };
    for (const path of paths) {
      ctx.beginPath();
      let pen: [number, number] | null = null;
      for (let k = 1; k < path.xs.length; k++) {
        const a = this.toCanvas(path.xs[k - 1], path.ys[k - 1]);
        const b = this.toCanvas(path.xs[k], path.ys[k]);
        const seg = clipSegment(a[0], a[1], b[0], b[1], box);
        if (!seg) {
          pen = null;
          continue;
        }
        if (!pen || pen[0] !== seg[0] || pen[1] !== seg[1]) ctx.moveTo(seg[0], seg[1]);
        ctx.lineTo(seg[2], seg[3]);
        pen = [seg[2], seg[3]];
      }
      ctx.setLineDash(path.style.dash);
      ctx.strokeStyle = 'rgba(0,0,0,0.6)';
      ctx.lineWidth = 4.5;
      ctx.stroke();
      ctx.strokeStyle = path.style.color;
      ctx.lineWidth = 2.4;
      ctx.stroke();
    }
    ctx.setLineDash([]);
    for (const path of paths) {
      const last = path.xs.length - 1;
      if (last < 0) continue;
      const [px, py] = this.toCanvas(path.xs[last], path.ys[last]);
      if (!(Math.abs(px) < 1e5 && Math.abs(py) < 1e5)) continue;
      traceMarker(ctx, path.style.marker, px, py, 6.5);
      ctx.fillStyle = path.style.color;
      ctx.fill();
      ctx.lineWidth = 1.3;
      ctx.strokeStyle = '#000';
      ctx.stroke();
    }
    const [sx, sy] = this.toCanvas(start[0], start[1]);
    ctx.beginPath();
    ctx.arc(sx, sy, 7, 0, 2 * Math.PI);
    ctx.moveTo(sx - 11, sy);
    ctx.lineTo(sx + 11, sy);
    ctx.moveTo(sx, sy - 11);
    ctx.lineTo(sx, sy + 11);
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 3.5;
    ctx.stroke();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1.6;
    ctx.stroke();
    ctx.restore();
  }
}

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
  private static readonly M = { left: 58, right: 12, top: 10, bottom: 30 };

  constructor(private readonly canvas: HTMLCanvasElement, width: number, private readonly height: number) {
    this.ctx = this.resize(width);
  }

  /** Sets the width in CSS pixels (the chart follows its column's width). */
  resize(width: number): CanvasRenderingContext2D {
    this.width = width;
    this.ctx = setupCanvas(this.canvas, width, this.height);
    return this.ctx;
  }

  /** The value range to show, and the labelled gridlines. */
  private static axis(series: LossSeries[], scale: LossScale): { lo: number; hi: number; grid: [number, string][] } {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of series) for (const v of s.values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
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

  draw(series: LossSeries[], maxSteps: number, yLabel: string, scale: LossScale): void {
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
    for (const step of ticks(0, maxSteps).filter((s) => Number.isInteger(s))) {
      ctx.fillRect(px(step), M.top + plotH, 1, 4);
      ctx.fillText(String(step), px(step), M.top + plotH + 6);
    }
    ctx.fillText('step', M.left + plotW / 2, height - 12);
    ctx.save();
    ctx.translate(14, M.top + plotH / 2);
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
      let pen = false;
      s.values.forEach((v, step) => {
        if (!Number.isFinite(v)) { pen = false; return; }
        const y = py(v);
        if (pen) ctx.lineTo(px(step), y);
        else ctx.moveTo(px(step), y);
        pen = true;
      });
      ctx.setLineDash(s.style.dash);
      ctx.strokeStyle = 'rgba(0,0,0,0.7)';
      ctx.lineWidth = 4;
      ctx.stroke();
      ctx.strokeStyle = s.style.color;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.restore();
    ctx.strokeStyle = '#94a3b8';
    ctx.lineWidth = 1;
    ctx.strokeRect(M.left + 0.5, M.top + 0.5, plotW - 1, plotH - 1);
  }
}
