// RUN: fp8-opt %s --fp8-optimize -split-input-file | FileCheck %s

// Requantizing to the same format with the same (constant, normal-range)
// scale returns the original codes.

// CHECK-LABEL: func.func @requantize(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<16xf8E4M3FN>
// CHECK-NOT:     fp8.quantize
// CHECK:         return %[[Q]]
func.func @requantize(%q: tensor<16xf8E4M3FN>) -> tensor<16xf8E4M3FN> {
  %s = arith.constant dense<0.375> : tensor<f32>
  %e = tensor.empty() : tensor<16xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<16xf8E4M3FN>, tensor<f32> into tensor<16xf32>
  %s2 = arith.constant dense<0.375> : tensor<f32>
  %e2 = tensor.empty() : tensor<16xf8E4M3FN>
  %r = fp8.quantize %d, %s2 into %e2 : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %r : tensor<16xf8E4M3FN>
}

// A different scale, a different format, or a scale so small that
// decode(q) * s underflows keep the requantization.

// CHECK-LABEL: func.func @requantize_kept(
// CHECK-COUNT-3: fp8.quantize
func.func @requantize_kept(%q: tensor<16xf8E4M3FN>) -> (tensor<16xf8E4M3FN>, tensor<16xf8E5M2>, tensor<16xf8E4M3FN>) {
  %s = arith.constant dense<0.375> : tensor<f32>
  %t = arith.constant dense<0.5> : tensor<f32>
  %tiny = arith.constant dense<1.0e-38> : tensor<f32>
  %e = tensor.empty() : tensor<16xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<16xf8E4M3FN>, tensor<f32> into tensor<16xf32>
  %e2 = tensor.empty() : tensor<16xf8E4M3FN>
  %r1 = fp8.quantize %d, %t into %e2 : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  %e3 = tensor.empty() : tensor<16xf8E5M2>
  %r2 = fp8.quantize %d, %s into %e3 : tensor<16xf32>, tensor<f32> into tensor<16xf8E5M2>
  %dt = fp8.dequantize %q, %tiny into %e : tensor<16xf8E4M3FN>, tensor<f32> into tensor<16xf32>
  %r3 = fp8.quantize %dt, %tiny into %e2 : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %r1, %r2, %r3 : tensor<16xf8E4M3FN>, tensor<16xf8E5M2>, tensor<16xf8E4M3FN>
}

// -----

// Dequantize moves after a transpose (data and scale transposed), and after
// reshapes when the scale is per-tensor.

// CHECK-LABEL: func.func @through_transpose(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<16x8xf8E4M3FN>, %[[S:[a-z0-9_]+]]: tensor<16x1xf32>
// CHECK:         %[[QT:.+]] = linalg.transpose ins(%[[Q]] : tensor<16x8xf8E4M3FN>) outs(%{{.+}} : tensor<8x16xf8E4M3FN>) permutation = [1, 0]
// CHECK:         %[[ST:.+]] = linalg.transpose ins(%[[S]] : tensor<16x1xf32>) outs(%{{.+}} : tensor<1x16xf32>) permutation = [1, 0]
// CHECK:         %[[D:.+]] = fp8.dequantize %[[QT]], %[[ST]] into %{{.+}} : tensor<8x16xf8E4M3FN>, tensor<1x16xf32> into tensor<8x16xf32>
// CHECK:         return %[[D]]
func.func @through_transpose(%q: tensor<16x8xf8E4M3FN>, %s: tensor<16x1xf32>) -> tensor<8x16xf32> {
  %e = tensor.empty() : tensor<16x8xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<16x8xf8E4M3FN>, tensor<16x1xf32> into tensor<16x8xf32>
  %et = tensor.empty() : tensor<8x16xf32>
  %t = linalg.transpose ins(%d : tensor<16x8xf32>) outs(%et : tensor<8x16xf32>) permutation = [1, 0]
  return %t : tensor<8x16xf32>
}

// CHECK-LABEL: func.func @through_reshape(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x8xf8E4M3FN>, %[[S:[a-z0-9_]+]]: tensor<f32>
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[Q]] {{\[}}[0, 1]] : tensor<2x8xf8E4M3FN> into tensor<16xf8E4M3FN>
// CHECK:         fp8.dequantize %[[R]], %[[S]] into %{{.+}} : tensor<16xf8E4M3FN>, tensor<f32> into tensor<16xf32>
func.func @through_reshape(%q: tensor<2x8xf8E4M3FN>, %s: tensor<f32>) -> tensor<16xf32> {
  %e = tensor.empty() : tensor<2x8xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<2x8xf8E4M3FN>, tensor<f32> into tensor<2x8xf32>
  %r = tensor.collapse_shape %d [[0, 1]] : tensor<2x8xf32> into tensor<16xf32>
  return %r : tensor<16xf32>
}

// -----

// Quantization of constants folds to FP8 constants.

// CHECK-LABEL: func.func @constant_weight(
// CHECK:         %[[C:.+]] = arith.constant dense<[1.000000e+00, 4.480000e+02, 1.800000e+01]> : tensor<3xf8E4M3FN>
// CHECK:         return %[[C]]
func.func @constant_weight() -> tensor<3xf8E4M3FN> {
  %w = arith.constant dense<[1.0, 500.0, 17.3]> : tensor<3xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %e = tensor.empty() : tensor<3xf8E4M3FN>
  %q = fp8.quantize %w, %s into %e : tensor<3xf32>, tensor<f32> into tensor<3xf8E4M3FN>
  return %q : tensor<3xf8E4M3FN>
}
