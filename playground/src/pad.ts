// The 8×8 drawing pad: pixels 0–16 like the digits data. Drawing with a pointer brightens the
// cell under it fully and its four neighbours partly (strokes in the data are about two
// pixels wide); the right button or Shift erases. Arrow keys move a cursor, Space paints.
import { setupCanvas } from './draw.js';

const N = 8;

export class Pad {
  readonly pixels = new Float32Array(N * N);
  private ctx: CanvasRenderingContext2D;
  private painting: 0 | 1 | -1 = 0;
  private cursor: [number, number] = [3, 3];
  private focused = false;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly size: number, private readonly changed: () => void) {
    this.ctx = setupCanvas(canvas, size, size);
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());
    canvas.addEventListener('pointerdown', (e) => {
      this.painting = e.button === 2 || e.shiftKey ? -1 : 1;
      canvas.setPointerCapture(e.pointerId);
      this.paintAt(e);
      e.preventDefault();
    });
    canvas.addEventListener('pointermove', (e) => { if (this.painting) this.paintAt(e); });
    const end = () => { this.painting = 0; };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('focus', () => { this.focused = true; this.draw(); });
    canvas.addEventListener('blur', () => { this.focused = false; this.draw(); });
    canvas.addEventListener('keydown', (e) => {
      const moves: Record<string, [number, number]> = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      if (e.key in moves) {
        const [di, dj] = moves[e.key];
        this.cursor = [Math.min(N - 1, Math.max(0, this.cursor[0] + di)), Math.min(N - 1, Math.max(0, this.cursor[1] + dj))];
        this.draw();
      } else if (e.key === ' ' || e.key === 'Enter') {
        this.paint(this.cursor[0], this.cursor[1], e.shiftKey ? -1 : 1);
      } else {
        return;
      }
      e.preventDefault();
    });
    this.draw();
  }

  private paintAt(e: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const i = Math.floor(((e.clientY - rect.top) / rect.height) * N);
    const j = Math.floor(((e.clientX - rect.left) / rect.width) * N);
    if (i < 0 || i >= N || j < 0 || j >= N) return;
    this.paint(i, j, this.painting === -1 ? -1 : 1);
  }

  /** Paints (or erases) cell (i, j) and a little of its neighbours. */
  paint(i: number, j: number, sign: 1 | -1): void {
    const add = (a: number, b: number, amount: number) => {
      if (a < 0 || a >= N || b < 0 || b >= N) return;
      const k = a * N + b;
      this.pixels[k] = Math.min(16, Math.max(0, this.pixels[k] + sign * amount));
    };
    add(i, j, 16);
    for (const [a, b] of [[i - 1, j], [i + 1, j], [i, j - 1], [i, j + 1]]) add(a, b, sign > 0 ? 3 : 16);
    this.draw();
    this.changed();
  }

  set(values: ArrayLike<number>): void {
    for (let k = 0; k < N * N; k++) this.pixels[k] = values[k];
    this.draw();
    this.changed();
  }

  clear(): void {
    this.pixels.fill(0);
    this.draw();
    this.changed();
  }

  isEmpty(): boolean {
    return this.pixels.every((v) => v === 0);
  }

  private draw(): void {
    const ctx = this.ctx;
    const cell = this.size / N;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        // Ink is dark on paper: 0 is white, 16 is near-black.
        const v = 255 - Math.floor((this.pixels[i * N + j] / 16) * 230);
        ctx.fillStyle = `rgb(${v},${v},${v})`;
        ctx.fillRect(j * cell, i * cell, cell, cell);
      }
    }
    ctx.strokeStyle = 'rgba(100,116,139,0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let k = 1; k < N; k++) {
      ctx.moveTo(k * cell + 0.5, 0);
      ctx.lineTo(k * cell + 0.5, this.size);
      ctx.moveTo(0, k * cell + 0.5);
      ctx.lineTo(this.size, k * cell + 0.5);
    }
    ctx.stroke();
    if (this.focused) {
      ctx.strokeStyle = '#f59e0b';
      ctx.lineWidth = 3;
      ctx.strokeRect(this.cursor[1] * cell + 1.5, this.cursor[0] * cell + 1.5, cell - 3, cell - 3);
    }
  }
}
