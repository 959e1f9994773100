"""Inputs and checks of ../conv.test.

  conv_check.py inputs DIR
      writes DIR/arg<i>.npy, the arguments of @all in conv-layouts.mlir:
      activations, filters and per output channel filter scales (seeded).
  conv_check.py compare FUSED UNFUSED
      FUSED, UNFUSED: directories of all_result<i>.npy. Prints one line per
      convolution: the largest difference between the fused FP8 convolution
      and the fake-quantized f32 one, relative to the largest |output|, and
      whether it is within the tolerance of its accumulation (f32: 1e-5;
      f16 chunks: 2e-2, f16 rounds each chunk sum to 11 bits).
"""
import sys

import numpy as np

NAMES = ["nhwc_hwcf", "nhwc_fhwc_stride2", "nchw_fchw_dilation2",
         "nchw_fchw_stride2", "nhwc_pad_after"]
TOLERANCE = [1e-5, 2e-2, 1e-5, 1e-5, 1e-5]


def inputs(directory):
    rng = np.random.default_rng(14)
    # (input shape, filter shape, output channel axis, format max / code cap)
    cases = [((2, 10, 10, 16), (3, 3, 16, 24), 3, 57344.0),
             ((1, 11, 11, 8), (16, 3, 3, 8), 0, 16.0),
             ((2, 16, 12, 12), (8, 16, 3, 3), 0, 448.0),
             ((1, 3, 9, 9), (8, 3, 3, 3), 0, 30.0),
             ((1, 8, 8, 16), (3, 3, 16, 8), 3, 448.0)]
    arg = 0
    for x_shape, w_shape, axis, cap in cases:
        x = rng.standard_normal(x_shape).astype(np.float32)
        w = (0.1 * rng.standard_normal(w_shape)).astype(np.float32)
        others = tuple(a for a in range(4) if a != axis)
        amax = np.abs(w).max(axis=others, keepdims=True)
        scale = (amax / cap).astype(np.float32)
        for value in (x, w, scale):
            np.save(f"{directory}/arg{arg}.npy", value)
            arg += 1


def compare(fused, unfused):
    for i, (name, tolerance) in enumerate(zip(NAMES, TOLERANCE)):
        a = np.load(f"{fused}/all_result{i}.npy").astype(np.float64)
        b = np.load(f"{unfused}/all_result{i}.npy").astype(np.float64)
        error = np.abs(a - b).max() / np.abs(b).max()
        verdict = "ok" if error <= tolerance else "TOO FAR"
        print(f"{name}: {verdict} (relative {error:.2e})")


if __name__ == "__main__":
    if sys.argv[1] == "inputs":
        inputs(sys.argv[2])
    else:
        compare(sys.argv[2], sys.argv[3])
