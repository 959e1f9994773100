// RUN: fp8-opt %s --convert-fp8-to-vector=target=avx512 -split-input-file | FileCheck %s
// RUN: not fp8-opt %s --convert-fp8-to-vector=target=amx -o /dev/null 2>&1 | FileCheck %s --check-prefix=AMX
// RUN: not fp8-opt %s --convert-fp8-to-vector=target=avx9 -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// Quantize and dequantize: tiled along the innermost dimension by one
// vector, encode/decode on vector<16x..> values, 1-D transfers.

// CHECK-LABEL: func.func @quantize(
// CHECK:         scf.for
// CHECK:           scf.for {{.*}} step %c16
// CHECK:             vector.transfer_read {{.*}} : tensor<1x16xf32>, vector<16xf32>
// CHECK:             arith.divf {{.*}} : vector<16xf32>
// CHECK:             arith.bitcast {{.*}} : vector<16xf32> to vector<16xi32>
// CHECK:             arith.bitcast {{.*}} : vector<16xi8> to vector<16xf8E4M3FN>
// CHECK:             vector.transfer_write {{.*}} : vector<16xf8E4M3FN>, tensor<1x16xf8E4M3FN>
// CHECK-NOT:     linalg.generic
func.func @quantize(%x: tensor<4x64xf32>, %s: tensor<4x1xf32>) -> tensor<4x64xf8E4M3FN> {
  %e = tensor.empty() : tensor<4x64xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<4x64xf32>, tensor<4x1xf32> into tensor<4x64xf8E4M3FN>
  return %q : tensor<4x64xf8E4M3FN>
}

// An innermost dimension of 24 takes 12-lane vectors (a divisor: no masks).
// CHECK-LABEL: func.func @dequantize(
// CHECK:         arith.mulf {{.*}} : vector<12xf32>
func.func @dequantize(%q: tensor<2x24xf8E5M2>, %s: tensor<f32>) -> tensor<2x24xf32> {
  %e = tensor.empty() : tensor<2x24xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<2x24xf8E5M2>, tensor<f32> into tensor<2x24xf32>
  return %d : tensor<2x24xf32>
}

// AMX: error: convert-fp8-to-vector: target 'amx' is not implemented yet; use avx512, generic or host
// UNKNOWN: error: convert-fp8-to-vector: unknown target 'avx9'; expected generic, avx512, avx512fp16, avx512bf16, amx or host
