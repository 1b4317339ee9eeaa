// Gaussian-process regression for Bayesian optimisation (Rasmussen & Williams, Algorithm 2.1).
// Inputs live in the unit cube; targets are standardised, so the signal variance is 1. The
// kernel is Matérn 5/2 or RBF with one lengthscale per dimension; lengthscales and the noise
// variance maximise the log marginal likelihood over a grid, one coordinate at a time.
//   k(r) = (1 + √5·r + 5r²/3)·e^{−√5·r}  (Matérn 5/2)   or   e^{−r²/2}  (RBF),
//   r² = Σᵢ ((xᵢ − x'ᵢ)/ℓᵢ)²
//   log p(y | X) = −½·yᵀα − Σ log Lᵢᵢ − (n/2)·log 2π,   α = K⁻¹y,  K + σ²I = L·Lᵀ
import { choleskyFactor, solveLower, solveUpperTransposed } from '../optimize/cholesky.js';
import { expF32, logF32 } from '../scalar_math.js';

export type KernelName = 'matern52' | 'rbf';

const SQRT5 = 2.23606797749979;
const LENGTHSCALES = [0.03, 0.06, 0.1, 0.17, 0.3, 0.5, 0.8, 1.3, 2, 4];
const NOISES = [1e-6, 1e-4, 1e-3, 1e-2, 0.05, 0.2];

/** Kernel values between every row of a and every row of b (row-major a.length × b.length). */
export function kernelMatrix(kind: KernelName, a: Float64Array[], b: Float64Array[], lengthscales: Float64Array): Float64Array {
  const n = a.length;
  const m = b.length;
  const r2 = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < lengthscales.length; k++) {
        const t = (a[i][k] - b[j][k]) / lengthscales[k];
        s += t * t;
      }
      r2[i * m + j] = s;
    }
  }
  if (kind === 'rbf') return expF32(r2.map((v) => -0.5 * v));
  const r = r2.map((v) => Math.sqrt(v));
  const e = expF32(r.map((v) => -SQRT5 * v));
  return e.map((ev, i) => (1 + SQRT5 * r[i] + (5 / 3) * r2[i]) * ev);
}

export class GaussianProcess {
  private l: Float64Array = new Float64Array(0);
  private alpha: Float64Array = new Float64Array(0);
  lengthscales: Float64Array;
  noise = 1e-4;
  logLikelihood = -Infinity;

  constructor(
    readonly kind: KernelName,
    private readonly x: Float64Array[],
    private readonly y: Float64Array,
  ) {
    this.lengthscales = new Float64Array(x[0].length).fill(0.3);
  }

  /** Factorises K + noise·I for the given hyperparameters; returns the log marginal likelihood. */
  private condition(lengthscales: Float64Array, noise: number): number {
    const n = this.x.length;
    const k = kernelMatrix(this.kind, this.x, this.x, lengthscales);
    const l = choleskyFactor(k, n, noise);
    if (l === null) return -Infinity;
    const alpha = solveUpperTransposed(l, solveLower(l, this.y));
    let fit = 0;
    for (let i = 0; i < n; i++) fit += this.y[i] * alpha[i];
    const logDet = logF32(Float64Array.from({ length: n }, (_, i) => l[i * n + i])).reduce((s, v) => s + v, 0);
    this.l = l;
    this.alpha = alpha;
    return -0.5 * fit - logDet - 0.5 * n * 1.8378770664093453; // log 2π
  }

  /** Uses the given hyperparameters (and factorises the kernel matrix for them). */
  withHyperparameters(lengthscales: ArrayLike<number>, noise: number): this {
    this.lengthscales = Float64Array.from(lengthscales);
    this.noise = noise;
    this.logLikelihood = this.condition(this.lengthscales, noise);
    return this;
  }

  /** Picks lengthscales and noise by coordinate-wise grid search on the marginal likelihood. */
  fit(): this {
    let best = { ls: Float64Array.from(this.lengthscales), noise: this.noise, ll: this.condition(this.lengthscales, this.noise) };
    const consider = (ls: Float64Array, noise: number) => {
      const ll = this.condition(ls, noise);
      if (ll > best.ll) best = { ls: Float64Array.from(ls), noise, ll };
    };
    for (let pass = 0; pass < 2; pass++) {
      for (let d = 0; d < this.lengthscales.length; d++) {
        for (const value of LENGTHSCALES) {
          const ls = Float64Array.from(best.ls);
          ls[d] = value;
          consider(ls, best.noise);
        }
      }
      for (const noise of NOISES) consider(best.ls, noise);
    }
    this.lengthscales = best.ls;
    this.noise = best.noise;
    this.logLikelihood = this.condition(best.ls, best.noise);
    return this;
  }

  /** Posterior mean and standard deviation (of the latent function) at each point. */
  predict(points: Float64Array[]): { mean: Float64Array; sd: Float64Array } {
    const n = this.x.length;
    const m = points.length;
    const kStar = kernelMatrix(this.kind, points, this.x, this.lengthscales); // m × n
    const mean = new Float64Array(m);
    const sd = new Float64Array(m);
    const v = new Float64Array(n); // L⁻¹·k*, solved in place for one point after another
    const l = this.l;
    for (let j = 0; j < m; j++) {
      let mu = 0;
      let explained = 0;
      for (let i = 0; i < n; i++) {
        const kji = kStar[j * n + i];
        mu += kji * this.alpha[i];
        let t = kji;
        for (let k = 0; k < i; k++) t -= l[i * n + k] * v[k];
        v[i] = t / l[i * n + i];
        explained += v[i] * v[i];
      }
      mean[j] = mu;
      sd[j] = Math.sqrt(Math.max(1 - explained, 1e-12));
    }
    return { mean, sd };
  }
}
