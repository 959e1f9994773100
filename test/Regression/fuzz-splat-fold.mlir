// The folders of fp8.quantize and fp8.dequantize wrote every element of
// their result: a splat constant of a huge shape (a few bytes of IR) asked
// for 10^11 elements ("LLVM ERROR: SmallVector unable to grow"). Splat input
// and scale now fold to a splat; a splat input with a non-splat scale (or
// stochastic rounding) is not folded beyond 2^20 elements.
//
// RUN: fp8-opt %s --canonicalize --split-input-file 2>&1 | FileCheck %s

// CHECK-LABEL: func.func @quantize_splat
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<5.000000e-01> : tensor<100000000000xf8E4M3FN>
// CHECK-NEXT: return %[[C]]
func.func @quantize_splat() -> tensor<100000000000xf8E4M3FN> {
  %x = arith.constant dense<1.0> : tensor<100000000000xf32>
  %s = arith.constant dense<2.0> : tensor<f32>
  %i = tensor.empty() : tensor<100000000000xf8E4M3FN>
  %q = fp8.quantize %x, %s into %i : tensor<100000000000xf32>, tensor<f32> into tensor<100000000000xf8E4M3FN>
  return %q : tensor<100000000000xf8E4M3FN>
}

// -----

// CHECK-LABEL: func.func @dequantize_splat
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<8.000000e+00> : tensor<100000x100000xbf16>
// CHECK-NEXT: return %[[C]]
func.func @dequantize_splat() -> tensor<100000x100000xbf16> {
  %q = arith.constant dense<2.0> : tensor<100000x100000xf8E5M2>
  %s = arith.constant dense<4.0> : tensor<100000x1xf32>
  %e = tensor.empty() : tensor<100000x100000xbf16>
  %d = fp8.dequantize %q, %s into %e : tensor<100000x100000xf8E5M2>, tensor<100000x1xf32> into tensor<100000x100000xbf16>
  return %d : tensor<100000x100000xbf16>
}

// -----

// A splat input with per-row scales, and stochastic rounding: not folded.
// CHECK-LABEL: func.func @splat_input_row_scales
// CHECK: fp8.quantize
// CHECK: fp8.quantize
func.func @splat_input_row_scales() -> (tensor<4x100000000000xf8E4M3FN>, tensor<100000000000xf8E4M3FN>) {
  %x = arith.constant dense<1.0> : tensor<4x100000000000xf32>
  %s = arith.constant dense<[[1.0], [2.0], [4.0], [8.0]]> : tensor<4x1xf32>
  %i = tensor.empty() : tensor<4x100000000000xf8E4M3FN>
  %q = fp8.quantize %x, %s into %i : tensor<4x100000000000xf32>, tensor<4x1xf32> into tensor<4x100000000000xf8E4M3FN>
  %y = arith.constant dense<1.1> : tensor<100000000000xf32>
  %t = arith.constant dense<1.0> : tensor<f32>
  %j = tensor.empty() : tensor<100000000000xf8E4M3FN>
  %r = fp8.quantize %y, %t into %j {rounding = #fp8.rounding<stochastic>, seed = 1 : i64} : tensor<100000000000xf32>, tensor<f32> into tensor<100000000000xf8E4M3FN>
  return %q, %r : tensor<4x100000000000xf8E4M3FN>, tensor<100000000000xf8E4M3FN>
}
