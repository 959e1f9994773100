#!/usr/bin/python3
"""The swamping experiment of Wang et al. 2018 on the generated code.

FP8 (E4M3) dot products of length 2^6 ... 2^16 through fp8.scaled_matmul
compiled by fp8-cpu-pipeline and run by fp8-run: f16 accumulation without
promotion and with chunks of 16, 64 and 256 (each chunk summed in f16, then
promoted to f32), next to f32 accumulation. Operands are |N(0, 1)| rounded
to E4M3 (positive: the running sum only grows, the case where a narrow
accumulator stops absorbing small addends). Two errors, each the mean over
64 dot products of |y - r| / |r|:
- accumulation: r is the exact (f64) dot product of the E4M3 operands, so
  only the summation's rounding counts (f32 is exact for short sums: FP8
  products have at most 8 significant bits);
- end to end: r is the f64 dot product of the operands before rounding to
  E4M3, what a model sees: quantization error plus accumulation error.

usage: /usr/bin/python3 benchmarks/swamping.py [--build DIR] [--max-log2 16] [--check]
Prints a Markdown table (docs/Performance.md has the one of record). With
--check it also checks the two claims of docs/Performance.md and exits 1 if
one fails: chunk 64 keeps the end-to-end error within 2x of f32 at every
length, and f16 without chunks is swamped (10x the chunk-64 error) at the
longest length.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

COLUMNS = 64
CONFIGS = [("f32", "f32", 0), ("f16, no chunks", "f16", 0),
           ("f16, chunk 16", "f16", 16), ("f16, chunk 64", "f16", 64),
           ("f16, chunk 256", "f16", 256)]


def e4m3_values():
    """The value of every E4M3FN code (NaN for 0x7f and 0xff)."""
    codes = np.arange(256)
    sign = np.where(codes & 0x80, -1.0, 1.0)
    exponent = (codes >> 3) & 0xF
    mantissa = codes & 0x7
    value = np.where(exponent == 0, mantissa / 8.0 * 2.0**-6,
                     (1 + mantissa / 8.0) * 2.0**(exponent - 7.0))
    value = sign * value
    value[(codes & 0x7F) == 0x7F] = np.nan
    return value


def round_to_e4m3(x, values):
    """Nearest positive E4M3 code of x >= 0 (ties: the even code)."""
    codes = np.arange(0x7F)  # positive finite codes, increasing values
    grid = values[codes]
    upper = np.clip(np.searchsorted(grid, x), 1, len(grid) - 1)
    lower = upper - 1
    pick_upper = (grid[upper] - x < x - grid[lower]) | (
        (grid[upper] - x == x - grid[lower]) & (codes[upper] % 2 == 0))
    return np.where(pick_upper, codes[upper], codes[lower]).astype(np.uint8)


def module(k, acc, chunk):
    attributes = [f"acc_type = {acc}"] + ([f"chunk = {chunk}"] if chunk else [])
    return f"""func.func @dot(%a: tensor<1x{k}xf8E4M3FN>, %b: tensor<{k}x{COLUMNS}xf8E4M3FN>) -> tensor<1x{COLUMNS}xf32> {{
  %s = arith.constant dense<1.0> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<1x{COLUMNS}xf32>
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %z {{{", ".join(attributes)}}} : tensor<1x{k}xf8E4M3FN>, tensor<{k}x{COLUMNS}xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<1x{COLUMNS}xf32>
  return %r : tensor<1x{COLUMNS}xf32>
}}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--build", default=os.path.join(root, "build"))
    parser.add_argument("--max-log2", type=int, default=16)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    fp8_run = os.path.join(args.build, "bin", "fp8-run")
    values = e4m3_values()
    rng = np.random.default_rng(2018)
    work = tempfile.mkdtemp(prefix="fp8-swamping-")

    failures = []
    names = [name for name, _, _ in CONFIGS]
    print("| length | error | " + " | ".join(names) + " | chunk 64 / f32 |")
    print("|---" * (len(CONFIGS) + 3) + "|")
    for log2 in range(6, args.max_log2 + 1):
        k = 2**log2
        real_a = np.abs(rng.standard_normal((1, k)))
        real_b = np.abs(rng.standard_normal((k, COLUMNS)))
        a, b = round_to_e4m3(real_a, values), round_to_e4m3(real_b, values)
        np.save(os.path.join(work, "a.npy"), a)
        np.save(os.path.join(work, "b.npy"), b)
        references = {
            "accumulation": values[a].astype(np.float64) @ values[b].astype(np.float64),
            "end to end": real_a @ real_b}
        errors = {name: [] for name in references}
        for _, acc, chunk in CONFIGS:
            path = os.path.join(work, "dot.mlir")
            with open(path, "w") as f:
                f.write(module(k, acc, chunk))
            subprocess.run([fp8_run, path, "--input", os.path.join(work, "a.npy"),
                            "--input", os.path.join(work, "b.npy"),
                            "--output-dir", work, "--quiet"], check=True,
                           stdout=subprocess.DEVNULL)
            y = np.load(os.path.join(work, "dot_result0.npy")).astype(np.float64)
            for name, reference in references.items():
                errors[name].append(
                    float(np.mean(np.abs(y - reference) / np.abs(reference))))
        for name, row in errors.items():
            ratio = f"{row[3] / row[0]:.2f}" if row[0] > 0 else "-"
            print(f"| 2^{log2} | {name} | " + " | ".join(f"{e:.2e}" for e in row) +
                  f" | {ratio} |")
        sys.stdout.flush()
        end_to_end = errors["end to end"]
        if end_to_end[3] > 2 * end_to_end[0]:
            failures.append(f"2^{log2}: chunk 64 error {end_to_end[3]:.2e} > "
                            f"2 x f32 error {end_to_end[0]:.2e}")
    if end_to_end[1] < 10 * end_to_end[3]:
        failures.append(f"2^{args.max_log2}: no swamping without chunks "
                        f"({end_to_end[1]:.2e} vs {end_to_end[3]:.2e})")
    if args.check:
        for failure in failures:
            print("FAILED:", failure)
        if failures:
            sys.exit(1)
        print(f"checked: chunk 64 within 2x of f32 up to 2^{args.max_log2}; "
              "f16 without chunks swamped")


if __name__ == "__main__":
    main()
