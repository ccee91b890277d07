#!/usr/bin/env python3
"""How close can any smooth curve come to the Hudson Bay pelt series? (docs/fitting.md, issue 10)

Prints rmse / rmse_baseline (the RMSE over both columns against that of each column's mean, as
`neuralode fit` reports them) for curves fitted by least squares to the 91 rows:

1. one periodic shape (3 harmonics) with a fixed period: what a limit cycle of a 2-D autonomous
   ODE can draw at best;
2. the same shape along a slowly warped phase and with a slowly varying amplitude (low-order sine
   series in time): the best "cycle that drifts";
3. a free Fourier series over the 91 years with K harmonics per column (2K + 1 coefficients each),
   which need not repeat at all.

Needs numpy and scipy. Run from the repository: python3 docs/scripts/pelts_bounds.py [DATA_CSV]
"""
import sys

import numpy as np
from scipy.optimize import least_squares

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/hudson_bay_pelts_1845_1935.csv"
d = np.genfromtxt(path, delimiter=",", skip_header=1)
t, Y = d[:, 0], d[:, 1:]
base = np.sqrt(np.mean((Y - Y.mean(0)) ** 2))
tt = (t - t[0]) / (t[-1] - t[0])
H = 3  # harmonics of the periodic shape


def modulated(p, nk, nb):
    """Shape of H harmonics along phase ph0 + w tt + sum a_k sin(pi k tt), amplitude exp(sum b_k cos(pi k tt))."""
    w, ph0, a, b, c = p[0], p[1], p[2:2 + nk], p[2 + nk:2 + nk + nb], p[2 + nk + nb:].reshape(2 * H + 1, 2)
    phase = ph0 + w * tt + sum(a[k] * np.sin(np.pi * (k + 1) * tt) for k in range(nk))
    amp = np.exp(sum(b[k] * np.cos(np.pi * (k + 1) * tt) for k in range(nb))) if nb else np.ones_like(tt)
    cols = []
    for h in range(1, H + 1):
        cols += [np.sin(h * phase), np.cos(h * phase)]
    return c[0] + amp[:, None] * (np.array(cols).T @ c[1:])


def best_modulated(nk, nb, seed=0):
    rng = np.random.default_rng(seed)
    best = np.inf
    for cycles in np.linspace(8.5, 10.5, 9):  # 8.5 to 10.5 cycles over the 90 years
        for ph in (0.0, 2.0, 4.0):
            p0 = np.concatenate([[2 * np.pi * cycles, ph], np.zeros(nk + nb), rng.normal(0, 5, (2 * H + 1) * 2)])
            p0[2 + nk + nb:4 + nk + nb] = Y.mean(0)
            r = least_squares(lambda p: (modulated(p, nk, nb) - Y).ravel(), p0)
            best = min(best, np.sqrt(np.mean(r.fun ** 2)) / base)
    return best


print("fixed period, 3 harmonics (a limit cycle):", round(best_modulated(0, 0), 3))
for nk, nb in [(4, 0), (8, 0), (4, 4), (8, 8)]:
    print(f"warped phase ({nk} terms), varying amplitude ({nb} terms):", round(best_modulated(nk, nb), 3))
span = t[-1] - t[0] + 1
for K in (6, 9, 10, 12, 16):
    cols = [np.ones_like(t)]
    for k in range(1, K + 1):
        cols += [np.sin(2 * np.pi * k * (t - t[0]) / span), np.cos(2 * np.pi * k * (t - t[0]) / span)]
    A = np.array(cols).T
    c, *_ = np.linalg.lstsq(A, Y, rcond=None)
    print(f"free Fourier series, K = {K} ({2 * K + 1} coefficients per column):",
          round(np.sqrt(np.mean((A @ c - Y) ** 2)) / base, 3))
