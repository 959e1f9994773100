#!/usr/bin/env python3
"""Checks fp8-run's output of int8-baseline.mlir against numpy's INT8 fake quantization.

usage: int8_reference.py X.npy Y.npy ACTIVATION_AMAX

Same model as int8-baseline.mlir: y = fq(x, amax / 127) @ fq_rows(W)^T with symmetric INT8
(round half to even, clamp to [-127, 127]); W's scales are per row (output channel). Prints the
largest difference; the two must agree to float32 rounding of the matmul.
"""
import sys

import numpy as np

W = np.array([[1.27, -0.5, 0.25, 0.0, 0.125, -1.0, 0.5, 1.0],
              [2.54, 1.0, -2.0, 0.5, 0.0, 0.0, 1.5, -2.5],
              [-12.7, 3.0, 1.0, 0.0, 6.0, -6.0, 2.0, 0.1]], dtype=np.float32)


def fake_quantize(x, scale):
    return np.clip(np.round(x / scale), -127, 127).astype(np.float32) * scale


x, y = np.load(sys.argv[1]), np.load(sys.argv[2])
scale_x = np.float32(float(sys.argv[3]) / 127)
scale_w = (np.max(np.abs(W), axis=1, keepdims=True) / np.float32(127)).astype(np.float32)
expected = fake_quantize(x, scale_x).astype(np.float64) @ fake_quantize(W, scale_w).T.astype(np.float64)
error = np.max(np.abs(y - expected))
print(f"max |fp8-run - numpy| = {error:.3g}")
match = error <= 1e-5 * max(1.0, np.max(np.abs(expected)))
print("MATCH" if match else "MISMATCH")
sys.exit(0 if match else 1)
