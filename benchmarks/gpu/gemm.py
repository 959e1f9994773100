#!/usr/bin/python3
"""FP8 GEMM on an NVIDIA GPU: fp8-run --device cuda next to torch._scaled_mm
(cuBLASLt), in the same run, and the accumulation-precision experiment.

  benchmarks/gpu/gemm.py [--fp8-run build/bin/fp8-run] [--chip sm_90a]
                         [--workdir /tmp/fp8-gpu-bench] [--runs 10]
                         [--shapes 4096x4096x4096,...] [--precision]

Speed (default): for 4096^3 and the DeepGEMM shapes (M x N x K = 4096 x 7168
x 16384, 4096 x 4096 x 7168, 128 x 7168 x 16384), E4M3 A [M, K] and B [N, K]
(K-major, the layout wgmma and cuBLASLt's FP8 GEMM take), f32 output, with
per-tensor scales and DeepGEMM's 1x128 (A) / 128x128 (B) block scales, chunk
128. What is timed: the scaled-matmul kernel alone. fp8-run copies every
op's buffers to and from the device around its launch; with
FP8_CUDA_KERNEL_TIMING=1 the runtime (lib/Runtime/CudaRuntimeWrappers.cpp)
records CUDA events around each cuLaunchKernel and prints the kernel's time,
and this script takes the median over --runs calls (after fp8-run's
warm-up). torch._scaled_mm is timed with CUDA events around the call
(out_dtype float32, operands already on the device). TFLOP/s = 2 M N K / t.

Precision (--precision): K = 1024 .. 16384, all-positive E4M3 data (the case
where a short accumulator swamps), relative error max|C - ref| / max|ref|
against the exact (f64) sum of the decoded products, for: the GPU kernel
with no promotion (chunk 0: the tensor core's accumulator sums all of K),
with promotion every 128, an FP32-accumulated reference (NumPy f32 matmul),
and torch._scaled_mm with use_fast_accum True / False.

Exits 0 and prints SKIP when there is no NVIDIA GPU, no CUDA runtime in this
build, or fp8-run reports no device; says so when torch (with CUDA) is
missing and prints the fp8-mlir columns alone."""

import argparse
import os
import statistics
import subprocess
import sys

import numpy as np

DEFAULT_SHAPES = "4096x4096x4096,4096x7168x16384,4096x4096x7168,128x7168x16384"
E4M3_MAX = 448.0


def e4m3_table():
    """float32 value of every E4M3FN code (NaN at 0x7F / 0xFF)."""
    codes = np.arange(256)
    sign = np.where(codes & 0x80, -1.0, 1.0)
    exponent = (codes >> 3) & 0xF
    mantissa = codes & 0x7
    value = np.where(exponent == 0, mantissa / 8.0 * 2.0**-6,
                     (1 + mantissa / 8.0) * 2.0**(exponent - 7.0))
    value = sign * value
    value[(codes & 0x7F) == 0x7F] = np.nan
    return value.astype(np.float64)


TABLE = e4m3_table()


def random_codes(rng, shape, positive=False):
    """E4M3 codes of N(0, 1) samples (|N(0, 1)| when `positive`), rounded
    to the nearest E4M3 value."""
    x = rng.standard_normal(shape).astype(np.float32)
    if positive:
        x = np.abs(x)
    magnitudes = TABLE[:0x7F]  # codes 0x00..0x7E, increasing
    index = np.searchsorted(magnitudes, np.minimum(np.abs(x), E4M3_MAX))
    index = np.clip(index, 1, len(magnitudes) - 1)
    lower = magnitudes[index - 1]
    upper = magnitudes[index]
    index = np.where(np.abs(x) - lower < upper - np.abs(x), index - 1, index)
    return (index | np.where(x < 0, 0x80, 0)).astype(np.uint8)


