// The test landscapes of the playground: descent's d.optimize.functions, each a function of
// points [..., 2] returning one value per point. The heat map evaluates a whole grid
// [rows, cols, 2] in one call; the optimizers minimise the same function at a point p of
// shape [2]. What is added here is presentation: the view, the shading, a start point.
import * as d from 'descent-ml';

type Tensor = d.Tensor;

export interface View {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface Landscape {
  id: string;
  name: string;
  /** The formula as shown under the map. */
  formula: string;
  /** What to look for on this landscape. */
  about: string;
  view: View;
  /** Known global minima (drawn as markers). */
  minima: [number, number][];
  /** The known minimum value, or null where the function is unbounded below. */
  fStar: number | null;
  /** How the heat map compresses values: log(1 + (f − min)/scale), or linear. */
  shading: { kind: 'log'; scale: number } | { kind: 'linear' };
  start: [number, number];
  /** Gradient noise: each step adds ξₜ·p with ξₜ ~ N(0, σ²) from the seeded generator. */
  noise?: { sigma: number; seed: number };
  /** f at points [..., 2]: a scalar for p of shape [2], a grid of values for a grid. */
  f: (points: Tensor) => Tensor;
}

const functions = d.optimize.functions;

const CONDITION = 25;
const NOISY_CONDITION = 4;

export const LANDSCAPES: Landscape[] = [
  {
    id: 'rosenbrock',
    name: 'Rosenbrock',
    formula: 'f(x, y) = (1 − x)² + 100 (y − x²)²  ·  minimum 0 at (1, 1), at the end of a long curved valley',
    about: 'The minimum lies at the end of a long, flat, curved valley. Reaching the valley is easy; following it is hard: plain SGD zigzags across it and then crawls along it, momentum builds up speed along the valley floor, and adaptive methods rescale each coordinate.',
    view: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
    minima: [[1, 1]],
    fStar: 0,
    shading: { kind: 'log', scale: 1 },
    start: [-1.2, 1],
    f: functions.rosenbrock,
  },
  {
    id: 'beale',
    name: 'Beale',
    formula: 'f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²  ·  minimum 0 at (3, 0.5)',
    about: 'Flat plateaus next to steep walls: the gradient\'s size varies over orders of magnitude, so one learning rate is timid on the plateau and reckless near the walls.',
    view: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
    minima: [[3, 0.5]],
    fStar: 0,
    shading: { kind: 'log', scale: 1 },
    start: [1, 1],
    f: functions.beale,
  },
  {
    id: 'himmelblau',
    name: 'Himmelblau',
    formula: 'f(x, y) = (x² + y − 11)² + (x + y² − 7)²  ·  four minima, all 0',
    about: 'Four minima, all equally deep. Which one an optimizer ends in depends on where it starts and how it moves: click different start points.',
    view: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
    minima: [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]],
    fStar: 0,
    shading: { kind: 'log', scale: 1 },
    start: [0, -0.5],
    f: functions.himmelblau,
  },
  {
    id: 'rastrigin',
    name: 'Rastrigin',
    formula: 'f(x, y) = 20 + x² + y² − 10 (cos 2πx + cos 2πy)  ·  minimum 0 at (0, 0), many local minima',
    about: 'A bowl covered in a regular grid of local minima. Gradient methods settle into the nearest dimple; momentum sometimes rolls over a ridge or two.',
    view: { xMin: -5.12, xMax: 5.12, yMin: -5.12, yMax: 5.12 },
    minima: [[0, 0]],
    fStar: 0,
    shading: { kind: 'linear' },
    start: [-4.5, 0.4],
    f: functions.rastrigin,
  },
  {
    id: 'saddle',
    name: 'Saddle point',
    formula: 'f(x, y) = x² − y²  ·  a saddle at (0, 0), unbounded below along y',
    about: 'At (0, 0) the gradient vanishes, but it is not a minimum. Starting almost on the ridge (y ≈ 0), plain SGD lingers by the saddle; momentum and adaptive methods escape sooner. There is no minimum: whatever escapes keeps going down.',
    view: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
    minima: [],
    fStar: null,
    shading: { kind: 'linear' },
    start: [-1.8, 0.01],
    f: functions.saddle,
  },
  {
    id: 'quadratic',
    name: 'Ill-conditioned quadratic',
    formula: `f(x, y) = ½ (x² + ${CONDITION} y²)  ·  condition number ${CONDITION}, minimum 0 at (0, 0)`,
    about: 'A narrow elliptical bowl, 25 times steeper along y than along x. SGD\'s learning rate is capped by the steep direction (lr < 2/25), so it creeps along the shallow one; momentum and per-coordinate scaling help.',
    view: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
    minima: [[0, 0]],
    fStar: 0,
    shading: { kind: 'log', scale: 0.05 },
    start: [-2.8, 1.5],
    f: functions.quadratic(CONDITION),
  },
  {
    id: 'noisy-quadratic',
    name: 'Noisy quadratic',
    formula: `f(x, y) = ½ (x² + ${NOISY_CONDITION} y²); each step sees the gradient of f(p) + ξₜ·p, ξₜ ~ N(0, 1) seeded`,
    about: 'Every step sees the gradient plus seeded Gaussian noise, as with minibatches; every optimizer gets the same noise. SGD jitters around the minimum at a distance set by its learning rate, and so does Adam.',
    view: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
    minima: [[0, 0]],
    fStar: 0,
    shading: { kind: 'log', scale: 0.05 },
    start: [-2.5, 2.2],
    noise: { sigma: 1, seed: 7 },
    f: functions.quadratic(NOISY_CONDITION),
  },
];

export function landscapeById(id: string): Landscape {
  const found = LANDSCAPES.find((l) => l.id === id);
  if (!found) throw new RangeError(`playground: unknown landscape "${id}"`);
  return found;
}
