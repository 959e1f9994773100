// An FP8 module: per-row (per-token) dynamic quantization of the
// activations, per-column quantization of the weights, both E4M3, and
// fp8.scaled_matmul accumulating in f32. Compared with the f64 product.
//
// Tolerance: rounding to E4M3 (3 mantissa bits) changes each operand in the
// normal range by at most 2^-4 relative, so every product x*w is off by less
// than (1 + 2^-4)^2 - 1 < 0.13 relative and
//   |y - x @ w| <= 0.13 * (|x| @ |w|)   element by element
// (subnormal codes add at most 2^-10 * scale per operand, about 5e-6 of the
// row's amax, and the f32 accumulation about 2^-24 * K: both negligible).
// The measured worst ratio is about 0.02; the test also requires it to be
// above 0.001 (the module really quantizes).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; rng = np.random.default_rng(7); np.save('%t/x.npy', rng.standard_normal((16, 128), dtype=np.float32)); np.save('%t/w.npy', (rng.standard_normal((128, 32)) * 0.1).astype(np.float32))"
// RUN: fp8-run %s --entry linear --input %t/x.npy --input %t/w.npy --output-dir %t/out
// RUN: %python -c "import numpy as np; x = np.load('%t/x.npy').astype(np.float64); w = np.load('%t/w.npy').astype(np.float64); y = np.load('%t/out/linear_result0.npy'); assert y.shape == (16, 32) and y.dtype == np.float32; ratio = (np.abs(y - x @ w) / (np.abs(x) @ np.abs(w))).max(); print('worst ratio ok' if 0.001 < ratio < 0.13 else 'worst ratio ' + str(ratio))" | FileCheck %s
// CHECK: worst ratio ok

func.func @linear(%x: tensor<16x128xf32>, %w: tensor<128x32xf32>) -> tensor<16x32xf32> {
  %qx_init = tensor.empty() : tensor<16x128xf8E4M3FN>
  %sx_init = tensor.empty() : tensor<16x1xf32>
  %qx, %sx = fp8.dynamic_quantize %x into %qx_init, %sx_init
      : tensor<16x128xf32> into tensor<16x128xf8E4M3FN>, tensor<16x1xf32>
  %qw_init = tensor.empty() : tensor<128x32xf8E4M3FN>
  %sw_init = tensor.empty() : tensor<1x32xf32>
  %qw, %sw = fp8.dynamic_quantize %w into %qw_init, %sw_init
      : tensor<128x32xf32> into tensor<128x32xf8E4M3FN>, tensor<1x32xf32>
  %zero = arith.constant dense<0.0> : tensor<16x32xf32>
  %y = fp8.scaled_matmul %qx, %qw scales(%sx, %sw) into %zero
      : tensor<16x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<16x1xf32>,
        tensor<1x32xf32> into tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}
