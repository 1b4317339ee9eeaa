// Linear regression from scratch with plain gradient descent: fit a slope and an intercept to
// noisy points on the line y = 3x + 2 with nothing but tensors, d.valueAndGrad and the update
// θ ← θ − η·∂L/∂θ written out by hand (no optimizer object), then check the answer against the
// closed-form least-squares line.
//
//   node examples/linear-regression-from-scratch.mjs
import * as d from 'descent-ml';

// 100 points with x in [0, 1) and y = 3x + 2 + noise (σ = 0.1), from the seeded generator.
const x = d.rand([100], { seed: 1 });
const y = d.tidy(() => x.mul(3).add(2).add(d.randn([100], { seed: 2 }).mul(0.1)));

// The loss as a function of the parameters: mean squared error of the line's predictions.
const mse = (slope, intercept) => x.mul(slope).add(intercept).sub(y).square().mean();
const lossAndGradients = d.valueAndGrad(mse);

let slope = d.tensor(0);
let intercept = d.tensor(0);
const learningRate = 0.5;

for (let step = 0; step <= 400; step++) {
  const [nextSlope, nextIntercept, loss] = d.tidy(() => {
    const { value, grads: [dSlope, dIntercept] } = lossAndGradients(slope, intercept);
    // One step of gradient descent: move each parameter against its gradient.
    return [slope.sub(dSlope.mul(learningRate)), intercept.sub(dIntercept.mul(learningRate)), value.item()];
  });
  if (step % 50 === 0) {
    console.log(`step ${String(step).padStart(3)}   y = ${slope.item().toFixed(4)}·x + ${intercept.item().toFixed(4)}   loss ${loss.toFixed(5)}`);
  }
  slope.dispose();
  intercept.dispose();
  [slope, intercept] = [nextSlope, nextIntercept];
}

// The closed form: slope = cov(x, y) / var(x), intercept = mean(y) − slope·mean(x).
const xs = x.toFloat32Array();
const ys = y.toFloat32Array();
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const [mx, my] = [mean(xs), mean(ys)];
let cov = 0;
let variance = 0;
for (let i = 0; i < xs.length; i++) {
  cov += (xs[i] - mx) * (ys[i] - my);
  variance += (xs[i] - mx) * (xs[i] - mx);
}
console.log(`\ngradient descent: y = ${slope.item().toFixed(4)}·x + ${intercept.item().toFixed(4)}`);
console.log(`least squares:    y = ${(cov / variance).toFixed(4)}·x + ${(my - (cov / variance) * mx).toFixed(4)}`);
console.log('the points came from y = 3·x + 2 plus noise');
