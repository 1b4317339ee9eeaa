// The 3-D view: the landscape as a shaded surface (height = the map's shading) drawn with a
// plain canvas projection (painter's algorithm, no WebGL, no dependency), with the racers'
// paths lifted onto it. Turned by dragging or the arrow keys. Rotations are kept as (cos, sin)
// pairs and turned by exact rational rotations, so no trigonometric function is needed.
import { setupCanvas, traceMarker } from './draw.js';
import { shadeColor, type Field } from './field.js';
import type { Landscape } from './landscapes.js';
import type { Path } from './mapview.js';

const GRID = 52;
const HEIGHT = 0.45;
const MAX_PATH_POINTS = 600;

/** cos and sin of the angle 2·atan(t): an exact rotation from a rational parameter. */
function turn(t: number): [number, number] {
  const q = 1 + t * t;
  return [(1 - t * t) / q, (2 * t) / q];
}

function compose([c1, s1]: [number, number], [c2, s2]: [number, number]): [number, number] {
  const c = c1 * c2 - s1 * s2;
  const s = s1 * c2 + c1 * s2;
  const n = Math.sqrt(c * c + s * s);
  return [c / n, s / n];
}

export class SurfaceView {
  private ctx: CanvasRenderingContext2D;
  private width = 0;
  private height = 0;
  private azimuth: [number, number] = turn(-0.35);
  private pitch: [number, number] = turn(0.33);
  private landscape: Landscape | null = null;
  private field: Field | null = null;
  private cache: HTMLCanvasElement | null = null;
  private last: { paths: Path[]; upto: number | null } = { paths: [], upto: null };
  private drag: { x: number; y: number } | null = null;

  constructor(private readonly canvas: HTMLCanvasElement, width: number) {
    this.ctx = setupCanvas(canvas, 1, 1);
    this.resize(width);
    canvas.addEventListener('pointerdown', (e) => {
      this.drag = { x: e.clientX, y: e.clientY };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      this.rotate((e.clientX - this.drag.x) * 0.004, (e.clientY - this.drag.y) * 0.004);
      this.drag = { x: e.clientX, y: e.clientY };
    });
    const end = () => { this.drag = null; };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('keydown', (e) => {
      const moves: Record<string, [number, number]> = { ArrowLeft: [-0.08, 0], ArrowRight: [0.08, 0], ArrowUp: [0, -0.05], ArrowDown: [0, 0.05] };
      if (!(e.key in moves)) return;
      this.rotate(...moves[e.key]);
      e.preventDefault();
    });
  }

  resize(width: number): void {
    const height = Math.floor(width * 0.72);
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.ctx = setupCanvas(this.canvas, width, height);
    this.cache = null;
    this.redraw();
  }

  setField(landscape: Landscape, field: Field): void {
    this.landscape = landscape;
    this.field = field;
    this.cache = null;
  }

  /** Turns the view: `a` about the vertical axis, `b` up or down (clamped). */
  rotate(a: number, b: number): void {
    this.azimuth = compose(this.azimuth, turn(a));
    const pitch = compose(this.pitch, turn(b));
    if (pitch[1] > 0.15 && pitch[1] < 0.98 && pitch[0] > 0) this.pitch = pitch;
    this.cache = null;
    this.redraw();
  }

  /**
   * Screen position of the point (u, v) ∈ [−½, ½]² at height z, and how far back it lies along
   * the ground: a height field painted from the back row to the front is painted correctly.
   */
  private project(u: number, v: number, z: number): [number, number, number] {
    const [ca, sa] = this.azimuth;
    const [cp, sp] = this.pitch;
    const x1 = ca * u - sa * v;
    const y1 = sa * u + ca * v;
    const scale = Math.min(this.width, this.height * 1.25) * 0.95;
    const sx = this.width / 2 + x1 * scale;
    const sy = this.height * 0.58 - (y1 * sp + (z - HEIGHT / 2) * cp) * scale;
    return [sx, sy, y1];
  }

  /** The shade (0–1) of the field at landscape point (x, y), bilinear between grid samples. */
  private heightAt(x: number, y: number): number | null {
    const field = this.field;
    const view = this.landscape?.view;
    if (!field || !view) return null;
    const j = ((x - view.xMin) / (view.xMax - view.xMin)) * field.cols - 0.5;
    const i = ((view.yMax - y) / (view.yMax - view.yMin)) * field.rows - 0.5;
    if (!(i >= -0.5 && i <= field.rows - 0.5 && j >= -0.5 && j <= field.cols - 0.5)) return null;
    const i0 = Math.min(field.rows - 2, Math.max(0, Math.floor(i)));
    const j0 = Math.min(field.cols - 2, Math.max(0, Math.floor(j)));
    const fi = Math.min(1, Math.max(0, i - i0));
    const fj = Math.min(1, Math.max(0, j - j0));
    const at = (a: number, b: number) => field.shades[a * field.cols + b];
    const top = at(i0, j0) * (1 - fj) + at(i0, j0 + 1) * fj;
    const bottom = at(i0 + 1, j0) * (1 - fj) + at(i0 + 1, j0 + 1) * fj;
    return top * (1 - fi) + bottom * fi;
  }

