// Drawing helpers shared by the map, the charts and the 3-D view: canvases sized for the
// device's pixel ratio, markers, legend swatches, axis ticks, clipping and arrows.
// Pure rendering: every number drawn here was computed by descent elsewhere.
import type { RacerStyle } from './optimizers.js';

// Rounding with the operations the engine's rules allow (floor, not ceil or round).
export const ceil = (v: number): number => -Math.floor(-v);
export const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

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

export interface Box {
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


/**
 * Draws an arrow from (x, y) along (dx, dy) (canvas pixels), `length` pixels long, with a dark
 * outline so it shows on any shade.
 */
export function drawArrow(ctx: CanvasRenderingContext2D, x: number, y: number, dx: number, dy: number, length: number, color: string): void {
  const norm = Math.sqrt(dx * dx + dy * dy);
  if (!(norm > 0) || !(length > 0)) return;
  const ux = dx / norm;
  const uy = dy / norm;
  const tx = x + ux * length;
  const ty = y + uy * length;
  const head = Math.min(7, length * 0.45);
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(tx, ty);
  ctx.moveTo(tx - ux * head - uy * head * 0.6, ty - uy * head + ux * head * 0.6);
  ctx.lineTo(tx, ty);
  ctx.lineTo(tx - ux * head + uy * head * 0.6, ty - uy * head - ux * head * 0.6);
  ctx.setLineDash([]);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = 'rgba(0,0,0,0.75)';
  ctx.lineWidth = 4;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.stroke();
}

/** A length in [lo, hi) pixels that grows with m ≥ 0 and saturates: lo + (hi − lo)·m/(m + c). */
export function saturating(m: number, c: number, lo: number, hi: number): number {
  return m > 0 && Number.isFinite(m) ? lo + ((hi - lo) * m) / (m + c) : 0;
}
