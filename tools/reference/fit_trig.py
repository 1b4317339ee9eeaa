#!/usr/bin/python3
"""Fits the sin/cos polynomials used by assembly/trig.ts on the reduced range [-pi/4, pi/4].

sin r = r + r^3 * P(r^2)      (error weighted relative to sin r)
cos r = 1 - r^2/2 + r^4 * Q(r^2)
P and Q have three coefficients each. The fit is minimax in the weighted error, found with
Lawson's iteratively reweighted least squares on a dense grid, then rounded to float32.
Run: /usr/bin/python3 tools/reference/fit_trig.py   (prints the coefficients to paste)
"""
import numpy as np


def lawson(basis, target, weight, iterations=400):
    w = np.full(len(target), 1.0 / len(target))
    for _ in range(iterations):
        sw = np.sqrt(w)
        coef, *_ = np.linalg.lstsq(basis * sw[:, None] * weight[:, None], target * sw * weight, rcond=None)
        err = np.abs((basis @ coef - target) * weight)
        w = w * err
        w /= w.sum()
    return coef


r = np.linspace(1e-4, np.pi / 4, 20000)
s = r * r
# sin: fit (sin r - r) / r^3 with weight r^3 / sin r (relative error of sin)
sin_basis = np.stack([np.ones_like(s), s, s * s], axis=1)
p = lawson(sin_basis, (np.sin(r) - r) / r**3, r**3 / np.sin(r))
# cos: fit (cos r - 1 + r^2/2) / r^4 with weight r^4 (absolute error; cos >= 0.7 here)
q = lawson(sin_basis, (np.cos(r) - 1 + s / 2) / s**2, s**2)

p32 = p.astype(np.float32)
q32 = q.astype(np.float32)
sin_fit = r + r**3 * (sin_basis @ p32.astype(np.float64))
cos_fit = 1 - s / 2 + s**2 * (sin_basis @ q32.astype(np.float64))
print('sin P:', ', '.join(repr(float(c)) for c in p32), ' max rel err', np.max(np.abs(sin_fit / np.sin(r) - 1)))
print('cos Q:', ', '.join(repr(float(c)) for c in q32), ' max abs err', np.max(np.abs(cos_fit - np.cos(r))))