  private renderSurface(): HTMLCanvasElement {
    const ratio = window.devicePixelRatio || 1;
    const cache = document.createElement('canvas');
    cache.width = Math.floor(this.width * ratio + 0.5);
    cache.height = Math.floor(this.height * ratio + 0.5);
    const ctx = cache.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const field = this.field;
    if (!field) return cache;
    // Heights on a GRID × GRID lattice (row 0 is y = yMax), each the mean of the field's samples
    // around it: a narrow valley becomes a smooth groove rather than a zigzag of single samples.
    const n = GRID;
    const h = new Float32Array(n * n);
    const reach = Math.max(1, Math.floor(field.rows / (n - 1) / 2 + 0.5));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const ci = Math.floor((i * (field.rows - 1)) / (n - 1) + 0.5);
        const cj = Math.floor((j * (field.cols - 1)) / (n - 1) + 0.5);
        let sum = 0;
        let count = 0;
        for (let a = Math.max(0, ci - reach); a <= Math.min(field.rows - 1, ci + reach); a++) {
          for (let b = Math.max(0, cj - reach); b <= Math.min(field.cols - 1, cj + reach); b++) {
            sum += field.shades[a * field.cols + b];
            count++;
          }
        }
        h[i * n + j] = sum / count;
      }
    }
    // Every lattice point projected once; each quad then reads its four corners.
    const sx = new Float32Array(n * n);
    const sy = new Float32Array(n * n);
    const dz = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const [x, y, depth] = this.project(j / (n - 1) - 0.5, 0.5 - i / (n - 1), h[i * n + j] * HEIGHT);
        sx[i * n + j] = x;
        sy[i * n + j] = y;
        dz[i * n + j] = depth;
      }
    }
    const quads: { depth: number; k: number; shade: number; light: number }[] = [];
    for (let i = 0; i + 1 < n; i++) {
      for (let j = 0; j + 1 < n; j++) {
        const k = i * n + j;
        const depth = dz[k] + dz[k + 1] + dz[k + n] + dz[k + n + 1];
        const shade = (h[k] + h[k + 1] + h[k + n] + h[k + n + 1]) / 4;
        // Lighting from the slope: a surface normal against a fixed light from the upper left.
        const du = ((h[k + 1] - h[k] + h[k + n + 1] - h[k + n]) / 2) * HEIGHT * (n - 1);
        const dv = ((h[k] - h[k + n] + h[k + 1] - h[k + n + 1]) / 2) * HEIGHT * (n - 1);
        const norm = Math.sqrt(du * du + dv * dv + 1);
        const light = 0.72 + 0.28 * ((du * 0.5 - dv * 0.5 + 0.7) / norm);
        quads.push({ depth, k, shade, light });
      }
    }
    quads.sort((a, b) => b.depth - a.depth);
    for (const q of quads) {
      const [r, g, b] = shadeColor(q.shade);
      const lit = Math.min(1.15, q.light);
      ctx.fillStyle = `rgb(${Math.min(255, r * lit) | 0},${Math.min(255, g * lit) | 0},${Math.min(255, b * lit) | 0})`;
      const k = q.k;
      ctx.beginPath();
      ctx.moveTo(sx[k], sy[k]);
      ctx.lineTo(sx[k + 1], sy[k + 1]);
      ctx.lineTo(sx[k + n + 1], sy[k + n + 1]);
      ctx.lineTo(sx[k + n], sy[k + n]);
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = ctx.fillStyle;
      ctx.lineWidth = 0.6;
      ctx.stroke();
    }
    return cache;
  }

  /** Draws the surface (cached) and the paths up to step `upto`. */
  draw(paths: Path[], upto: number | null): void {
    this.last = { paths, upto };
    this.redraw();
  }

  private redraw(): void {
    const ctx = this.ctx;
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.fillStyle = '#0c1638';
    ctx.fillRect(0, 0, this.width, this.height);
    if (!this.field || !this.landscape) return;
    if (!this.cache) this.cache = this.renderSurface();
    ctx.drawImage(this.cache, 0, 0, this.width, this.height);
    const view = this.landscape.view;
    const toUV = (x: number, y: number): [number, number] => [
      (x - view.xMin) / (view.xMax - view.xMin) - 0.5,
      (y - view.yMin) / (view.yMax - view.yMin) - 0.5,
    ];
    for (const path of this.last.paths) {
      const last = Math.min(path.xs.length - 1, this.last.upto ?? Infinity);
      const stride = Math.max(1, Math.floor(last / MAX_PATH_POINTS));
      ctx.beginPath();
      let pen = false;
      let end: [number, number] | null = null;
      if (last < 0) continue;
      const indices: number[] = [];
      for (let k = 0; k < last; k += stride) indices.push(k);
      indices.push(last);
      for (const k of indices) {
        const z = this.heightAt(path.xs[k], path.ys[k]);
        if (z === null) { pen = false; end = null; continue; }
        const [u, v] = toUV(path.xs[k], path.ys[k]);
        const [sx, sy] = this.project(u, v, z * HEIGHT + 0.004);
        if (pen) ctx.lineTo(sx, sy);
        else ctx.moveTo(sx, sy);
        pen = true;
        end = [sx, sy];
      }
      ctx.setLineDash(path.style.dash);
      ctx.strokeStyle = 'rgba(0,0,0,0.6)';
      ctx.lineWidth = 3.5;
      ctx.stroke();
      ctx.strokeStyle = path.style.color;
      ctx.lineWidth = 1.8;
      ctx.stroke();
      ctx.setLineDash([]);
      if (end) {
        traceMarker(ctx, path.style.marker, end[0], end[1], 5);
        ctx.fillStyle = path.style.color;
        ctx.fill();
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 1;
        ctx.stroke();
      }
    }
  }
}
