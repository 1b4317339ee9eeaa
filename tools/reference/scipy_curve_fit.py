#!/usr/bin/python3
"""Writes test/fixtures/scipy_curve_fit.mjs: SciPy's CG on the curve_fit example of SciPy's docs.

Run with Debian's python3-scipy:  /usr/bin/python3 tools/reference/scipy_curve_fit.py

The example (scipy.optimize.curve_fit's docstring): y = a·exp(−b·x) + c with a, b, c = 2.5, 1.3,
0.5 on 50 points of [0, 4], plus 0.2·N(0, 1) noise (here from default_rng(seed), seeds 0–2; the
docs leave it unseeded). The points are rounded to float32 (what descent computes with), and
SciPy minimises the same sum of squared residuals, in float64, from (1, 1, 1) with method='CG'
(its default gtol 1e-5 and its exact gradient). curve_fit's own least-squares answer is written
too: it is the same minimiser.
"""
import os

import numpy as np
import scipy
from scipy.optimize import curve_fit, minimize

from fixture import write_fixture

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'scipy_curve_fit.mjs')


def model(x, a, b, c):
    return a * np.exp(-b * x) + c


def case(seed):
    x = np.linspace(0, 4, 50).astype(np.float32).astype(np.float64)
    y = model(x, 2.5, 1.3, 0.5) + 0.2 * np.random.default_rng(seed).normal(size=x.size)
    y = y.astype(np.float32).astype(np.float64)

    def f(p):
        r = model(x, *p) - y
        return float(r @ r)

    def g(p):
        a, b, c = p
        e = np.exp(-b * x)
        r = a * e + c - y
        return np.array([2 * r @ e, 2 * r @ (-a * x * e), 2 * r.sum()])

    r = minimize(f, np.ones(3), jac=g, method='CG')
    popt, _ = curve_fit(model, x, y)
    return {'seed': seed, 'x': x.tolist(), 'y': y.tolist(), 'x0': [1.0, 1.0, 1.0],
            'cg': {'x': r.x.tolist(), 'fun': float(r.fun), 'nit': int(r.nit), 'nfev': int(r.nfev),
                   'success': bool(r.success)},
            'curveFit': popt.tolist()}


def main():
    write_fixture(OUT, 'scipy_curve_fit.py', scipy.__version__, {'scipy': scipy.__version__, 'cases': [case(s) for s in range(3)]},
                  source='SciPy')


if __name__ == '__main__':
    main()
