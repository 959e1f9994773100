// RUN: fp8-opt %s --convert-fp8-to-vector=target=avx512 --fp8-vectorize-elementwise=target=avx512 -split-input-file | FileCheck %s
// RUN: not fp8-opt %s --convert-fp8-to-vector=target=avx9 -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// Quantize and dequantize: a loop nest whose innermost loop steps by one
// vector; the input is one 1-D transfer, the per-row scale one broadcast
// scalar, the encode runs on vector<16x..> values in i32 lanes.

// CHECK-LABEL: func.func @quantize(
// CHECK:         scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:           scf.for %[[COLUMN:.*]] = %{{.*}} to %{{.*}} step %c16 iter_args(%[[OUT:.*]] =
// CHECK:             vector.transfer_read %{{.*}}[%[[ROW]], %[[COLUMN]]], %{{.*}} {in_bounds = [true]} : tensor<4x64xf32>, vector<16xf32>
// CHECK:             %[[SCALE:.*]] = tensor.extract %{{.*}}[%[[ROW]], %{{.*}}] : tensor<4x1xf32>
// CHECK:             vector.broadcast %[[SCALE]] : f32 to vector<16xf32>
// CHECK:             arith.divf {{.*}} : vector<16xf32>
// CHECK:             arith.bitcast {{.*}} : vector<16xf32> to vector<16xi32>
// CHECK-NOT:         vector<16xi64>
// CHECK:             arith.bitcast {{.*}} : vector<16xi8> to vector<16xf8E4M3FN>
// CHECK:             vector.transfer_write {{.*}}, %[[OUT]][%[[ROW]], %[[COLUMN]]] {in_bounds = [true]} : vector<16xf8E4M3FN>, tensor<4x64xf8E4M3FN>
// CHECK-NOT:     linalg.generic
func.func @quantize(%x: tensor<4x64xf32>, %s: tensor<4x1xf32>) -> tensor<4x64xf8E4M3FN> {
  %e = tensor.empty() : tensor<4x64xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<4x64xf32>, tensor<4x1xf32> into tensor<4x64xf8E4M3FN>
  return %q : tensor<4x64xf8E4M3FN>
}

// An innermost dimension of 24 takes 12-lane vectors (a divisor: no masks).
// CHECK-LABEL: func.func @dequantize(
// CHECK:         scf.for {{.*}} step %c12
// CHECK:           vector.transfer_read {{.*}} : tensor<2x24xf8E5M2>, vector<12xf8E5M2>
// CHECK:           arith.mulf {{.*}} : vector<12xf32>
func.func @dequantize(%q: tensor<2x24xf8E5M2>, %s: tensor<f32>) -> tensor<2x24xf32> {
  %e = tensor.empty() : tensor<2x24xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<2x24xf8E5M2>, tensor<f32> into tensor<2x24xf32>
  return %d : tensor<2x24xf32>
}

// 1x128 block scales: the scale index `column floordiv 128` is the same
// for the 16 lanes of an aligned vector, so it is one broadcast scalar.
// CHECK-LABEL: func.func @quantize_blocks(
// CHECK:         scf.for %[[ROW:.*]] = {{.*}} step %c1
// CHECK:           scf.for %[[COLUMN:.*]] = {{.*}} step %c16
// CHECK:             %[[BLOCK:.*]] = affine.apply #{{.*}}(%[[COLUMN]])
// CHECK:             tensor.extract %{{.*}}[%[[ROW]], %[[BLOCK]]] : tensor<2x2xf32>
// CHECK-NOT:     linalg.generic
func.func @quantize_blocks(%x: tensor<2x256xf32>, %s: tensor<2x2xf32>) -> tensor<2x256xf8E4M3FN> {
  %e = tensor.empty() : tensor<2x256xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<2x256xf32>, tensor<2x2xf32> into tensor<2x256xf8E4M3FN>
  return %q : tensor<2x256xf8E4M3FN>
}

// A transposed read varies along the innermost loop in a leading index (a
// gather): each lane is one scalar extract, and the payload still runs on
// vectors (what pays for FP8 conversions); the write stays one transfer.
// CHECK-LABEL: func.func @transposed_read(
// CHECK:         scf.for %[[ROW:.*]] = {{.*}} step %c1
// CHECK:           scf.for %[[COLUMN:.*]] = {{.*}} step %c16
// CHECK-COUNT-16:    tensor.extract %{{.*}}[%{{.*}}, %[[ROW]]] : tensor<32x32xf32>
// CHECK:             %[[LANES:.*]] = vector.from_elements {{.*}} : vector<16xf32>
// CHECK:             %[[NEGATED:.*]] = arith.negf %[[LANES]] : vector<16xf32>
// CHECK:             vector.transfer_write %[[NEGATED]], %{{.*}}[%[[ROW]], %[[COLUMN]]]
// CHECK-NOT:     linalg.generic
#transposed = affine_map<(d0, d1) -> (d1, d0)>
#identity = affine_map<(d0, d1) -> (d0, d1)>
func.func @transposed_read(%x: tensor<32x32xf32>) -> tensor<32x32xf32> {
  %e = tensor.empty() : tensor<32x32xf32>
  %r = linalg.generic {indexing_maps = [#transposed, #identity], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<32x32xf32>
  return %r : tensor<32x32xf32>
}

// UNKNOWN: for the --target option: 'avx9' is unknown; expected host, generic, avx512, avx512fp16, avx512bf16 or amx