def module(m, n, k, sa_shape, sb_shape, chunk):
    sa = "x".join(map(str, sa_shape)) + "x" if sa_shape else ""
    sb = "x".join(map(str, sb_shape)) + "x" if sb_shape else ""
    return f"""
func.func @gemm(%a: tensor<{m}x{k}xf8E4M3FN>, %b: tensor<{n}x{k}xf8E4M3FN>,
                %sa: tensor<{sa}f32>, %sb: tensor<{sb}f32>) -> tensor<{m}x{n}xf32> {{
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<{m}x{n}xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<{m}x{n}xf32>) -> tensor<{m}x{n}xf32>
  %c = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %init
      {{b_layout = #fp8.layout<nk>, chunk = {chunk}}}
      : tensor<{m}x{k}xf8E4M3FN>, tensor<{n}x{k}xf8E4M3FN>,
        tensor<{sa}f32>, tensor<{sb}f32> into tensor<{m}x{n}xf32>
  return %c : tensor<{m}x{n}xf32>
}}
"""


class Skip(Exception):
    pass


def run_fp8(args, name, text, inputs, runs, timing=True):
    """Runs @gemm; returns (median kernel ms or None, output array)."""
    directory = os.path.join(args.workdir, name)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "gemm.mlir")
    with open(path, "w") as f:
        f.write(text)
    command = [args.fp8_run, path, "--entry", "gemm", "--device", "cuda",
               "--chip", args.chip, "--output-dir", directory]
    for i, array in enumerate(inputs):
        npy = os.path.join(directory, f"in{i}.npy")
        np.save(npy, array)
        command += ["--input", npy]
    if runs:
        command += ["--benchmark", str(runs)]
    env = dict(os.environ, FP8_CUDA_KERNEL_TIMING="1" if timing else "0")
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        message = result.stderr.strip()
        if "--device cuda:" in message and any(
                reason in message for reason in
                ("no NVIDIA GPU", "no CUDA runtime", "cannot load")):
            raise Skip(message)
        raise RuntimeError(f"fp8-run failed for {name}: {message}")
    times = [float(line.split()[2]) for line in result.stderr.splitlines()
             if line.startswith("fp8-cuda-kernel ")]
    output = np.load(os.path.join(directory, "gemm_result0.npy"))
    # One kernel per call: the scaled matmul (the inputs are already FP8).
    median = statistics.median(times[-runs:]) if runs and times else None
    return median, output


def load_torch():
    try:
        import torch
    except ImportError:
        return None, "torch is not installed: no cuBLASLt column"
    if not torch.cuda.is_available():
        return None, "torch has no CUDA device: no cuBLASLt column"
    if not hasattr(torch, "_scaled_mm"):
        return None, "this torch has no torch._scaled_mm: no cuBLASLt column"
    return torch, None


def torch_operands(torch, a_codes, b_codes):
    a = torch.from_numpy(a_codes).cuda().view(torch.float8_e4m3fn)
    b = torch.from_numpy(b_codes).cuda().view(torch.float8_e4m3fn)
    return a, b.t()  # [K, N] column-major: what _scaled_mm wants


def time_torch(torch, call, runs):
    for _ in range(3):
        call()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        start = torch.cuda.Event(enable_timing=True)
        stop = torch.cuda.Event(enable_timing=True)
        start.record()
        call()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    return statistics.median(times)


