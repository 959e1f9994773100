#!/usr/bin/env python3
"""Compares the tensor that printMemrefF32 printed (stdin) with a .npy file.

usage: compare_printed.py EXPECTED.npy --max-relative-error E

Prints "max |actual - expected| / max |expected| = X (bound E)" and exits 1
when X > E or the shapes differ.
"""
import argparse
import re
import sys

import numpy as np


def parse_printed(text):
    match = re.search(r"sizes = \[([0-9, ]*)\]", text)
    if not match:
        sys.exit("compare_printed: no printMemrefF32 output on stdin")
    shape = [int(s) for s in match.group(1).split(",") if s.strip()]
    data = text[text.index("data =") + len("data ="):]
    numbers = re.findall(r"-?(?:nan|inf|[0-9.]+(?:e[-+]?[0-9]+)?)", data)
    values = np.array([float(n) for n in numbers], dtype=np.float64)
    return values.reshape(shape)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("expected")
    parser.add_argument("--max-relative-error", type=float, required=True)
    args = parser.parse_args()
    actual = parse_printed(sys.stdin.read())
    expected = np.load(args.expected).astype(np.float64)
    if actual.shape != expected.shape:
        print(f"shape mismatch: got {actual.shape}, expected {expected.shape}")
        return 1
    error = np.max(np.abs(actual - expected)) / np.max(np.abs(expected))
    print(f"max |actual - expected| / max |expected| = {error:.6f} "
          f"(bound {args.max_relative_error})")
    return 0 if error <= args.max_relative_error else 1


if __name__ == "__main__":
    sys.exit(main())
