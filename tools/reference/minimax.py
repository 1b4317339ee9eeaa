#!/usr/bin/env python3
"""Derives the polynomial coefficients used by assembly/math/ (Remez exchange).

Each fit minimises max |w(x) * (f(x) - sum_j c_j * phi_j(x))| over an interval; the reference
function is evaluated with mpmath at 40 digits, the exchange runs in float64. Coefficients are
printed rounded to float32 (as they appear in assembly/math/) together with the weighted error of the
rounded polynomial evaluated exactly. Run: /usr/bin/python3 tools/reference/minimax.py
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40


def remez(f, phis, w, lo, hi, iters=30, grid=6000):
    n = len(phis)
    xs = np.array([float(lo + (hi - lo) * (1 - mp.cos(mp.pi * i / (grid - 1))) / 2) for i in range(grid)])
    fx = np.array([float(f(mp.mpf(x))) for x in xs])
    wx = np.array([float(w(mp.mpf(x))) for x in xs])
    basis = np.array([[p(x) for p in phis] for x in xs])
    # start from Chebyshev-like reference points
    ref = np.linspace(0, grid - 1 - grid // 50, n + 1).astype(int)  # not symmetric: odd bases
    c = None
    for _ in range(iters):
        a = np.zeros((n + 1, n + 1))
        a[:, :n] = basis[ref]
        a[:, n] = [(-1) ** i / wx[k] if wx[k] != 0 else 0 for i, k in enumerate(ref)]
        try:
            sol = np.linalg.solve(a, fx[ref])
        except np.linalg.LinAlgError:
            break  # the exchange has converged onto a degenerate reference: keep the last fit
        c = sol[:n]
        err = wx * (fx - basis @ c)
        # local extrema of the error curve, alternating in sign
        ext = [0] + [i for i in range(1, grid - 1)
                     if (err[i] - err[i - 1]) * (err[i + 1] - err[i]) <= 0] + [grid - 1]
        groups = []
        for i in ext:
            if groups and np.sign(err[groups[-1]]) == np.sign(err[i]):
                if abs(err[i]) > abs(err[groups[-1]]):
                    groups[-1] = i
            else:
                groups.append(i)
        while len(groups) > n + 1:  # drop the smaller end
            if abs(err[groups[0]]) < abs(err[groups[-1]]):
                groups.pop(0)
            else:
                groups.pop()
        if len(groups) < n + 1:
            break
        ref = np.array(groups)
    return c, xs, fx, wx, basis


def remez_rounded(f, phis, w, lo, hi):
    """Rounds the coefficients to float32 one at a time, lowest order first, refitting the rest
    each time so that they absorb the rounding of the ones already fixed."""
    fixed = []
    for k in range(len(phis)):
        def rest(x, fixed=tuple(fixed)):
            return f(x) - sum(mp.mpf(c) * phis[j](x) for j, c in enumerate(fixed))
        c, *_ = remez(rest, phis[k:], w, lo, hi)
        fixed.append(float(np.float32(c[0])))
    return np.array(fixed)


def remez_rounded_centred(f, phis, w, lo, hi):
    """For a basis (x - centre)^j: rounds the coefficients highest order first, refitting the
    lower ones (the constant term stays free, so the exchange stays well posed). The constant
    is returned exactly; the caller splits it into a float32 pair."""
    n = len(phis)
    fixed = {}
    for k in range(n - 1, -1, -1):
        def rest(x, fixed=dict(fixed)):
            return f(x) - sum(mp.mpf(c) * phis[j](x) for j, c in fixed.items())
        c, *_ = remez(rest, phis[:k + 1], w, lo, hi)
        fixed[k] = float(np.float32(c[k])) if k > 0 else float(c[0])
    return np.array([fixed[j] for j in range(n)])


def report(name, f, phis, w, lo, hi):
    c, xs, fx, wx, basis = remez(f, phis, w, lo, hi)
    c32 = remez_rounded(f, phis, w, lo, hi)
    err64 = np.max(np.abs(wx * (fx - basis @ c)))
    err32 = np.max(np.abs(wx * (fx - basis @ c32)))
    print(f"// {name} on [{lo:.9g}, {hi:.9g}]: weighted error {err64:.3g} (float32 coefficients {err32:.3g})")
    for i, v in enumerate(np.float32(c32)):
        print(f"const {name.upper()}_C{i}: f32 = {float(v)!r};")
    print()


def mono(k):
    return lambda x: x ** k


if __name__ == "__main__":
    import sys
    which = sys.argv[1:] or ["exp", "log", "tanh", "erf", "normal"]
    ln2 = mp.log(2)
    if "exp" in which:
        # e^r = 1 + r + r^2 P(r), relative error
        report("exp", lambda r: mp.expm1(r) - r, [mono(k) for k in range(2, 7)],
               lambda r: 1 / mp.exp(r), float(-ln2 / 2), float(ln2 / 2))
    if "log" in which:
        # log(1+f) = f - f^2/2 + s (f^2/2 + R(z)), s = f/(2+f), z = s^2; relative error ~ dR/2
        smax = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)

        def rz(z):
            if z == 0:
                return mp.mpf(0)
            s = mp.sqrt(z)
            return (2 * mp.atanh(s) - 2 * s) / s
        report("log", rz, [mono(k) for k in range(1, 5)],
               lambda z: mp.mpf(1) / 2 if z == 0 else mp.sqrt(z) / (2 * mp.atanh(mp.sqrt(z))), 0.0, float(smax ** 2))
    if "tanh" in which:
        report("tanh", lambda x: mp.tanh(x) - x, [mono(k) for k in range(3, 15, 2)],
               lambda x: 1 / mp.tanh(x), 1e-6, 0.55)
    if "erf" in which:
        # erf(x) = x + x P(x^2): the leading 2/sqrt(pi) - 1 keeps the rounding of c0 small
        report("erf", lambda x: mp.erf(x) - x, [mono(k) for k in range(1, 14, 2)],
               lambda x: 1 / mp.erf(x), 1e-6, 0.875)
    if "normal" in which:
        # The lower tail of the normal CDF: Phi(-u) = exp(-u^2/2 + G(u)), G(u) = log Phi(-u) + u^2/2,
        # in four pieces, each a polynomial in (u - centre) (absolute error of the exponent =
        # relative error of Phi). The constant is split: C0H, a multiple of 2^-20 (so that it adds
        # exactly to -u^2/2 - n ln2_hi), and C0L.
        def g(u):
            return mp.log(mp.ncdf(-u)) + u * u / 2
        # centres are dyadic (exact in float32), and u - centre is exact (Sterbenz) on each piece
        # piece 0 is so smooth that degree 6 suffices (its higher coefficients are printed as 0)
        pieces = [(0.6, 1.6, 1.0, 6), (1.6, 3.55, 2.375, 9), (3.55, 7.8, 5.625, 9), (7.8, 15.6, 11.75, 9)]
        for i, (lo, hi, centre, degree) in enumerate(pieces):
            phis = [(lambda k: (lambda x: (x - centre) ** k))(k) for k in range(degree + 1)]
            c, xs, fx, wx, basis = remez(g, phis, lambda u: 1, lo, hi)
            c32 = remez_rounded_centred(g, phis, lambda u: 1, lo, hi)
            err = np.max(np.abs(fx - basis @ c32))
            c0h = round(c32[0] * 2 ** 20) / 2 ** 20
            c0l = float(np.float32(c32[0] - c0h))
            print(f"// normal tail piece {i} on [{lo}, {hi}], centre {centre}: error {np.max(np.abs(fx - basis @ c)):.3g} "
                  f"(float32 coefficients {err:.3g})")
            print(f"const NT{i}_CENTRE: f32 = {centre!r};")
            print(f"const NT{i}_C0H: f32 = {c0h!r};")
            print(f"const NT{i}_C0L: f32 = {c0l!r};")
            for j in range(1, 10):
                v = float(np.float32(c32[j])) if j <= degree else 0.0
                print(f"const NT{i}_C{j}: f32 = {v!r};")
            print()
