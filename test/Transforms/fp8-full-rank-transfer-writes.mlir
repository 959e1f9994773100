// RUN: fp8-opt %s --split-input-file --fp8-full-rank-transfer-writes | FileCheck %s
// Bufferized, the rewritten write keeps the old contents of the constant
// (upstream MLIR 22 alone drops that copy: issue 18's wrong results).
// RUN: fp8-opt %s --split-input-file --fp8-full-rank-transfer-writes --one-shot-bufferize | FileCheck %s --check-prefix=BUF

// CHECK-LABEL: func.func @row_of_matrix
// CHECK-SAME: (%[[V:.+]]: vector<8xf32>)
// CHECK: %[[CAST:.+]] = vector.shape_cast %[[V]] : vector<8xf32> to vector<1x8xf32>
// CHECK: vector.transfer_write %[[CAST]], %{{.+}}[%{{.+}}, %{{.+}}] {in_bounds = [true, true]} : vector<1x8xf32>, tensor<8x16xf32>
// BUF-LABEL: func.func @row_of_matrix
// BUF: %[[GLOBAL:.+]] = memref.get_global
// BUF: %[[ALLOC:.+]] = memref.alloc()
// BUF: memref.copy %[[GLOBAL]], %[[ALLOC]]
// BUF: vector.transfer_write %{{.+}}, %[[ALLOC]]
func.func @row_of_matrix(%v: vector<8xf32>) -> vector<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pad = arith.constant 0.0 : f32
  %zeros = arith.constant dense<0.0> : tensor<8x16xf32>
  %w = vector.transfer_write %v, %zeros[%c0, %c0] {in_bounds = [true]} : vector<8xf32>, tensor<8x16xf32>
  %r = vector.transfer_read %w[%c1, %c0], %pad {in_bounds = [true]} : tensor<8x16xf32>, vector<8xf32>
  return %r : vector<8xf32>
}

// -----

// A permuted write: the vector is transposed into the tensor's order.
// CHECK-LABEL: func.func @permuted
// CHECK-SAME: (%[[V:.+]]: vector<4x8xf32>, %[[T:.+]]: tensor<8x4x2xf32>)
// CHECK: %[[CAST:.+]] = vector.shape_cast %[[V]] : vector<4x8xf32> to vector<1x4x8xf32>
// CHECK: %[[TRANSPOSED:.+]] = vector.transpose %[[CAST]], [2, 1, 0] : vector<1x4x8xf32> to vector<8x4x1xf32>
// CHECK: vector.transfer_write %[[TRANSPOSED]], %[[T]]{{.*}} {in_bounds = [false, true, true]} : vector<8x4x1xf32>, tensor<8x4x2xf32>
func.func @permuted(%v: vector<4x8xf32>, %t: tensor<8x4x2xf32>) -> tensor<8x4x2xf32> {
  %c0 = arith.constant 0 : index
  %w = vector.transfer_write %v, %t[%c0, %c0, %c0] {in_bounds = [true, false], permutation_map = affine_map<(d0, d1, d2) -> (d1, d0)>} : vector<4x8xf32>, tensor<8x4x2xf32>
  return %w : tensor<8x4x2xf32>
}

// -----

// A 0-d vector becomes a 1x1 vector.
// CHECK-LABEL: func.func @scalar
// CHECK: %[[B:.+]] = vector.broadcast %{{.+}} : vector<f32> to vector<1x1xf32>
// CHECK: vector.transfer_write %[[B]]
func.func @scalar(%v: vector<f32>, %t: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c0 = arith.constant 0 : index
  %w = vector.transfer_write %v, %t[%c0, %c0] : vector<f32>, tensor<2x3xf32>
  return %w : tensor<2x3xf32>
}

// -----

// Already full rank, on memrefs, or masked: unchanged.
// CHECK-LABEL: func.func @unchanged
// CHECK-NOT: vector.shape_cast
// CHECK: vector.transfer_write %{{.+}} : vector<2x3xf32>, tensor<2x3xf32>
// CHECK: vector.transfer_write %{{.+}} : vector<3xf32>, memref<2x3xf32>
// CHECK: vector.transfer_write %{{.+}} : vector<3xf32>, tensor<2x3xf32>
func.func @unchanged(%v: vector<2x3xf32>, %r: vector<3xf32>, %t: tensor<2x3xf32>, %m: memref<2x3xf32>, %mask: vector<3xi1>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %c0 = arith.constant 0 : index
  %w = vector.transfer_write %v, %t[%c0, %c0] : vector<2x3xf32>, tensor<2x3xf32>
  vector.transfer_write %r, %m[%c0, %c0] : vector<3xf32>, memref<2x3xf32>
  %x = vector.transfer_write %r, %t[%c0, %c0], %mask : vector<3xf32>, tensor<2x3xf32>
  return %w, %x : tensor<2x3xf32>, tensor<2x3xf32>
}
