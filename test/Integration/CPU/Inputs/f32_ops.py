"""Inputs for, and the checks of, the f32 run tests in test/Integration/CPU
(f32-contractions.mlir, reductions.mlir): fp8-cpu-pipeline's vector code
for the ops a model keeps in f32, against NumPy in f64.

`inputs SUITE DIR`: seeded operands of every entry of SUITE. `check SUITE
DIR`: each result of the one-thread run (DIR/t1) within the bound of f32
rounding stated per suite, and the two-thread run (DIR/t2) equal to it bit
for bit.
"""
import sys
from pathlib import Path

import numpy as np


def matmul_bound(a, b, c, k):
    # Each output sums K products in k order with FMAs, then adds C.
    return k * 2.0**-23 * (np.abs(a) @ np.abs(b)) + np.abs(c) * 2.0**-24


def conv_nchw(x, w, c, stride=1):
    """c + conv2d(x, w), NCHW/FCHW, no padding, as the lowering computes it."""
    f, _, kh, kw = w.shape
    n, _, oh, ow = c.shape
    out = c.copy()
    for i in range(kh):
        for j in range(kw):
            window = x[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
            out += np.einsum("nchw,fc->nfhw", window, w[:, :, i, j])
    return out


def to_nhwc(x):
    return x.transpose(0, 2, 3, 1)


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def layer_norm(x):
    mean = x.mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(((x - mean) ** 2).mean(axis=-1, keepdims=True) + 1e-5)


# entry -> (operand shapes, f64 result, bound of |error|)
SUITES = {
    "contractions": {
        "matmul": ([(130, 200), (200, 70), (130, 70)], lambda a, b, c: c + a @ b,
                   lambda a, b, c: matmul_bound(a, b, c, 200)),
        "transposed": ([(64, 20), (40, 64), (20, 40)], lambda a, b, c: c + a.T @ b.T,
                       lambda a, b, c: matmul_bound(a.T, b.T, c, 64)),
        "gemv": ([(1, 300), (300, 64), (1, 64)], lambda a, b, c: c + a @ b,
                 lambda a, b, c: matmul_bound(a, b, c, 300)),
        "batch_matmul": ([(3, 20, 64), (3, 64, 40), (3, 20, 40)], lambda a, b, c: c + a @ b,
                         lambda a, b, c: matmul_bound(a, b, c, 64)),
        "linear3d": ([(2, 9, 32), (32, 24), (2, 9, 24)], lambda a, b, c: c + a @ b,
                     lambda a, b, c: matmul_bound(a, b, c, 32)),
        "cache_blocked": ([(100, 1500), (1500, 40), (100, 40)], lambda a, b, c: c + a @ b,
                          lambda a, b, c: matmul_bound(a, b, c, 1500)),
        # Convolutions: upstream's im2col, then the kernel (K = C * 3 * 3).
        "conv_nchw": ([(1, 16, 10, 10), (8, 16, 3, 3), (1, 8, 8, 8)], conv_nchw,
                      lambda x, w, c: conv_nchw(np.abs(x), np.abs(w), np.abs(c)) * 144 * 2.0**-23),
        "conv_nchw_images": ([(3, 16, 10, 10), (8, 16, 3, 3), (3, 8, 8, 8)], conv_nchw,
                             lambda x, w, c: conv_nchw(np.abs(x), np.abs(w), np.abs(c))
                             * 144 * 2.0**-23),
        "conv_nhwc": ([(2, 10, 10, 16), (3, 3, 16, 8), (2, 4, 4, 8)],
                      lambda x, w, c: to_nhwc(conv_nchw(x.transpose(0, 3, 1, 2),
                                                        w.transpose(3, 2, 0, 1),
                                                        c.transpose(0, 3, 1, 2), 2)),
                      lambda x, w, c: to_nhwc(conv_nchw(np.abs(x).transpose(0, 3, 1, 2),
                                                        np.abs(w).transpose(3, 2, 0, 1),
                                                        np.abs(c).transpose(0, 3, 1, 2), 2))
                      * 144 * 2.0**-23),
    },
    "reductions": {
        # A few ulps of the result: exp and the division round once each,
        # the sums of 64 to 768 terms reassociate.
        "softmax": ([(3, 5, 64)], softmax, lambda x: 64 * 2.0**-22 * softmax(x)),
        "layer_norm": ([(128, 768)], layer_norm,
                       lambda x: 768 * 2.0**-22 * (np.abs(layer_norm(x)) + 1)),
        "row_max": ([(33, 40)], lambda x: x.max(axis=-1), lambda x: 0 * x.max(axis=-1)),
        # tanh as fp8-approximate-math's polynomial.
        "gelu": ([(16, 64)], gelu, lambda x: 2.0**-19 * (np.abs(gelu(x)) + np.abs(x))),
    },
}


def inputs(suite, directory):
    rng = np.random.default_rng(7)
    for entry, (shapes, _, _) in SUITES[suite].items():
        for i, shape in enumerate(shapes):
            np.save(directory / f"{entry}_{i}.npy",
                    rng.standard_normal(shape).astype(np.float32))


def check(suite, directory):
    for entry, (shapes, reference, bound) in SUITES[suite].items():
        operands = [np.load(directory / f"{entry}_{i}.npy").astype(np.float64)
                    for i in range(len(shapes))]
        one = np.load(directory / "t1" / f"{entry}_result0.npy")
        two = np.load(directory / "t2" / f"{entry}_result0.npy")
        error = np.abs(one.astype(np.float64) - reference(*operands))
        within = bool((error <= bound(*operands)).all())
        print(f"{entry}: shape {one.shape}, within bound {within}, "
              f"threads identical {np.array_equal(one, two)}")


if __name__ == "__main__":
    {"inputs": inputs, "check": check}[sys.argv[1]](sys.argv[2], Path(sys.argv[3]))
