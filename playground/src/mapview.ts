// The map: the heat map with contours on a base canvas; the racers' paths on a trails canvas,
// where a running race only adds its new segments each frame (so a 20,000-step race costs no
// more to draw than a short one); their markers, the gradient and velocity arrows and the start
// point on an overlay canvas. The plot is square and follows the width of its column (resize).
import { clipSegment, drawArrow, FONT, saturating, setupCanvas, ticks, traceMarker } from './draw.js';
import { contourSegments, shadeColor, type Field } from './field.js';
import type { Landscape, View } from './landscapes.js';
import type { RacerStyle } from './optimizers.js';

export interface Path {
  xs: number[];
  ys: number[];
  style: RacerStyle;
}

/** What to draw at a racer's shown point: −∇f and the last step, in landscape units. */
export interface Arrows {
  x: number;
  y: number;
  gx: number;
  gy: number;
  vx: number;
  vy: number;
}

const CONTOUR_LEVELS = 16;
/** Points closer than this (CSS pixels) to the last one drawn are skipped: long races stay cheap to draw. */
const MIN_SEGMENT = 0.75;

export class MapView {
  static readonly MARGIN = { left: 34, bottom: 24, top: 8, right: 12 };
  private baseCtx: CanvasRenderingContext2D;
  private trailsCtx: CanvasRenderingContext2D;
  private overlayCtx: CanvasRenderingContext2D;
  /** What the trails canvas shows: each path drawn up to `drawn[k]`, its pen at `pen[k]`, `length[k]` pixels long. */
  private trail: { paths: Path[]; drawn: number[]; pen: [number, number][]; length: number[] } | null = null;
  private view: View = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  private landscape: Landscape | null = null;
  private field: Field | null = null;
  private raster: HTMLCanvasElement | null = null;
  plotSize = 0;

  constructor(
    private readonly base: HTMLCanvasElement,
    private readonly trails: HTMLCanvasElement,
    private readonly overlay: HTMLCanvasElement,
    plotSize: number,
  ) {
    this.baseCtx = setupCanvas(base, 1, 1);
    this.trailsCtx = setupCanvas(trails, 1, 1);
    this.overlayCtx = setupCanvas(overlay, 1, 1);
    this.resize(plotSize);
  }

