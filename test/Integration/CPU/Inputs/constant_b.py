"""Module and inputs of ../scaled-matmul-constant-b.test.

  constant_b.py DIR
      writes DIR/constant-b.mlir: fp8.scaled_matmul ops whose B is a constant
      (as quantized weights are), shaped to take the kernels' streaming
      paths (several blocks of rows, chunks, an nk GEMV, E5M2, scales near
      f32's limits) with and without NaN or infinity codes in B; and
      DIR/arg<i>.npy, the codes of each A (seeded); and
      DIR/quantized-weights.mlir (write_quantized_weights).
Every function has one argument, A, and returns the f32 result.
"""
import sys

import numpy as np

E4M3FN_NAN = (0x7F, 0xFF)
# E5M2's infinities first, then its NaNs.
E5M2_SPECIAL = (0x7C, 0xFC, 0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF)

# (name, A type, B type, M, K, N, special (NaN, infinity) codes of B's
#  format, B layout, attributes, special codes put into B, log2 range of
#  the scales or None for [0.5, 2))
CASES = [
    ("kn_row_blocks", "f8E4M3FN", "f8E4M3FN", 16, 96, 40, E4M3FN_NAN, "kn", "", 0, None),
    ("kn_row_blocks_chunked", "!fp8.e3m4fn", "f8E4M3FN", 20, 96, 24, E4M3FN_NAN, "kn",
     "chunk = 32", 0, None),
    ("kn_fnuz", "f8E4M3FNUZ", "f8E4M3FNUZ", 7, 64, 32, (0x80,), "kn", "", 0, None),
    ("kn_with_nan", "f8E4M3FN", "f8E4M3FN", 9, 64, 16, E4M3FN_NAN, "kn", "", 3, None),
    ("nk_gemv", "f8E4M3FN", "f8E4M3FN", 1, 64, 24, E4M3FN_NAN, "nk", "", 0, None),
    ("kn_e5m2_gemv", "f8E5M2", "f8E5M2", 1, 128, 40, E5M2_SPECIAL, "kn", "", 0, None),
    ("kn_e5m2_with_inf", "f8E5M2", "f8E5M2", 2, 64, 16, E5M2_SPECIAL, "kn", "", 2, None),
    # Products' sums and scales near f32's limits: the kernel's powers of
    # two on A and on the chunk sums must not change a rounding.
    ("nk_gemv_extreme_scales", "f8E4M3FN", "f8E4M3FN", 1, 64, 64, E4M3FN_NAN, "nk",
     "", 0, (-100, 100)),
]


def codes(rng, shape, specials):
    c = rng.integers(0, 256, size=shape, dtype=np.uint8)
    for special in specials:
        c[c == special] = 0x11
    return c


def scales(rng, shape, log2_range):
    if log2_range is None:
        return rng.uniform(0.5, 2.0, shape).astype(np.float32)
    return np.exp2(rng.uniform(*log2_range, shape)).astype(np.float32)


def main(directory):
    rng = np.random.default_rng(13)
    lines = []
    for i, (name, ta, tb, m, k, n, specials, layout, attrs, put_specials,
            log2_range) in enumerate(CASES):
        a = codes(rng, (m, k), specials)
        np.save(f"{directory}/arg{i}.npy", a)
        b_shape = (k, n) if layout == "kn" else (n, k)
        b = codes(rng, b_shape, specials)
        for j in range(put_specials):
            b.flat[rng.integers(0, b.size)] = specials[j % len(specials)]
        attr_list = [attrs] if attrs else []
        if layout == "nk":
            attr_list.append("b_layout = #fp8.layout<nk>")
        attr_text = " {" + ", ".join(attr_list) + "}" if attr_list else ""
        scale_a = scales(rng, (m, 1), log2_range)
        # Per output channel: [1, N] for kn, [N, 1] for nk.
        sb_shape = (1, n) if layout == "kn" else (n, 1)
        scale_b = scales(rng, sb_shape, log2_range)
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
    write_quantized_weights(directory, rng)


def write_quantized_weights(directory, rng):
    """DIR/quantized-weights.mlir: f32 weights quantized to !fp8.e3m4fn
    (a format without a dense attribute form, so the lowering quantizes the
    constant), torch's nk layout, per output channel: @e3m4_gemv uses them,
    @e3m4_weights returns them (quantized at compile time) and
    @e3m4_weights_runtime quantizes its argument (DIR/weights.npy) the same
    way; DIR/gemv_a.npy is the GEMV's A."""
    k, n = 96, 40
    w = rng.normal(0.0, 1.0, (n, k)).astype(np.float32)
    w[0, :4] = [0.0, -0.0, 1e-6, -3e-5]  # zeros and E3M4 subnormals
    scale = (np.abs(w).max(axis=1, keepdims=True) / 15.5).astype(np.float32)
    np.save(f"{directory}/weights.npy", w)
    np.save(f"{directory}/gemv_a.npy", codes(rng, (1, k), (0x7F, 0xFF)))
    wt = f"tensor<{n}x{k}xf32>"
    qt = f"tensor<{n}x{k}x!fp8.e3m4fn>"
    weights = f'dense<"0x{w.tobytes().hex().upper()}"> : {wt}'
    scale_text = f'dense<"0x{scale.tobytes().hex().upper()}"> : tensor<{n}x1xf32>'
    text = f"""func.func @e3m4_gemv(%a: tensor<1x{k}x!fp8.e3m4fn>) -> tensor<1x{n}xf32> {{
  %w = arith.constant {weights}
  %s = arith.constant {scale_text}
  %e = tensor.empty() : {qt}
  %q = fp8.quantize %w, %s into %e : {wt}, tensor<{n}x1xf32> into {qt}
  %sa = arith.constant dense<0.75> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<1x{n}xf32>
  %r = fp8.scaled_matmul %a, %q scales(%sa, %s) into %z {{b_layout = #fp8.layout<nk>}} : tensor<1x{k}x!fp8.e3m4fn>, {qt}, tensor<f32>, tensor<{n}x1xf32> into tensor<1x{n}xf32>
  return %r : tensor<1x{n}xf32>
}}
func.func @e3m4_weights() -> {qt} {{
  %w = arith.constant {weights}
  %s = arith.constant {scale_text}
  %e = tensor.empty() : {qt}
  %q = fp8.quantize %w, %s into %e : {wt}, tensor<{n}x1xf32> into {qt}
  return %q : {qt}
}}
func.func @e3m4_weights_runtime(%w: {wt}) -> {qt} {{
  %s = arith.constant {scale_text}
  %e = tensor.empty() : {qt}
  %q = fp8.quantize %w, %s into %e : {wt}, tensor<{n}x1xf32> into {qt}
  return %q : {qt}
}}
"""
    with open(f"{directory}/quantized-weights.mlir", "w") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv[1])
