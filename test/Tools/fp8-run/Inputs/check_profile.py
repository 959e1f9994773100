#!/usr/bin/env python3
"""Checks the table of fp8-run --profile (the format, not the times).

usage: check_profile.py OUTPUT.txt --calls N NAME...

The table must have its title and header, one line per NAME (each op line
with N calls), lines sorted by time (slowest first), an optional
"(other: ...)" line and a "(total: ...)" line whose time is the sum of the
lines above it (to the printed precision) and whose percentage is 100.
Prints "profile ok: <names>" and exits 1 on the first mismatch.
"""
import argparse
import re
import sys

ROW = re.compile(r"^ *(\d+\.\d) +(\d+\.\d{3}) +(\d+\.\d{3}|-\d+\.\d{3}) +(\d+|-)  (.+)$")


def fail(message):
    sys.exit("check_profile: " + message)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--calls", type=int, required=True)
    parser.add_argument("names", nargs="+")
    args = parser.parse_args()
    lines = open(args.output).read().splitlines()
    title = [i for i, l in enumerate(lines) if l.startswith("profile of @")]
    if len(title) != 1:
        fail("expected one title line, got %d" % len(title))
    start = title[0]
    calls = "1 call," if args.calls == 1 else "%d calls," % args.calls
    if calls not in lines[start]:
        fail("title %r does not say %r" % (lines[start], calls))
    if not re.match(r"^ +% +total ms +ms/call +calls +op$", lines[start + 1]):
        fail("bad header %r" % lines[start + 1])
    ops, other, total = [], None, None
    for line in lines[start + 2:]:
        match = ROW.match(line)
        if not match:
            break
        percent, ms, _, count, name = match.groups()
        row = (float(percent), float(ms), count, name)
        if name.startswith("(other:"):
            other = row
        elif name.startswith("(total:"):
            total = row
            break
        else:
            if other:
                fail("op line after the other line: %r" % line)
            ops.append(row)
    if total is None:
        fail("no total line")
    if total[0] != 100.0 or total[2] != str(args.calls):
        fail("bad total line %r" % (total,))
    times = [row[1] for row in ops]
    if times != sorted(times, reverse=True):
        fail("op lines not sorted by time: %r" % times)
    for row in ops:
        if row[2] != str(args.calls):
            fail("%s ran %s times, expected %d" % (row[3], row[2], args.calls))
    names = [row[3] for row in ops]
    if sorted(names) != sorted(args.names):
        fail("ops %r, expected %r" % (names, args.names))
    # Each printed time is rounded to 0.0005 ms.
    summed = sum(times) + (other[1] if other else 0)
    if abs(summed - total[1]) > 0.0005 * (len(ops) + 2):
        fail("lines add up to %.3f ms, total %.3f ms" % (summed, total[1]))
    print("profile ok: " + ", ".join(sorted(names)))


if __name__ == "__main__":
    main()
