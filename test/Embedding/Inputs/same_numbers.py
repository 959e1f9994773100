#!/usr/bin/env python3
"""Checks that two programs printed the same numbers.

usage: same_numbers.py RUNNER.txt C.txt

RUNNER.txt is printMemrefF32's output (the numbers after "data ="); C.txt
holds lines "y[i] = v0 v1 ..." (examples/embedding/aot/main.c). Both print
six significant digits, so the numbers must be equal. Prints "same N
numbers" or exits 1 naming the first difference.
"""
import re
import sys

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf|nan)"


def main():
    runner = open(sys.argv[1]).read()
    runner = runner.split("data =", 1)[1]
    expected = [float(x) for x in re.findall(NUMBER, runner)]
    got = []
    for line in open(sys.argv[2]):
        if line.startswith("y["):
            got += [float(x) for x in line.split("=", 1)[1].split()]
    if len(got) != len(expected):
        sys.exit("same_numbers: %d numbers from mlir-runner, %d from C"
                 % (len(expected), len(got)))
    for i, (a, b) in enumerate(zip(expected, got)):
        if a != b:
            sys.exit("same_numbers: element %d: %r from mlir-runner, %r from C"
                     % (i, a, b))
    print("same %d numbers" % len(got))


if __name__ == "__main__":
    main()
