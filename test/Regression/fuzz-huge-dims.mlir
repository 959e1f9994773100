// Static sizes near 2^63 are valid types, but the lowerings round sizes up
// to multiples of chunks, scale blocks and kernel tiles: K = 2^63 - 2 padded
// to a multiple of 4 overflowed int64_t (UBSan: signed integer overflow in
// padWithZeros and the matmul kernel; without it, tensors of negative size
// and "unexpected result less than 0" from linalg). The lowerings now reject
// sizes of 2^62 or more with a diagnostic; below that, padding fits. The
// folders count the elements of a splat's shape without overflowing
// (4 x 2^62 elements).
//
// RUN: not fp8-opt %s --split-input-file --convert-fp8-to-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=LINALG
// RUN: not fp8-opt %s --split-input-file --fp8-cpu-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not fp8-opt %s --split-input-file --convert-fp8-to-linalg 2>/dev/null | FileCheck %s --check-prefix=BELOW
// RUN: fp8-opt %s --split-input-file --canonicalize 2>&1 | FileCheck %s --check-prefix=FOLD

// LINALG: error: 'fp8.scaled_matmul' op has a dimension of 2^62 or more, which convert-fp8-to-linalg does not lower
// CPU: error: 'fp8.scaled_matmul' op has a dimension of 2^62 or more, which convert-fp8-to-vector does not lower
func.func @huge_k(%a: tensor<4x9223372036854775806xf8E4M3FN>, %b: tensor<9223372036854775806x8xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<f32>, %c: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 4} : tensor<4x9223372036854775806xf8E4M3FN>, tensor<9223372036854775806x8xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// LINALG: error: 'fp8.scaled_matmul' op has a dimension of 2^62 or more
// CPU: error: 'fp8.scaled_matmul' op has a dimension of 2^62 or more
func.func @huge_m(%a: tensor<4611686018427387904x16xf8E4M3FN>, %b: tensor<16x8xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<f32>, %c: tensor<4611686018427387904x8xf32>) -> tensor<4611686018427387904x8xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<4611686018427387904x16xf8E4M3FN>, tensor<16x8xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<4611686018427387904x8xf32>
  return %r : tensor<4611686018427387904x8xf32>
}

// -----

// BELOW-LABEL: func.func @k_below_2p62
// BELOW: tensor.pad {{.+}} high[0, 1]
// BELOW: tensor<1x4611686018427387904xf8E4M3FN>
func.func @k_below_2p62(%a: tensor<1x4611686018427387903xf8E4M3FN>, %b: tensor<4611686018427387903x1xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<f32>, %c: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 4} : tensor<1x4611686018427387903xf8E4M3FN>, tensor<4611686018427387903x1xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<1x1xf32>
  return %r : tensor<1x1xf32>
}

// -----

// FOLD-LABEL: func.func @splat_rows
// FOLD: fp8.quantize
func.func @splat_rows() -> tensor<4x4611686018427387904xf8E4M3FN> {
  %x = arith.constant dense<1.0> : tensor<4x4611686018427387904xf32>
  %s = arith.constant dense<[[1.0], [2.0], [4.0], [8.0]]> : tensor<4x1xf32>
  %i = tensor.empty() : tensor<4x4611686018427387904xf8E4M3FN>
  %q = fp8.quantize %x, %s into %i : tensor<4x4611686018427387904xf32>, tensor<4x1xf32> into tensor<4x4611686018427387904xf8E4M3FN>
  return %q : tensor<4x4611686018427387904xf8E4M3FN>
}
