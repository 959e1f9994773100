#!/usr/bin/env python3
"""Compares two .npy outputs of fp8-run element by element.

Prints one line: how many elements are bit-identical and the largest
difference relative to the largest |expected|, then "ok" or "FAIL: <why>"
for what was asked (--bit-exact, or --differ with --max-relative-error);
exits 1 on FAIL.
"""

import argparse
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--bit-exact", action="store_true",
                        help="every element has the same bits")
    parser.add_argument("--differ", action="store_true",
                        help="at least one element differs (the option "
                             "being tested changed the numerics)")
    parser.add_argument("--max-relative-error", type=float,
                        help="max |actual - expected| / max |expected| bound")
    args = parser.parse_args()

    actual = np.load(args.actual)
    expected = np.load(args.expected)
    if actual.shape != expected.shape or actual.dtype != expected.dtype:
        print("FAIL: %s %s against %s %s" % (actual.shape, actual.dtype,
                                             expected.shape, expected.dtype))
        return 1
    bits = "u%d" % actual.dtype.itemsize
    identical = int((actual.view(bits) == expected.view(bits)).sum())
    scale = float(np.abs(expected).max())
    difference = float(np.abs(actual.astype(np.float64) -
                              expected.astype(np.float64)).max())
    relative = difference / scale if scale > 0 else difference
    print("%d of %d elements bit-identical; max |actual - expected| / "
          "max |expected| = %.3g" % (identical, actual.size, relative))

    failures = []
    if args.bit_exact and identical != actual.size:
        failures.append("not bit-identical")
    if args.differ and identical == actual.size:
        failures.append("identical, expected a difference")
    if (args.max_relative_error is not None and
            not relative <= args.max_relative_error):
        failures.append("above the bound %g" % args.max_relative_error)
    print("FAIL: " + ", ".join(failures) if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
