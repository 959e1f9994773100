#!/usr/bin/env python3
"""Rewrites a module's f32 `arith.constant dense<[...]>` (not splats) as
`dense_resource<name>` with the values in a dialect_resources blob, as
torch-mlir and IREE's importers write weights.

usage: dense_to_resource.py IN.mlir OUT.mlir [--min-rank N]

--min-rank 2 rewrites the weights and leaves the biases dense. The values go
through the same double -> f32 rounding as MLIR's parser, so the resource
module holds bit for bit the constants of the dense one.
"""
import argparse
import ast
import re
import struct
import sys

import numpy as np

# dense<[...]> : tensor<AxBxf32>, possibly over several lines.
DENSE = re.compile(r"dense<(\[[^>]*\])>(\s*:\s*tensor<([0-9x]+)xf32>)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--min-rank", type=int, default=1)
    args = parser.parse_args()
    source = args.source
    text = open(source).read()
    if "dialect_resources" in text:
        sys.exit(f"{source}: already has a dialect_resources section")
    blobs = []

    def to_resource(match):
        values = np.array(ast.literal_eval(match.group(1)), dtype=np.float64)
        shape = [int(size) for size in match.group(3).split("x")]
        if list(values.shape) != shape:
            sys.exit(f"{source}: a literal of shape {list(values.shape)} "
                     f"is typed {match.group(3)}")
        if len(shape) < args.min_rank:
            return match.group(0)
        name = f"constant_{len(blobs)}"
        # A blob is its alignment (4 for f32, little-endian u32) and the
        # little-endian elements.
        data = struct.pack("<I", 4) + values.astype("<f4").tobytes()
        blobs.append((name, data))
        return f"dense_resource<{name}>{match.group(2)}"

    text = DENSE.sub(to_resource, text)
    if not blobs:
        sys.exit(f"{source}: no f32 dense<[...]> constant to rewrite")
    entries = ",\n".join(f'      {name}: "0x{data.hex().upper()}"'
                         for name, data in blobs)
    text += ("\n{-#\n  dialect_resources: {\n    builtin: {\n" + entries +
             "\n    }\n  }\n#-}\n")
    open(args.target, "w").write(text)


if __name__ == "__main__":
    main()
