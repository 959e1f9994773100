#!/usr/bin/env python3
"""Writes a calibration table (docs/Calibration.md) for lit tests.

usage: make_calibration_table.py OUT.json ID=AMAX [ID=AMAX ...]

Each tensor gets 1000 values spread evenly over [-AMAX, AMAX], binned as the
runtime bins them: a histogram of |x| over [0, 2^e], 2^e >= AMAX, 2048 bins.
"""
import json
import math
import sys

BINS = 2048


def statistics(amax):
    values = [-amax + 2 * amax * i / 999 for i in range(1000)]
    # The smallest power of two above amax (the runtime's rule).
    histogram_max = 2.0 ** (math.floor(math.log2(amax)) + 1) if amax > 0 else 0.0
    counts = [0] * BINS
    for value in values:
        magnitude = abs(value)
        index = 0 if histogram_max == 0 else int(magnitude / histogram_max * BINS)
        counts[min(index, BINS - 1)] += 1
    return {
        "min": min(values), "max": max(values), "amax": amax,
        "count": len(values), "nan_count": 0, "inf_count": 0,
        "histogram": {"max": histogram_max, "counts": counts},
    }


def main():
    out, entries = sys.argv[1], sys.argv[2:]
    tensors = {}
    for entry in entries:
        name, amax = entry.rsplit("=", 1)
        tensors[name] = statistics(float(amax))
    table = {"format": "fp8-calibration", "version": 1, "samples": 1,
             "tensors": tensors}
    with open(out, "w") as f:
        json.dump(table, f)


if __name__ == "__main__":
    main()
