// SciPy's curve_fit example as a minimisation (fixture: tools/reference/scipy_curve_fit.py):
// the sum of squared residuals of a·exp(−b·x) + c over the case's noisy points, as a function
// of p = [a, b, c]. Shared by test/optimize/optimize-curve-fit.test.mjs and `npm run figures`.

/** f(p) for one case; the data tensors are kept (dispose them with `release`). */
export function curveFitObjective(d, c) {
  const x = d.keep(d.tensor(c.x));
  const y = d.keep(d.tensor(c.y));
  const f = (p) => {
    const [a, b, offset] = [0, 1, 2].map((i) => p.slice([i], [1]));
    const r = a.mul(x.mul(b).neg().exp()).add(offset).sub(y);
    return r.mul(r).sum();
  };
  return { f, release: () => { x.dispose(); y.dispose(); } };
}
