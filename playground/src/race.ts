// One racer: a parameter tensor p of shape [2], one of descent's optimizers, and the path it
// takes. Each step is torch's loop: zeroGrad, forward, backward, step. The loss recorded at
// every point is the clean f(p) (the noisy landscape's gradient noise only affects the step).
import * as d from 'descent-ml';
import type { Landscape } from './landscapes.js';
import type { Arrows } from './mapview.js';
import { constructorOptions, optimizerType, type RacerConfig } from './optimizers.js';

type Tensor = d.Tensor;

/** A racer whose |x| or |y| passes this, or whose loss is not finite, has diverged. */
export const DIVERGE_LIMIT = 1e4;
/** Loss gaps below this are drawn at this height on the log chart. */
export const LOG_FLOOR = 1e-12;
const LN10 = 2.302585092994046;

export type RacerStatus = 'running' | 'finished' | 'diverged';

interface Optimizer {
  zeroGrad(): void;
  step(closure?: () => Tensor): unknown;
  dispose?(): void;
}

type OptimizerClass = new (params: Tensor[], options: Record<string, unknown>) => Optimizer;

export function availableOptimizers(): Set<string> {
  const optim = (d as unknown as { optim?: Record<string, unknown> }).optim ?? {};
  return new Set(Object.keys(optim).filter((k) => typeof optim[k] === 'function'));
}

export function makeOptimizer(config: RacerConfig, params: Tensor[]): Optimizer {
  const optim = (d as unknown as { optim?: Record<string, OptimizerClass> }).optim;
  const Ctor = optim?.[config.type];
  if (typeof Ctor !== 'function') throw new Error(`d.optim.${config.type} is not in this build of descent`);
  return new Ctor(params, constructorOptions(config));
}

/** ξₜ for every step, drawn once per race so every racer sees the same noise. */
export function noiseTable(landscape: Landscape, steps: number): Float32Array | null {
  if (!landscape.noise) return null;
  const { sigma, seed } = landscape.noise;
  return d.tidy(() => d.randn([steps, 2], { seed }).mul(sigma).toFloat32Array());
}

/** The log₁₀ of the gap f − f* (floored at LOG_FLOOR), computed by descent's log kernel. */
export function log10Gap(loss: Tensor, fStar: number): number {
  return d.tidy(() => loss.sub(fStar).maximum(LOG_FLOOR).log().div(LN10).item());
}

export class Racer {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  readonly losses: number[] = [];
  /** log₁₀(f − f*) at every point, for the loss chart. */
  readonly logGaps: number[] = [];
  status: RacerStatus = 'running';
  /**
   * The first step within `tolerance` of the minimum value, or, on a landscape without a
   * minimum (the saddle), the first step off the map: the escape.
   */
  stepsToTolerance: number | null = null;
  private readonly p: Tensor;
  private readonly optimizer: Optimizer;

  constructor(
    readonly config: RacerConfig,
    private readonly landscape: Landscape,
    start: [number, number],
    private readonly tolerance: number,
    private readonly gapReference: number,
    private readonly noise: Float32Array | null,
  ) {
    this.p = d.tensor(start, { requiresGrad: true });
    this.optimizer = makeOptimizer(config, [this.p]);
    this.record();
  }

  get steps(): number {
    return this.xs.length - 1;
  }

  /** Takes one optimizer step (a no-op once the racer has stopped). */
  step(): void {
    if (this.status !== 'running') return;
    const t = this.steps;
    // The objective this step sees: f, plus ξₜ·p on the noisy landscape.
    const objective = (): Tensor => {
      const loss = this.landscape.f(this.p);
      return this.noise ? loss.add(d.tensor([this.noise[2 * t], this.noise[2 * t + 1]]).mul(this.p).sum()) : loss;
    };
    d.tidy(() => {
      if (optimizerType(this.config.type).closure) {
        this.optimizer.step(() => {
          this.optimizer.zeroGrad();
          const loss = objective();
          loss.backward();
          return loss;
        });
        return;
      }
      this.optimizer.zeroGrad();
      objective().backward();
      this.optimizer.step();
    });
    this.record();
  }

  finish(): void {
    if (this.status === 'running') this.status = 'finished';
  }

  dispose(): void {
    this.optimizer.dispose?.();
    this.p.dispose();
  }

  private record(): void {
    const [x, y] = this.p.toFloat32Array();
    const { loss, logGap } = d.noGrad(() => d.tidy(() => {
      const l = this.landscape.f(this.p);
      return { loss: l.item(), logGap: log10Gap(l, this.gapReference) };
    }));
    this.xs.push(x);
    this.ys.push(y);
    this.losses.push(loss);
    this.logGaps.push(logGap);
    const fStar = this.landscape.fStar;
    const { xMin, xMax, yMin, yMax } = this.landscape.view;
    const reached = fStar === null ? !(x >= xMin && x <= xMax && y >= yMin && y <= yMax) : loss - fStar <= this.tolerance;
    if (this.stepsToTolerance === null && reached) this.stepsToTolerance = this.steps;
    const escaped = !(Math.abs(x) <= DIVERGE_LIMIT && Math.abs(y) <= DIVERGE_LIMIT);
    if (!Number.isFinite(loss) || escaped) this.status = 'diverged';
  }
}

/** ∇f at (x, y), by descent's autograd (for the map's arrows). */
export function gradientAt(landscape: Landscape, x: number, y: number): [number, number] {
  const g = d.tidy(() => (d.grad(landscape.f)(d.tensor([x, y])) as Tensor).toFloat32Array());
  return [g[0], g[1]];
}

/** The arrows at racer r's point at step `shown` (its latest if null): −∇f there and its last step. */
export function arrowsAt(r: Racer, landscape: Landscape, shown: number | null): Arrows | null {
  const t = Math.min(r.steps, shown ?? Infinity);
  const x = r.xs[t];
  const y = r.ys[t];
  if (!(Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) < DIVERGE_LIMIT && Math.abs(y) < DIVERGE_LIMIT)) return null;
  const [gx, gy] = gradientAt(landscape, x, y);
  return { x, y, gx, gy, vx: t > 0 ? x - r.xs[t - 1] : 0, vy: t > 0 ? y - r.ys[t - 1] : 0 };
}

/** The longest a slice of race steps may run before the page gets the thread back. */
export const SLICE_MS = 4;

/** Takes rounds of steps (every live racer one step) until `budget` rounds or SLICE_MS; true when the race is over. */
export function computeSlice(racers: Racer[], steps: number, budget: number): boolean {
  const began = performance.now();
  for (let k = 0; k < budget && performance.now() - began < SLICE_MS; k++) {
    const live = racers.filter((r) => r.status === 'running' && r.steps < steps);
    if (live.length === 0) break;
    for (const r of live) r.step();
  }
  return racers.every((r) => r.status !== 'running' || r.steps >= steps);
}
