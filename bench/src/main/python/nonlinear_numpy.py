#!/usr/bin/env python3
"""P1's numpy twin: the tutorial's nonlinear loop, hand-written in float64 numpy.

MLP 2-16-16-2 ELU, Euler steps (ceil(dt / 0.05) equal steps per interval), mean squared error,
backpropagation through the Euler steps written by hand, Adam (lr 1e-3, the library's update).
Reads the experiment written by the bench's Tutorial (same data, windows and initial parameters
as every other implementation) and prints one line
RESULT {"impl":"numpy","seconds":..,"steps":..,"final_loss":..}.

Usage: nonlinear_numpy.py DATA_FILE ITERATIONS
"""
import json
import math
import sys
import time

import numpy as np

STEP = 0.05
LR = 1e-3


def steps_over(span):
    q = span / STEP
    k = max(1, math.ceil(q))
    if k > 1 and q <= (k - 1) * (1.0 + 1e-12):
        k -= 1
    return k


def read(path):
    t, obs, params, windows = None, [], [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts[0] == "t":
                t = np.array([float(v) for v in parts[1:]])
            elif parts[0] == "obs":
                obs.append([float(parts[1]), float(parts[2])])
            elif parts[0] == "param":
                rows, cols = int(parts[1]), int(parts[2])
                v = np.array([float(x) for x in parts[3:]])
                params.append(v.reshape(rows, cols) if cols else v)
            elif parts[0] == "window":
                windows.append([int(x) for x in parts[1:]])
    return t, np.array(obs), params, windows


def elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def main():
    t, obs, p, windows = read(sys.argv[1])
    iterations = int(sys.argv[2])
    windows = windows[:iterations]
    w1, b1, w2, b2, w3, b3 = p
    theta = [w1, b1, w2, b2, w3, b3]
    m = [np.zeros_like(x) for x in theta]
    v = [np.zeros_like(x) for x in theta]
    total_steps = 0
    last = float("nan")
    start = time.perf_counter()
    for it, idx in enumerate(windows, 1):
        w1, b1, w2, b2, w3, b3 = theta
        target = obs[idx]  # [n, 2]
        z = target[0:1].copy()  # [1, 2]
        tape = []  # (z, pre1, a1, pre2, a2, h) per step
        outputs = [z]
        for j in range(len(idx) - 1):
            span = t[idx[j + 1]] - t[idx[j]]
            n = steps_over(span)
            h = span / n
            for _ in range(n):
                pre1 = z @ w1.T + b1
                a1 = elu(pre1)
                pre2 = a1 @ w2.T + b2
                a2 = elu(pre2)
                f = a2 @ w3.T + b3
                tape.append((z, pre1, a1, pre2, a2, h))
                z = z + h * f
            outputs.append(z)
            total_steps += n
        pred = np.concatenate(outputs, axis=0)  # [n, 2]
        diff = pred - target
        last = float(np.mean(diff * diff))
        gout = 2.0 * diff / diff.size  # dL/dpred
        g = [np.zeros_like(x) for x in theta]
        a = gout[-1:].copy()  # adjoint of the current state
        out_i = len(outputs) - 1
        k = len(tape)
        for j in range(len(idx) - 2, -1, -1):
            span = t[idx[j + 1]] - t[idx[j]]
            n = steps_over(span)
            for _ in range(n):
                k -= 1
                zs, pre1, a1, pre2, a2, h = tape[k]
                gf = h * a  # [1, 2]
                g[4] += gf.T @ a2
                g[5] += gf[0]
                ga2 = gf @ w3
                gp2 = ga2 * np.where(pre2 > 0, 1.0, a2 + 1.0)
                g[2] += gp2.T @ a1
                g[3] += gp2[0]
                ga1 = gp2 @ w2
                gp1 = ga1 * np.where(pre1 > 0, 1.0, a1 + 1.0)
                g[0] += gp1.T @ zs
                g[1] += gp1[0]
                a = a + gp1 @ w1
            out_i -= 1
            a = a + gout[out_i:out_i + 1]
        bc1 = 1 - 0.9 ** it
        bc2 = math.sqrt(1 - 0.999 ** it)
        for i in range(len(theta)):
            m[i] += (1 - 0.9) * (g[i] - m[i])
            v[i] = 0.999 * v[i] + (1 - 0.999) * g[i] * g[i]
            theta[i] = theta[i] + (-(LR / bc1)) * (m[i] / (np.sqrt(v[i]) / bc2 + 1e-8))
    seconds = time.perf_counter() - start
    print("RESULT " + json.dumps({"impl": "numpy", "seconds": seconds, "steps": total_steps,
                                  "final_loss": last}))


if __name__ == "__main__":
    main()
