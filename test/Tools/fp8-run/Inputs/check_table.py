#!/usr/bin/env python3
"""Checks a calibration table (DESIGN.md section 5) against numpy arrays.

usage: check_table.py TABLE.json --samples N [--rtol R] ID=VALUES.npy ...

For every ID, VALUES.npy holds every value the tensor took over all samples
(any shape). min, max and amax must equal numpy's (within relative R when
given), count must equal the number of values, and the histogram must span
a power of two >= amax with counts adding up to count. Prints "ID: ok" per
tensor and exits 1 on the first mismatch.
"""
import argparse
import json
import math
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    parser.add_argument("--samples", type=int, required=True)
    parser.add_argument("--rtol", type=float, default=0.0)
    parser.add_argument("expected", nargs="+", metavar="ID=VALUES.npy")
    args = parser.parse_args()

    table = json.load(open(args.table))
    if table.get("format") != "fp8-calibration" or table.get("version") not in (1, 2):
        sys.exit("check_table: not a version 1 or 2 calibration table")
    if table.get("samples") != args.samples:
        sys.exit(f"check_table: samples {table.get('samples')}, "
                 f"expected {args.samples}")
    for item in args.expected:
        name, path = item.split("=", 1)
        stats = table["tensors"].get(name)
        if stats is None:
            sys.exit(f"check_table: no tensor '{name}' in {sorted(table['tensors'])}")
        values = np.load(path).astype(np.float64).ravel()
        expected = {"min": values.min(), "max": values.max(),
                    "amax": np.abs(values).max()}
        for key, value in expected.items():
            if abs(stats[key] - value) > args.rtol * abs(value):
                sys.exit(f"check_table: {name}.{key} = {stats[key]}, "
                         f"numpy says {value}")
        if stats["count"] != values.size:
            sys.exit(f"check_table: {name}.count = {stats['count']}, "
                     f"expected {values.size}")
        histogram = stats["histogram"]
        if sum(histogram["counts"]) != values.size:
            sys.exit(f"check_table: {name}: histogram counts add up to "
                     f"{sum(histogram['counts'])}, expected {values.size}")
        upper = histogram["max"]
        if upper < stats["amax"] or (upper > 0 and
                                     math.log2(upper) != int(math.log2(upper))):
            sys.exit(f"check_table: {name}: histogram max {upper} is not a "
                     f"power of two >= amax {stats['amax']}")
        print(f"{name}: ok")


if __name__ == "__main__":
    main()
