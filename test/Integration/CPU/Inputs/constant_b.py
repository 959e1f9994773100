"""Module and inputs of ../scaled-matmul-constant-b.test.

  constant_b.py DIR
      writes DIR/constant-b.mlir: fp8.scaled_matmul ops whose B is a constant
      (as quantized weights are), shaped to take the kernels' streaming
      paths (several blocks of rows, chunks, an nk GEMV) with and without
      NaN codes in B; and DIR/arg<i>.npy, the codes of each A (seeded).
Every function has one argument, A, and returns the f32 result.
"""
import sys

import numpy as np

# (name, A type, B type, M, K, N, NaN codes of B's format, B layout,
#  attributes, NaN codes put into B)
CASES = [
    ("kn_row_blocks", "f8E4M3FN", "f8E4M3FN", 16, 96, 40, (0x7F, 0xFF), "kn", "", 0),
    ("kn_row_blocks_chunked", "!fp8.e3m4fn", "f8E4M3FN", 20, 96, 24, (0x7F, 0xFF), "kn",
     "chunk = 32", 0),
    ("kn_fnuz", "f8E4M3FNUZ", "f8E4M3FNUZ", 7, 64, 32, (0x80,), "kn", "", 0),
    ("kn_with_nan", "f8E4M3FN", "f8E4M3FN", 9, 64, 16, (0x7F, 0xFF), "kn", "", 3),
    ("nk_gemv", "f8E4M3FN", "f8E4M3FN", 1, 64, 24, (0x7F, 0xFF), "nk", "", 0),
]


def codes(rng, shape, nans):
    c = rng.integers(0, 256, size=shape, dtype=np.uint8)
    for nan in nans:
        c[c == nan] = 0x11
    return c


def main(directory):
    rng = np.random.default_rng(13)
    lines = []
    for i, (name, ta, tb, m, k, n, nans, layout, attrs, put_nans) in enumerate(CASES):
        a = codes(rng, (m, k), nans)
        np.save(f"{directory}/arg{i}.npy", a)
        b_shape = (k, n) if layout == "kn" else (n, k)
        b = codes(rng, b_shape, nans)
        for j in range(put_nans):
            b.flat[rng.integers(0, b.size)] = nans[j % len(nans)]
        attr_list = [attrs] if attrs else []
        if layout == "nk":
            attr_list.append("b_layout = #fp8.layout<nk>")
        attr_text = " {" + ", ".join(attr_list) + "}" if attr_list else ""
        scale_a = rng.uniform(0.5, 2.0, (m, 1)).astype(np.float32)
        # Per output channel: [1, N] for kn, [N, 1] for nk.
        sb_shape = (1, n) if layout == "kn" else (n, 1)
        scale_b = rng.uniform(0.5, 2.0, sb_shape).astype(np.float32)
        sbt = f"tensor<{sb_shape[0]}x{sb_shape[1]}xf32>"
        bt = f"tensor<{b_shape[0]}x{b_shape[1]}x{tb}>"
        lines += [
            f"func.func @{name}(%a: tensor<{m}x{k}x{ta}>) -> tensor<{m}x{n}xf32> {{",
            f'  %b = arith.constant dense<"0x{b.tobytes().hex().upper()}"> : {bt}',
            f'  %sa = arith.constant dense<"0x{scale_a.tobytes().hex().upper()}"> : tensor<{m}x1xf32>',
            f'  %sb = arith.constant dense<"0x{scale_b.tobytes().hex().upper()}"> : {sbt}',
            f"  %z = arith.constant dense<0.0> : tensor<{m}x{n}xf32>",
            f"  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %z{attr_text} : "
            f"tensor<{m}x{k}x{ta}>, {bt}, tensor<{m}x1xf32>, {sbt} "
            f"into tensor<{m}x{n}xf32>",
            f"  return %r : tensor<{m}x{n}xf32>",
            "}",
        ]
    with open(f"{directory}/constant-b.mlir", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
