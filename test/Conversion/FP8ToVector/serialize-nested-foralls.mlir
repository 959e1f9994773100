// fp8-serialize-nested-foralls: an scf.forall inside another becomes scf.for
// loops; the outermost stays parallel (one level of OpenMP threads). On a
// batch of attention heads through fp8-cpu-pipeline threads=2, one
// omp.parallel (the heads'), none inside it.
//
// RUN: fp8-opt %s --split-input-file --fp8-serialize-nested-foralls | FileCheck %s
// RUN: fp8-opt %s --split-input-file --fp8-cpu-pipeline="target=generic threads=2" | FileCheck %s --check-prefix=OMP

// CHECK-LABEL: func.func @nested
// CHECK:         scf.forall (%[[H:.*]]) in (12) {
// CHECK:           scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT:        scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT:          memref.store %{{.*}}, %{{.*}}[%[[H]], %[[I]], %[[J]]]
// CHECK-NOT:     scf.forall
// CHECK-LABEL: func.func @single
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (22, 8)
// OMP-LABEL: llvm.func @nested
// OMP-LABEL: llvm.func @single
// OMP-LABEL: llvm.func @heads
// OMP-COUNT-1: omp.parallel
// OMP-NOT:     omp.parallel
func.func @nested(%m: memref<12x22x8xf32>, %v: f32) {
  scf.forall (%h) in (12) {
    scf.forall (%i, %j) in (22, 8) {
      memref.store %v, %m[%h, %i, %j] : memref<12x22x8xf32>
    }
  }
  return
}

func.func @single(%m: memref<22x8xf32>, %v: f32) {
  scf.forall (%i, %j) in (22, 8) {
    memref.store %v, %m[%i, %j] : memref<22x8xf32>
  }
  return
}

// -----

func.func @heads(%a: tensor<12x128x64xf8E4M3FN>, %b: tensor<12x64x128xf8E4M3FN>, %s: tensor<f32>, %c: tensor<12x128x128xf32>) -> tensor<12x128x128xf32> {
  %r = fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : tensor<12x128x64xf8E4M3FN>, tensor<12x64x128xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<12x128x128xf32>
  return %r : tensor<12x128x128xf32>
}