def speed(args, torch, torch_note):
    rng = np.random.default_rng(0)
    print(f"# kernel time (median of {args.runs}), TFLOP/s = 2MNK/t; "
          f"chip {args.chip}; fp8-mlir: scaled-matmul kernel only "
          "(FP8_CUDA_KERNEL_TIMING), cuBLASLt: torch._scaled_mm")
    if torch_note:
        print(f"# {torch_note}")
    print(f"{'shape MxNxK':>18} {'scales':>7} {'fp8-mlir ms':>12} "
          f"{'TFLOP/s':>8} {'cuBLASLt ms':>12} {'TFLOP/s':>8} {'ratio':>6}")
    for shape in args.shapes.split(","):
        m, n, k = (int(x) for x in shape.split("x"))
        a = random_codes(rng, (m, k))
        b = random_codes(rng, (n, k))
        flops = 2.0 * m * n * k
        for granularity in ("tensor", "block"):
            if granularity == "tensor":
                sa_shape, sb_shape = (), ()
            else:
                sa_shape = (m, (k + 127) // 128)
                sb_shape = ((n + 127) // 128, (k + 127) // 128)
            sa = rng.uniform(0.5, 2.0, sa_shape).astype(np.float32)
            sb = rng.uniform(0.5, 2.0, sb_shape).astype(np.float32)
            ms, _ = run_fp8(args, f"{shape}-{granularity}",
                            module(m, n, k, sa_shape, sb_shape, 128),
                            [a, b, sa, sb], args.runs)
            ours = f"{ms:12.3f} {flops / ms / 1e9:8.1f}" if ms else \
                f"{'n/a':>12} {'':>8}"
            theirs, ratio = f"{'not run':>12} {'':>8}", ""
            if torch:
                try:
                    ta, tb = torch_operands(torch, a, b)
                    if granularity == "tensor":
                        tsa = torch.tensor(float(sa), device="cuda")
                        tsb = torch.tensor(float(sb), device="cuda")
                    else:
                        # cuBLASLt's 1x128 / 128x128 block scaling (recent
                        # torch): A's scales [M, K/128] M-major, B's
                        # [K/128, N/128].
                        tsa = torch.from_numpy(sa).cuda().t().contiguous().t()
                        tsb = torch.from_numpy(sb).cuda().t()
                    call = lambda: torch._scaled_mm(  # noqa: E731
                        ta, tb, scale_a=tsa, scale_b=tsb,
                        out_dtype=torch.float32)
                    tms = time_torch(torch, call, args.runs)
                    theirs = f"{tms:12.3f} {flops / tms / 1e9:8.1f}"
                    if ms:
                        ratio = f"{tms / ms:6.2f}"
                except Exception as error:  # noqa: BLE001
                    first = str(error).strip().splitlines()[0][:60]
                    theirs = f"{'n/a':>12} {'':>8}  ({first})"
            print(f"{shape:>18} {granularity:>7} {ours} {theirs} {ratio}",
                  flush=True)
    print("# ratio = cuBLASLt time / fp8-mlir time (1.0: as fast)")


def precision(args, torch, torch_note):
    rng = np.random.default_rng(1)
    m = n = 128
    print("# relative error max|C - ref| / max|ref| against the exact sum "
          f"(f64) of decoded E4M3 products, M = N = {m}, |N(0,1)| data")
    if torch_note:
        print(f"# {torch_note}")
    print(f"{'K':>6} {'no promotion':>13} {'promote 128':>12} "
          f"{'fp32 numpy':>11} {'torch fast':>11} {'torch exact':>12}")
    for k in (1024, 4096, 16384):
        a = random_codes(rng, (m, k), positive=True)
        b = random_codes(rng, (n, k), positive=True)
        da, db = TABLE[a], TABLE[b]
        exact = da @ db.T
        scale = np.abs(exact).max()
        one = np.ones((), np.float32)

        def error(c):
            return np.abs(c.astype(np.float64) - exact).max() / scale

        columns = []
        for chunk in (0, 128):
            _, c = run_fp8(args, f"precision-{k}-{chunk}",
                           module(m, n, k, (), (), chunk), [a, b, one, one],
                           runs=0, timing=False)
            columns.append(f"{error(c):.2e}")
        columns.append(f"{error(da.astype(np.float32) @ db.T.astype(np.float32)):.2e}")
        for fast in (True, False):
            if not torch:
                columns.append("not run")
                continue
            ta, tb = torch_operands(torch, a, b)
            s = torch.tensor(1.0, device="cuda")
            c = torch._scaled_mm(ta, tb, scale_a=s, scale_b=s,
                                 out_dtype=torch.float32, use_fast_accum=fast)
            columns.append(f"{error(c.cpu().numpy()):.2e}")
        print(f"{k:>6} {columns[0]:>13} {columns[1]:>12} {columns[2]:>11} "
              f"{columns[3]:>11} {columns[4]:>12}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fp8-run", default="build/bin/fp8-run")
    parser.add_argument("--chip", default="sm_90a")
    parser.add_argument("--workdir", default="/tmp/fp8-gpu-bench")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--shapes", default=DEFAULT_SHAPES)
    parser.add_argument("--precision", action="store_true")
    args = parser.parse_args()
    if not os.path.exists("/dev/nvidia0"):
        print("SKIP: no NVIDIA GPU (/dev/nvidia0)")
        return 0
    os.makedirs(args.workdir, exist_ok=True)
    torch, torch_note = load_torch()
    try:
        if args.precision:
            precision(args, torch, torch_note)
        else:
            speed(args, torch, torch_note)
    except Skip as reason:
        print(f"SKIP: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
