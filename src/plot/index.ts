// descent-ml/plot: a small SVG line-chart maker for loss curves and the like. It returns SVG
// markup as a string (no DOM needed), so it works in Node, browsers and workers alike.
// Log-scale positions use the engine's log kernel, so import 'descent-ml' first.
import { engineFor } from '../local-engine.js';

export interface Series {
  name: string;
  /** The y values; NaN or non-finite values (and non-positive ones on a log axis) break the line. */
  y: ArrayLike<number>;
  /** The x values (default 1, 2, 3, ...). */
  x?: ArrayLike<number>;
  color?: string;
  /** An SVG stroke-dasharray, e.g. '6 3'. */
  dash?: string;
}

export interface LineChartOptions {
  series: Series[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic y axis (base 10 ticks). */
  logY?: boolean;
  /** Where the legend goes: to the right of the plot (default) or inside its top-right corner. */
  legend?: 'right' | 'inside';
  width?: number;
  height?: number;
}

/** A colour-blind-safe palette (Okabe & Ito), with dash patterns so lines differ in print too. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
export const DASHES = ['', '6 3', '2 3', '8 3 2 3', '', '6 3', '2 3', '8 3 2 3'];

let chartCount = 0;

const BASE_MARGIN = { left: 64, right: 16, top: 36, bottom: 48 };

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 10^k for an integer k, by repeated multiplication (exact for small k). */
function powerOfTen(k: number): number {
  let p = 1;
  for (let i = 0; i < Math.abs(k); i++) p *= 10;
  return k >= 0 ? p : 1 / p;
}

/** The largest integer k with 10^k ≤ v (v > 0). */
function decade(v: number): number {
  let k = 0;
  while (powerOfTen(k) > v) k--;
  while (powerOfTen(k + 1) <= v) k++;
  return k;
}

/** "Nice" tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const base = powerOfTen(decade(raw));
  const step = [1, 2, 5, 10].map((m) => m * base).find((s) => s >= raw) as number;
  const ticks: number[] = [];
  // Integer multiples of the step, rounded to 12 digits so 3 × 0.1 prints as 0.3.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(k === 0 ? 0 : Number((k * step).toPrecision(12)));
  return ticks;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

/** Natural logs of positive values through the engine's kernel (NaN for others). */
function naturalLogs(values: number[]): number[] {
  if (values.length === 0) return [];
  const d = engineFor('lineChart');
  const t = d.tensor(Float32Array.from(values, (v) => (v > 0 && Number.isFinite(v) ? v : 1)));
  const l = d.log(t);
  const out = Array.from(l.toFloat32Array(), (v, i) => (values[i] > 0 && Number.isFinite(values[i]) ? v : NaN));
  t.dispose();
  l.dispose();
  return out;
}

interface Scale {
  ticks: { value: number; label: string }[];
  /** Maps a data value to [0, 1] (NaN when not drawable). */
  map(v: number): number;
}

function linearScale(values: number[]): Scale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const ticks = niceTicks(lo, hi);
  lo = Math.min(lo, ticks[0]);
  hi = Math.max(hi, ticks[ticks.length - 1]);
  return { ticks: ticks.map((v) => ({ value: (v - lo) / (hi - lo), label: formatTick(v) })), map: (v) => (Number.isFinite(v) ? (v - lo) / (hi - lo) : NaN) };
}

function logScale(values: number[]): Scale {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return linearScale([0, 1]);
  const kLo = decade(Math.min(...positive));
  let kHi = decade(Math.max(...positive));
  if (powerOfTen(kHi) < Math.max(...positive)) kHi++;
  if (kHi === kLo) kHi++;
  const [ln10] = naturalLogs([10]);
  const lo = kLo * ln10;
  const hi = kHi * ln10;
  const cache = new Map<number, number>();
  const logs = naturalLogs(values);
  values.forEach((v, i) => cache.set(v, logs[i]));
  const ticks: { value: number; label: string }[] = [];
  const every = Math.max(1, Math.ceil((kHi - kLo) / 8));
  for (let k = kLo; k <= kHi; k += every) ticks.push({ value: (k * ln10 - lo) / (hi - lo), label: formatTick(powerOfTen(k)) });
  return { ticks, map: (v) => ((cache.get(v) ?? NaN) - lo) / (hi - lo) };
}

/** An SVG line chart of one or more series, with axes, grid, ticks and a legend. */
export function lineChart(options: LineChartOptions): string {
  const { series, title, xLabel, yLabel, logY = false, width = 720, height = 420, legend = 'right' } = options;
  if (!Array.isArray(series) || series.length === 0) throw new TypeError('lineChart: series must be a non-empty array');
  const legendW = 34 + Math.ceil(Math.max(...series.map((s) => s.name.length)) * 7.4);
  const MARGIN = { ...BASE_MARGIN, right: legend === 'right' ? legendW + 28 : BASE_MARGIN.right };
  const xsOf = (s: Series) => Array.from(s.x ?? Array.from({ length: s.y.length }, (_, i) => i + 1));
  const allX = series.flatMap(xsOf).filter(Number.isFinite);
  const allY = series.flatMap((s) => Array.from(s.y)).filter((v) => Number.isFinite(v) && (!logY || v > 0));
  const xScale = linearScale(allX.length ? allX : [0, 1]);
  const yScale = logY ? logScale(allY) : linearScale(allY.length ? allY : [0, 1]);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const px = (u: number) => MARGIN.left + u * plotW;
  const py = (u: number) => MARGIN.top + (1 - u) * plotH;
  const clipId = `descent-plot-${++chartCount}`;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" font-family="system-ui, sans-serif" font-size="12">`);
  if (title) out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  for (const t of yScale.ticks) {
    const y = py(t.value).toFixed(1);
    out.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#333">${escapeXml(t.label)}</text>`);
  }
  for (const t of xScale.ticks) {
    const x = px(t.value).toFixed(1);
    out.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${x}" y="${height - MARGIN.bottom + 16}" text-anchor="middle" fill="#333">${escapeXml(t.label)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  out.push(`<clipPath id="${clipId}"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/></clipPath>`);
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const dash = s.dash ?? DASHES[i % DASHES.length];
    const xs = xsOf(s);
    let d = '';
    let pen = false;
    for (let k = 0; k < s.y.length; k++) {
      const u = xScale.map(xs[k]);
      const v = yScale.map(s.y[k]);
      if (!Number.isFinite(u) || !Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px(u).toFixed(1)},${py(v).toFixed(1)}`;
      pen = true;
    }
    const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dashAttr} clip-path="url(#${clipId})"><title>${escapeXml(s.name)}</title></path>`);
  });
  // Legend, one row per series: right of the plot, or inside its top-right corner.
  const lx = legend === 'right' ? width - legendW - 10 : width - MARGIN.right - legendW - 8;
  const ly = MARGIN.top + 8;
  out.push(`<rect x="${lx - 6}" y="${ly - 4}" width="${legendW + 12}" height="${series.length * 18 + 6}" fill="#fff" fill-opacity="0.9" stroke="#ddd"/>`);
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const dash = s.dash ?? DASHES[i % DASHES.length];
    const y = ly + 9 + i * 18;
    out.push(`<line x1="${lx}" x2="${lx + 20}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    out.push(`<text x="${lx + 26}" y="${y}" dominant-baseline="middle" fill="#222">${escapeXml(s.name)}</text>`);
  });
  if (title) out.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="600" fill="#111">${escapeXml(title)}</text>`);
  if (xLabel) out.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 10}" text-anchor="middle" fill="#111">${escapeXml(xLabel)}</text>`);
  if (yLabel) out.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#111">${escapeXml(yLabel)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}
