// Named elementwise ops and transposes (attention's head split, as
// torch-mlir writes it) are generalized by convert-fp8-to-vector, so they
// fuse and vectorize like every elementwise linalg.generic: the head split
// keeps the innermost dimension and copies whole vectors.
//
// RUN: fp8-opt %s --convert-fp8-to-vector=target=generic --fp8-vectorize-elementwise=target=generic | FileCheck %s

// CHECK-LABEL: func.func @split_heads
// CHECK-SAME:    (%[[X:.*]]: tensor<128x12x64xf32>)
// CHECK:         scf.forall
// CHECK:           vector.transfer_read %[[X]][%{{.*}}, %{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<128x12x64xf32>, vector<8xf32>
// CHECK:           vector.transfer_write
// CHECK-NOT:     linalg.transpose
func.func @split_heads(%x: tensor<128x12x64xf32>) -> tensor<12x128x64xf32> {
  %e = tensor.empty() : tensor<12x128x64xf32>
  %t = linalg.transpose ins(%x : tensor<128x12x64xf32>) outs(%e : tensor<12x128x64xf32>) permutation = [1, 0, 2]
  return %t : tensor<12x128x64xf32>
}

// CHECK-LABEL: func.func @residual_add
// CHECK:         arith.addf {{.*}} : vector<8xf32>
// CHECK-NOT:     linalg.add
func.func @residual_add(%x: tensor<4x64xf32>, %y: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %e = tensor.empty() : tensor<4x64xf32>
  %r = linalg.add ins(%x, %y : tensor<4x64xf32>, tensor<4x64xf32>) outs(%e : tensor<4x64xf32>) -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}
