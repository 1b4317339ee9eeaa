// The heat map's numbers: a landscape evaluated on a grid by descent (one batched tensor
// expression), compressed to shades in [0, 1], and contour lines by marching squares.
import * as d from 'descent-ml';
import type { Landscape } from './landscapes.js';

export interface Field {
  /** Columns and rows; row 0 is the top of the map (y = yMax). */
  cols: number;
  rows: number;
  values: Float32Array;
  /** The values compressed (log for wide ranges) and scaled to [0, 1]. */
  shades: Float32Array;
  min: number;
  max: number;
}

/** Evaluates the landscape at the centres of a cols × rows grid over its view. */
export function evaluateField(landscape: Landscape, cols: number, rows: number): Field {
  const { xMin, xMax, yMin, yMax } = landscape.view;
  const dx = (xMax - xMin) / cols;
  const dy = (yMax - yMin) / rows;
  const points = new Float32Array(rows * cols * 2);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      points[2 * (i * cols + j)] = xMin + (j + 0.5) * dx;
      points[2 * (i * cols + j) + 1] = yMax - (i + 0.5) * dy;
    }
  }
  return d.noGrad(() => d.tidy(() => {
    const f = landscape.f(d.tensor(points, { shape: [rows, cols, 2] }));
    const min = f.min().item();
    const max = f.max().item();
    const shading = landscape.shading;
    const compressed = shading.kind === 'log' ? f.sub(min).div(shading.scale).add(1).log() : f.sub(min);
    const top = compressed.max().item();
    const shades = top > 0 ? compressed.div(top) : compressed;
    return { cols, rows, values: f.toFloat32Array(), shades: shades.toFloat32Array(), min, max };
  }));
}

export type Segment = [number, number, number, number];

/**
 * Contour segments of `grid` (cols × rows, row-major) at `level`, in grid coordinates where
 * sample (i, j) sits at (j, i). Saddle cells are split by the cell's mean value.
 */
export function contourSegments(grid: Float32Array, cols: number, rows: number, level: number): Segment[] {
  const segments: Segment[] = [];
  const at = (i: number, j: number) => grid[i * cols + j];
  // Where along an edge from value a to value b the level is crossed, in [0, 1].
  const cross = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let i = 0; i + 1 < rows; i++) {
    for (let j = 0; j + 1 < cols; j++) {
      const tl = at(i, j);
      const tr = at(i, j + 1);
      const br = at(i + 1, j + 1);
      const bl = at(i + 1, j);
      const code = (tl > level ? 8 : 0) | (tr > level ? 4 : 0) | (br > level ? 2 : 0) | (bl > level ? 1 : 0);
      if (code === 0 || code === 15) continue;
      const top: [number, number] = [j + cross(tl, tr), i];
      const right: [number, number] = [j + 1, i + cross(tr, br)];
      const bottom: [number, number] = [j + cross(bl, br), i + 1];
      const left: [number, number] = [j, i + cross(tl, bl)];
      const add = (a: [number, number], b: [number, number]) => segments.push([a[0], a[1], b[0], b[1]]);
      const centreAbove = (tl + tr + br + bl) / 4 > level;
      switch (code) {
        case 1: case 14: add(left, bottom); break;
        case 2: case 13: add(bottom, right); break;
        case 3: case 12: add(left, right); break;
        case 4: case 11: add(top, right); break;
        case 6: case 9: add(top, bottom); break;
        case 7: case 8: add(left, top); break;
        case 5:
          if (centreAbove) { add(left, top); add(bottom, right); } else { add(left, bottom); add(top, right); }
          break;
        case 10:
          if (centreAbove) { add(left, bottom); add(top, right); } else { add(left, top); add(bottom, right); }
          break;
      }
    }
  }
  return segments;
}

/** A colour scale from deep blue (low) through teal to pale sand (high), as RGB stops. */
const STOPS: [number, number, number, number][] = [
  [0.0, 12, 22, 56],
  [0.2, 27, 60, 110],
  [0.45, 44, 110, 140],
  [0.7, 120, 170, 160],
  [0.88, 200, 215, 185],
  [1.0, 244, 240, 222],
];

/** RGB for a shade in [0, 1] (linear interpolation between the stops). */
export function shadeColor(t: number): [number, number, number] {
  const s = t < 0 ? 0 : t > 1 ? 1 : t;
  for (let k = 1; k < STOPS.length; k++) {
    if (s <= STOPS[k][0]) {
      const [t0, r0, g0, b0] = STOPS[k - 1];
      const [t1, r1, g1, b1] = STOPS[k];
      const w = (s - t0) / (t1 - t0);
      return [r0 + w * (r1 - r0), g0 + w * (g1 - g0), b0 + w * (b1 - b0)];
    }
  }
  return [STOPS[STOPS.length - 1][1], STOPS[STOPS.length - 1][2], STOPS[STOPS.length - 1][3]];
}
