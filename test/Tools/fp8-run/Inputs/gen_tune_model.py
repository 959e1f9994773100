#!/usr/bin/python3
"""Writes the small model and data sets of tune.test into DIR.

  gen_tune_model.py DIR

DIR/mlp.mlir: @forward(x: 16x16) = fc3(relu(fc2(relu(fc1(x))))) with name
locations fc1, fc2, fc3; fc1's output has two channels 64x larger than the
rest (an outlier pattern whose range E4M3 per-tensor scales spread thin).
DIR/calib and DIR/eval: 4 samples each; DIR/labels.npy: one class per row of
the 4 x 16 evaluation rows (the float64 model's argmax). Seeded: the same
files every run.
"""

import os
import sys

import numpy as np


def dense(values):
    rows = ", ".join("[" + ", ".join(f"{v:.6e}" for v in row) + "]" for row in values)
    return f"dense<[{rows}]>"


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(7)
    w1 = rng.standard_normal((16, 32)) / 4
    w1[:, 3] *= 64
    w1[:, 17] *= 64
    w2 = rng.standard_normal((32, 32)) / 6
    w2[3, :] /= 64
    w2[17, :] /= 64
    w3 = rng.standard_normal((32, 4)) / 6
    weights = [w.astype(np.float32) for w in (w1, w2, w3)]
    shapes = [(16, 32), (32, 32), (32, 4)]

    lines = ["func.func @forward(%x: tensor<16x16xf32>) -> tensor<16x4xf32> {",
             "  %zero = arith.constant 0.0 : f32"]
    value = "%x"
    for i, (w, (k, n)) in enumerate(zip(weights, shapes), start=1):
        lines.append(f"  %w{i} = arith.constant {dense(w)} : tensor<{k}x{n}xf32>")
        lines.append(f"  %e{i} = tensor.empty() : tensor<16x{n}xf32>")
        lines.append(f"  %z{i} = linalg.fill ins(%zero : f32) outs(%e{i} : tensor<16x{n}xf32>) -> tensor<16x{n}xf32>")
        lines.append(f"  %y{i} = linalg.matmul ins({value}, %w{i} : tensor<16x{k}xf32>, tensor<{k}x{n}xf32>) "
                     f"outs(%z{i} : tensor<16x{n}xf32>) -> tensor<16x{n}xf32> loc(\"fc{i}\")")
        value = f"%y{i}"
        if i < 3:
            lines.append(f"  %r{i} = linalg.map {{ arith.maximumf }} ins({value}, %z{i} : tensor<16x{n}xf32>, "
                         f"tensor<16x{n}xf32>) outs(%e{i} : tensor<16x{n}xf32>)")
            value = f"%r{i}"
    lines += [f"  return {value} : tensor<16x4xf32>", "}"]
    with open(os.path.join(out, "mlp.mlir"), "w") as f:
        f.write("\n".join(lines) + "\n")

    labels = []
    for name in ("calib", "eval"):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for s in range(4):
            x = rng.standard_normal((16, 16)).astype(np.float32)
            np.save(os.path.join(out, name, f"sample_{s}.npy"), x)
            if name == "eval":
                h = x.astype(np.float64)
                for i, w in enumerate(weights):
                    h = h @ w
                    if i < 2:
                        h = np.maximum(h, 0)
                labels.append(np.argmax(h, axis=1))
    np.save(os.path.join(out, "labels.npy"), np.concatenate(labels).astype(np.int64))


if __name__ == "__main__":
    main()