  /** Sets the plot's side in CSS pixels; redraws the field if there is one. */
  resize(plotSize: number): void {
    if (plotSize === this.plotSize) return;
    this.plotSize = plotSize;
    const m = MapView.MARGIN;
    const w = plotSize + m.left + m.right;
    const h = plotSize + m.top + m.bottom;
    this.baseCtx = setupCanvas(this.base, w, h);
    this.trailsCtx = setupCanvas(this.trails, w, h);
    this.overlayCtx = setupCanvas(this.overlay, w, h);
    this.trail = null;
    if (this.landscape && this.field) this.drawField(this.landscape, this.field);
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
    if (this.field !== field) this.raster = null;
    this.view = landscape.view;
    this.landscape = landscape;
    this.trail = null;
    this.field = field;
    const ctx = this.baseCtx;
    const m = MapView.MARGIN;
    const size = this.plotSize;
    ctx.clearRect(0, 0, size + m.left + m.right, size + m.top + m.bottom);
    if (!this.raster) {
      const image = new ImageData(field.cols, field.rows);
      for (let k = 0; k < field.shades.length; k++) {
        const [r, g, b] = shadeColor(field.shades[k]);
        image.data[4 * k] = r;
        image.data[4 * k + 1] = g;
        image.data[4 * k + 2] = b;
        image.data[4 * k + 3] = 255;
      }
      this.raster = document.createElement('canvas');
      this.raster.width = field.cols;
      this.raster.height = field.rows;
      this.raster.getContext('2d')!.putImageData(image, 0, 0);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(this.raster, m.left, m.top, size, size);

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

  /**
   * Draws the racers' paths up to step `upto` (all of each path if null), their markers there,
   * their arrows (when given) and the start point.
   */
  drawPaths(paths: Path[], start: [number, number], upto: number | null, arrows: (Arrows | null)[] | null): void {
    this.drawTrails(paths, upto);
    const ctx = this.overlayCtx;
    const m = MapView.MARGIN;
    const size = this.plotSize;
    ctx.clearRect(0, 0, size + m.left + m.right, size + m.top + m.bottom);
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.left, m.top, size, size);
    ctx.clip();
    const lastOf = (path: Path) => Math.min(path.xs.length - 1, upto ?? Infinity);
    paths.forEach((path, k) => {
      const arrow = arrows?.[k];
      if (!arrow) return;
      const [px, py] = this.toCanvas(arrow.x, arrow.y);
      if (!(Math.abs(px) < 1e5 && Math.abs(py) < 1e5)) return;
      // Landscape vectors to canvas directions (y points down on the canvas).
      const { xMin, xMax, yMin, yMax } = this.view;
      const sx = size / (xMax - xMin);
      const sy = size / (yMax - yMin);
      const g = Math.sqrt(arrow.gx * arrow.gx + arrow.gy * arrow.gy);
      drawArrow(ctx, px, py, -arrow.gx * sx, arrow.gy * sy, saturating(g, 2, 10, 46), '#ffffff');
      const vx = arrow.vx * sx;
      const vy = -arrow.vy * sy;
      drawArrow(ctx, px, py, vx, vy, saturating(Math.sqrt(vx * vx + vy * vy), 6, 8, 40), '#ffd479');
    });
    for (const path of paths) {
      const last = lastOf(path);
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
    ctx.arc(sx, sy, 8, 0, 2 * Math.PI);
    ctx.moveTo(sx - 12, sy);
    ctx.lineTo(sx + 12, sy);
    ctx.moveTo(sx, sy - 12);
    ctx.lineTo(sx, sy + 12);
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 3.5;
    ctx.stroke();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1.6;
    ctx.stroke();
    ctx.restore();
  }

  /**
   * Brings the trails canvas to `paths` up to `upto`: only the new segments when the same race
   * has grown since the last call, else everything afresh.
   */
  private drawTrails(paths: Path[], upto: number | null): void {
    const ctx = this.trailsCtx;
    const m = MapView.MARGIN;
    const size = this.plotSize;
    const old = this.trail;
    const grown = upto === null && old !== null && old.paths.length === paths.length &&
      paths.every((p, k) => p.xs === old.paths[k].xs && p.xs.length - 1 >= old.drawn[k]);
    if (!grown) {
      ctx.clearRect(0, 0, size + m.left + m.right, size + m.top + m.bottom);
      this.trail = {
        paths,
        drawn: paths.map(() => 0),
        pen: paths.map((p) => this.toCanvas(p.xs[0], p.ys[0])),
        length: paths.map(() => 0),
      };
    }
    const trail = this.trail!;
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.left, m.top, size, size);
    ctx.clip();
    ctx.lineJoin = 'round';
    ctx.lineCap = 'butt';
    // Segments are clipped to a box just outside the plot: a diverging racer's path can run to
    // millions of pixels, and dashing such a line is slow.
    const pad = 20;
    const box = { left: m.left - pad, top: m.top - pad, right: m.left + size + pad, bottom: m.top + size + pad };
    paths.forEach((path, k) => {
      const last = Math.min(path.xs.length - 1, upto ?? Infinity);
      if (last <= trail.drawn[k]) return;
      ctx.beginPath();
      let a = trail.pen[k];
      let pen: [number, number] | null = null;
      let length = 0;
      for (let s = trail.drawn[k] + 1; s <= last; s++) {
        const b = this.toCanvas(path.xs[s], path.ys[s]);
        const dx = b[0] - a[0];
        const dy = b[1] - a[1];
        if (s < last && dx * dx + dy * dy < MIN_SEGMENT * MIN_SEGMENT) continue;
        const seg = clipSegment(a[0], a[1], b[0], b[1], box);
        if (seg) {
          if (!pen || pen[0] !== seg[0] || pen[1] !== seg[1]) ctx.moveTo(seg[0], seg[1]);
          ctx.lineTo(seg[2], seg[3]);
          pen = [seg[2], seg[3]];
          length += Math.sqrt((seg[2] - seg[0]) * (seg[2] - seg[0]) + (seg[3] - seg[1]) * (seg[3] - seg[1]));
        } else {
          pen = null;
        }
        a = b;
      }
      // Dashes continue where the previous piece of this path left off.
      ctx.setLineDash(path.style.dash);
      ctx.lineDashOffset = trail.length[k];
      ctx.strokeStyle = 'rgba(0,0,0,0.6)';
      ctx.lineWidth = 4.5;
      ctx.stroke();
      ctx.strokeStyle = path.style.color;
      ctx.lineWidth = 2.4;
      ctx.stroke();
      trail.pen[k] = a;
      trail.drawn[k] = last;
      trail.length[k] += length;
    });
    ctx.restore();
  }
}
