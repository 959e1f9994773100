#!/usr/bin/env python3
"""Writes the bad calibration tables of test/BadInput/calibration-table.mlir.

usage: make_bad_tables.py DIR

DIR/good.json is a valid table with one tensor, "fc1/lhs" (the activation of
the test's matmul); every other file breaks it in one way.
"""
import json
import os
import sys

BINS = 2048


def good_table():
    # 4 values: -1.5, -0.5, 0.5, 1.5; amax 1.5, histogram range 2.
    counts = [0] * BINS
    for value in (1.5, 0.5, 0.5, 1.5):
        counts[int(value / 2.0 * BINS)] += 1
    return {
        "format": "fp8-calibration", "version": 1, "samples": 1,
        "tensors": {"fc1/lhs": {
            "min": -1.5, "max": 1.5, "amax": 1.5, "count": 4,
            "nan_count": 0, "inf_count": 0,
            "histogram": {"max": 2.0, "counts": counts},
        }},
    }


def main():
    out = sys.argv[1]

    def write(name, content):
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(out, name), mode) as f:
            f.write(content)

    good = json.dumps(good_table(), indent=1)
    write("good.json", good)

    def edited(name, edit):
        table = good_table()
        edit(table, table["tensors"]["fc1/lhs"])
        write(name, json.dumps(table, indent=1))

    write("truncated.json", good[:len(good) // 2])
    write("empty.json", "")
    write("garbage.json", b"\xff\xfe\x00\x81garbage\x80{")
    # Valid JSON around a Latin-1 byte in a tensor id.
    write("latin1.json", good.replace("fc1/lhs", "fc1/\xe9").encode("latin-1"))
    edited("version3.json", lambda t, s: t.update(version=3))
    # Version 2 needs the fingerprint: a shape per tensor.
    edited("version2_no_shape.json", lambda t, s: t.update(version=2))
    edited("no_version.json", lambda t, s: t.pop("version"))
    edited("other_format.json", lambda t, s: t.update(format="onnx"))
    edited("no_tensors.json", lambda t, s: t.pop("tensors"))
    edited("no_count.json", lambda t, s: s.pop("count"))
    edited("other_id.json", lambda t, s: t.update(
        tensors={"fc9/lhs": t["tensors"]["fc1/lhs"]}))
    # NaN and infinity: JSON has neither; producers write null, a string, or
    # a literal that overflows double.
    edited("nan_null.json", lambda t, s: s.update(max=None))
    edited("nan_string.json", lambda t, s: s.update(min="NaN"))
    write("inf_literal.json", good.replace('"amax": 1.5', '"amax": 1e999'))
    write("minus_inf_literal.json",
          good.replace('"min": -1.5', '"min": -1e999'))
    edited("inf_histogram.json",
           lambda t, s: s["histogram"].update(max=None))
    # Negative and fractional counts.
    edited("negative_count.json", lambda t, s: s.update(count=-4))
    edited("negative_nan_count.json", lambda t, s: s.update(nan_count=-1))
    edited("negative_bin.json", lambda t, s: s["histogram"]["counts"].
           __setitem__(0, -1))
    edited("negative_samples.json", lambda t, s: t.update(samples=-1))
    edited("fractional_count.json", lambda t, s: s.update(count=4.5))
    # The smallest double as amax: the bins of its range (2^-1073 / 2048)
    # underflow to 0.
    def denormal(t, s):
        counts = [0] * BINS
        counts[BINS // 2] = 1
        s.update(min=0.0, max=2.0 ** -1074, amax=2.0 ** -1074, count=1,
                 histogram={"max": 2.0 ** -1073, "counts": counts})
    edited("denormal_amax.json", denormal)
    # Valid alone, but two of them overflow int64 when merged.
    edited("huge_nan_count.json",
           lambda t, s: s.update(nan_count=2 ** 63 - 1))


if __name__ == "__main__":
    main()
