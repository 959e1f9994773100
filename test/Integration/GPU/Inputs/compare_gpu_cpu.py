#!/usr/bin/env python3
"""Runs fp8.scaled_matmul (and quantize / dequantize) with fp8-run on the GPU
(--device cuda) and on the CPU reference (--device cpu) for every scale
granularity and chunk size, and checks that they agree within the bound of
docs/Spec.md section 7 (the GPU sums each chunk in another order, with the
tensor core's accumulator). With --precision it runs the accumulation
experiment instead: K up to 16384, no promotion vs promotion every 128,
relative error against an f64 reference.

Usage: compare_gpu_cpu.py FP8_RUN WORKDIR [--chip sm_90a] [--precision]
Exits 0 and prints SKIP when fp8-run reports no GPU."""

import argparse
import os
import subprocess
import sys

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("fp8_run")
parser.add_argument("workdir")
parser.add_argument("--chip", default="sm_90a")
parser.add_argument("--precision", action="store_true")
args = parser.parse_args()
os.makedirs(args.workdir, exist_ok=True)
rng = np.random.default_rng(0)

E4M3_MAX = 448.0


def quantize_e4m3(x):
    """Rounds to E4M3FN values (as float32) with NumPy, saturating."""
    x = np.clip(x, -E4M3_MAX, E4M3_MAX).astype(np.float32)
    mant, exp = np.frexp(x)
    exp = np.maximum(exp, -5)  # subnormals below 2^-6
    scale = np.ldexp(1.0, exp - 4)
    return (np.round(x / scale) * scale).astype(np.float32)


def module(m, n, k, sa_shape, sb_shape, chunk):
    sa = "x".join(map(str, sa_shape))
    sb = "x".join(map(str, sb_shape))
    return f"""
func.func @mm(%a32: tensor<{m}x{k}xf32>, %b32: tensor<{n}x{k}xf32>,
              %sa: tensor<{sa}xf32>, %sb: tensor<{sb}xf32>) -> tensor<{m}x{n}xf32> {{
  %one = arith.constant dense<1.0> : tensor<f32>
  %ea = tensor.empty() : tensor<{m}x{k}xf8E4M3FN>
  %a = fp8.quantize %a32, %one into %ea : tensor<{m}x{k}xf32>, tensor<f32> into tensor<{m}x{k}xf8E4M3FN>
  %eb = tensor.empty() : tensor<{n}x{k}xf8E4M3FN>
  %b = fp8.quantize %b32, %one into %eb : tensor<{n}x{k}xf32>, tensor<f32> into tensor<{n}x{k}xf8E4M3FN>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{m}x{n}xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %c = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %init
      {{b_layout = #fp8.layout<nk>, chunk = {chunk}}}
      : tensor<{m}x{k}xf8E4M3FN>, tensor<{n}x{k}xf8E4M3FN>, tensor<{sa}xf32>, tensor<{sb}xf32> into tensor<{m}x{n}xf32>
  return %c : tensor<{m}x{n}xf32>
}}
"""


def run(name, text, inputs, device):
    path = os.path.join(args.workdir, name + ".mlir")
    with open(path, "w") as f:
        f.write(text)
    out = os.path.join(args.workdir, name + "-" + device)
    command = [args.fp8_run, path, "--entry", "mm", "--output-dir", out,
               "--device", device]
    if device == "cuda":
        command += ["--chip", args.chip]
    for i, array in enumerate(inputs):
        p = os.path.join(args.workdir, "%s-in%d.npy" % (name, i))
        np.save(p, array)
        command += ["--input", p]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        if "no NVIDIA GPU" in result.stderr or "cannot load" in result.stderr:
            print("SKIP: " + result.stderr.strip())
            sys.exit(0)
        sys.exit("fp8-run failed: %s\n%s" % (" ".join(command), result.stderr))
    files = sorted(f for f in os.listdir(out) if f.endswith(".npy"))
    return np.load(os.path.join(out, files[0]))


def case(m, n, k, granularity, chunk):
    a = rng.standard_normal((m, k)).astype(np.float32) * 4
    b = rng.standard_normal((n, k)).astype(np.float32) * 4
    if granularity == "tensor":
        sa_shape, sb_shape = (1, 1), (1, 1)
    elif granularity == "channel":
        sa_shape, sb_shape = (m, 1), (n, 1)
    else:  # DeepGEMM: 1x128 activations, 128x128 weights
        sa_shape, sb_shape = (m, k // 128), (n // 128, k // 128)
    sa = rng.uniform(0.5, 2.0, sa_shape).astype(np.float32)
    sb = rng.uniform(0.5, 2.0, sb_shape).astype(np.float32)
    return a, b, sa, sb, sa_shape, sb_shape


if args.precision:
    # Accumulation precision: relative error at growing K, promotion every
    # 128 vs never (chunk 0 with per-tensor scales: one chunk of all of K).
    print("%6s %16s %16s" % ("K", "err(no promo)", "err(promo 128)"))
    for k in [1024, 4096, 16384]:
        a, b, sa, sb, sas, sbs = case(128, 128, k, "tensor", 128)
        exact = (quantize_e4m3(a).astype(np.float64) @
                 quantize_e4m3(b).astype(np.float64).T) * sa[0, 0] * sb[0, 0]
        errors = []
        for chunk in [0, 128]:
            got = run("prec-k%d-c%d" % (k, chunk),
                      module(128, 128, k, sas, sbs, chunk), [a, b, sa, sb],
                      "cuda")
            errors.append(np.linalg.norm(got - exact) / np.linalg.norm(exact))
        print("%6d %16.3e %16.3e" % (k, errors[0], errors[1]))
    sys.exit(0)

failures = 0
for granularity in ["tensor", "channel", "block"]:
    for chunk in [0, 32, 64, 128]:
        m, n, k = 128, 256, 512
        a, b, sa, sb, sas, sbs = case(m, n, k, granularity, chunk)
        text = module(m, n, k, sas, sbs, chunk)
        name = "mm-%s-c%d" % (granularity, chunk)
        gpu = run(name, text, [a, b, sa, sb], "cuda")
        cpu = run(name, text, [a, b, sa, sb], "cpu")
        # Spec section 7: f32 chunk sums in another order differ by at most
        # a few ulps of the sum of |products| per chunk.
        bound = 1e-5 * (np.abs(quantize_e4m3(a)) @ np.abs(quantize_e4m3(b)).T
                        * sa.max() * sb.max()) + 1e-6
        ok = np.all(np.abs(gpu - cpu) <= bound)
        print("%-22s max|gpu-cpu| = %.3e  %s" % (name, np.abs(gpu - cpu).max(),
                                               "ok" if ok else "FAIL"))
        failures += not ok
sys.exit(1 if failures else 0)
