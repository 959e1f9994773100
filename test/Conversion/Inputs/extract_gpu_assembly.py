#!/usr/bin/env python3
"""Prints the assembly (PTX or AMDGCN) of every gpu.binary object in an MLIR
file produced by gpu-module-to-binary{format=isa}, so that FileCheck can read
it; with --run CMD, runs CMD FILE on each object (one assembly file each:
ptxas takes one module) and fails when one does.

Usage: extract_gpu_assembly.py [--run CMD] [FILE] (default stdin)."""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

parser = argparse.ArgumentParser()
parser.add_argument("--run", help="command to run on each object's file")
parser.add_argument("input", nargs="?")
args = parser.parse_args()

text = open(args.input).read() if args.input else sys.stdin.read()
objects = [
    # MLIR prints non-printable characters, '"' and '\' as \XX (hex).
    re.sub(r"\\([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), escaped)
    for escaped in re.findall(r'assembly = "((?:[^"\\]|\\.)*)"', text)
]
if not objects:
    sys.exit("extract_gpu_assembly.py: no gpu.binary with assembly found")

if not args.run:
    for assembly in objects:
        sys.stdout.write(assembly + "\n")
    sys.exit(0)

with tempfile.TemporaryDirectory() as directory:
    for index, assembly in enumerate(objects):
        path = os.path.join(directory, "object%d.s" % index)
        with open(path, "w") as out:
            out.write(assembly)
        result = subprocess.run(shlex.split(args.run) + [path])
        if result.returncode != 0:
            sys.exit("extract_gpu_assembly.py: '%s' failed on object %d"
                     % (args.run, index))
print("checked %d objects" % len(objects))
