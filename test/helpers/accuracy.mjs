// The accuracy sweep shared by test/core/math-accuracy.test.mjs (which asserts the bounds) and
// tools/accuracy-report.mjs (which writes docs/ACCURACY.md): each function over a dense grid,
// including its range-reduction boundaries, against a float64 reference.
import { reference } from './reference.mjs';
import { testValues } from './assert.mjs';

const MIN_NORMAL = 2 ** -126;
const LN2 = Math.LN2;

/** n float32 values spread uniformly over [lo, hi] (a jittered grid, so no point is special). */
function uniform(lo, hi, n, seed) {
  const jitter = testValues(n, seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + ((i + 0.5 + 0.5 * jitter[i]) / n) * (hi - lo);
  return out;
}

/** Values 2^u·(1 + v) spread over binades [e0, e1): every exponent, random mantissas. */
function binades(e0, e1, n, seed) {
  const u = testValues(n, seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 2 ** (e0 + ((i + 0.5) / n) * (e1 - e0)) * (1 + 0.999 * Math.abs(u[i]));
  return out;
}

/** The float32 neighbours (k ulps either side) of each point. */
function around(points, k = 8) {
  const out = [];
  const f = new Float32Array(1);
  const bits = new Int32Array(f.buffer);
  for (const p of points) {
    f[0] = p;
    const b = bits[0];
    for (let j = -k; j <= k; j++) {
      bits[0] = b + j;
      if (Number.isFinite(f[0])) out.push(f[0]);
    }
  }
  return Float32Array.from(out);
}

function concat(...parts) {
  return Float32Array.from(parts.flatMap((p) => Array.from(p)));
}

function range(a, b) {
  const r = [];
  for (let i = a; i <= b; i++) r.push(i);
  return r;
}

/** One ulp of float32 at |r| (denormal spacing below 2^-126). */
export function ulp32(r) {
  const a = Math.abs(r);
  if (a < MIN_NORMAL) return 2 ** -149;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; // guard log2 rounding
  return 2 ** (e - 23);
}

/** The sweeps: name, the op, what is swept (for the table), and the inputs. */
export function sweeps(scale = 1) {
  const n = (k) => Math.max(1000, Math.round(k * scale));
  return [
    { fn: 'exp', domain: '[-87.3, 88.7] + the reduction boundaries (k+1/2)·ln2 + [-1e-3, 1e-3]',
      x: concat(uniform(-87.3, 88.7, n(200000), 1), around(range(-126, 126).map((k) => (k + 0.5) * LN2)), uniform(-1e-3, 1e-3, n(5000), 2)) },
    { fn: 'log', domain: '(0, 3.4e38] every binade incl. denormals + [0.5, 2] + 2^k·sqrt(1/2) boundaries',
      x: concat(binades(-149, 128, n(200000), 3), uniform(0.5, 2, n(100000), 4), around(range(-140, 127).map((k) => 2 ** k * Math.SQRT1_2))) },
    { fn: 'tanh', domain: '[-10, 10] + the 0.55 switch + [-1e-3, 1e-3]',
      x: concat(uniform(-10, 10, n(200000), 5), around([0.55, -0.55], 64), uniform(-1e-3, 1e-3, n(5000), 6)) },
    { fn: 'sigmoid', domain: '[-87, 30]',
      x: concat(uniform(-87, 30, n(200000), 7), uniform(-1, 1, n(10000), 8)) },
    { fn: 'softplus', domain: '[-87, 40] + the threshold 20',
      x: concat(uniform(-87, 40, n(200000), 9), around([20], 64), uniform(-1, 1, n(10000), 10)) },
    { fn: 'erf', domain: '[-5, 5] + the 0.875 switch + [-1e-3, 1e-3]',
      x: concat(uniform(-5, 5, n(200000), 11), around([0.875, -0.875], 64), uniform(-1e-3, 1e-3, n(5000), 12)) },
    { fn: 'gelu', domain: '[-12.9, 10] + the switch at ±0.875·sqrt 2',
      x: concat(uniform(-12.9, 10, n(200000), 13), around([0.875 * Math.SQRT2, -0.875 * Math.SQRT2], 64)) },
    { fn: 'sqrt', domain: 'every binade (IEEE sqrt: correctly rounded)', x: binades(-126, 128, n(20000), 14) },
  ];
}

/** x in [1e-3, 1e3] (log grid) × y in [-25, 25], results within the normal float32 range. */
export function powSweep(scale = 1) {
  const m = Math.max(100, Math.round(600 * scale));
  const xs = binades(-10, 10, m, 15);
  const ys = uniform(-25, 25, m, 16);
  const px = [];
  const py = [];
  for (const x of xs) {
    for (const y of ys) {
      const l = y * Math.log2(x);
      if (l > -125 && l < 127) {
        px.push(x);
        py.push(y);
      }
    }
  }
  // negative bases with integer exponents
  for (const x of uniform(-4, -0.25, 500, 17)) {
    for (let y = -20; y <= 20; y++) {
      px.push(x);
      py.push(y);
    }
  }
  return { x: Float32Array.from(px), y: Float32Array.from(py) };
}

/** Max relative and ulp errors of got[i] against ref(x[i]) over outputs in the normal range. */
export function measure(got, refs, xs, ys) {
  let maxRel = 0;
  let maxUlp = 0;
  let worstX = NaN;
  let worstY = NaN;
  let counted = 0;
  for (let i = 0; i < got.length; i++) {
    const r = refs[i];
    if (!Number.isFinite(r) || Math.abs(r) < MIN_NORMAL || Math.abs(r) > 3.4e38) continue;
    counted++;
    const err = Math.abs(got[i] - r);
    const rel = err / Math.abs(r);
    const u = err / ulp32(r);
    if (!(rel <= maxRel)) {
      maxRel = rel;
      worstX = xs[i];
      worstY = ys ? ys[i] : NaN;
    }
    if (!(u <= maxUlp)) maxUlp = u;
  }
  return { maxRel, maxUlp, worstX, worstY, counted };
}

/** Runs every sweep through the library `d`; returns rows for the table. */
export function runSweeps(d, scale = 1) {
  const rows = [];
  for (const s of sweeps(scale)) {
    const t = d.tensor(s.x);
    const y = t[s.fn]();
    const got = y.toFloat32Array();
    t.dispose();
    y.dispose();
    const refs = Array.from(s.x, (v) => reference[s.fn](v));
    rows.push({ fn: s.fn, domain: s.domain, points: s.x.length, ...measure(got, refs, s.x) });
  }
  const p = powSweep(scale);
  const [tx, ty] = [d.tensor(p.x), d.tensor(p.y)];
  const z = tx.pow(ty);
  const got = z.toFloat32Array();
  [tx, ty, z].forEach((t) => t.dispose());
  const refs = Array.from(p.x, (v, i) => Math.pow(v, p.y[i]));
  rows.push({ fn: 'pow', domain: 'x in [1e-3, 1e3] × y in [-25, 25] (normal results) + x < 0 with integer y in [-20, 20]',
    points: p.x.length, ...measure(got, refs, p.x, p.y) });
  return rows;
}

/** Documented bounds (docs/ACCURACY.md): max relative error and max ulps per function. */
export const BOUNDS = {
  exp: { rel: 1.8e-7, ulp: 2 },
  log: { rel: 1.8e-7, ulp: 2 },
  tanh: { rel: 2.5e-7, ulp: 2 },
  sigmoid: { rel: 2.5e-7, ulp: 2.5 },
  softplus: { rel: 3e-7, ulp: 3 },
  erf: { rel: 1.5e-7, ulp: 1.5 },
  gelu: { rel: 3e-7, ulp: 3 },
  sqrt: { rel: 6e-8, ulp: 0.5 },
  pow: { rel: 1.2e-7, ulp: 1 },
};
