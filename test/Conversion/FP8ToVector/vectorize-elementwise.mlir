// fp8-vectorize-elementwise on its own, on plain linalg (fp8-cpu-pipeline
// runs it after convert-fp8-to-vector, whose FP8 encode/decode payloads it
// vectorizes the same way: test/Conversion/FP8ToVector/elementwise.mlir).
// Each elementwise linalg.generic on static tensors becomes a loop nest
// whose innermost loop steps by one vector of the target.
//
// RUN: fp8-opt %s --fp8-vectorize-elementwise=target=generic -split-input-file | FileCheck %s
// RUN: fp8-opt %s --fp8-vectorize-elementwise=target=avx512 -split-input-file | FileCheck %s --check-prefix=AVX512
// RUN: not fp8-opt %s --fp8-vectorize-elementwise=target=sse -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD-TARGET

// BAD-TARGET: for the --target option: 'sse' is unknown; expected host, generic, avx512, avx512fp16, avx512bf16 or amx

// A per-row scale does not vary within a vector: one broadcast scalar.
// CHECK-LABEL: func.func @row_scale(
// CHECK:         scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:           scf.for %[[COLUMN:.*]] = %{{.*}} to %{{.*}} step %c8 iter_args(%[[OUT:.*]] =
// CHECK:             vector.transfer_read %{{.*}}[%[[ROW]], %[[COLUMN]]], %{{.*}} {in_bounds = [true]} : tensor<4x64xf32>, vector<8xf32>
// CHECK:             %[[SCALE:.*]] = tensor.extract %{{.*}}[%[[ROW]]] : tensor<4xf32>
// CHECK:             %[[SPLAT:.*]] = vector.broadcast %[[SCALE]] : f32 to vector<8xf32>
// CHECK:             %[[PRODUCT:.*]] = arith.mulf %{{.*}}, %[[SPLAT]] : vector<8xf32>
// CHECK:             vector.transfer_write %[[PRODUCT]], %[[OUT]][%[[ROW]], %[[COLUMN]]] {in_bounds = [true]} : vector<8xf32>, tensor<4x64xf32>
// CHECK-NOT:     linalg.generic
// AVX512-LABEL: func.func @row_scale(
// AVX512:         scf.for {{.*}} step %c16
// AVX512:           arith.mulf {{.*}} : vector<16xf32>
func.func @row_scale(%x: tensor<4x64xf32>, %s: tensor<4xf32>) -> tensor<4x64xf32> {
  %e = tensor.empty() : tensor<4x64xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%x, %s : tensor<4x64xf32>, tensor<4xf32>) outs(%e : tensor<4x64xf32>) {
  ^bb0(%in: f32, %scale: f32, %out: f32):
    %m = arith.mulf %in, %scale : f32
    linalg.yield %m : f32
  } -> tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}

// -----

// A single-use producer is fused into its consumer first: one loop nest.
// CHECK-LABEL: func.func @fused_producer(
// CHECK:         scf.for
// CHECK:           scf.for {{.*}} step %c8
// CHECK:             arith.negf {{.*}} : vector<8xf32>
// CHECK:             math.exp {{.*}} : vector<8xf32>
// CHECK-NOT:     scf.for
// CHECK-NOT:     linalg.generic
func.func @fused_producer(%x: tensor<2x32xf32>) -> tensor<2x32xf32> {
  %e = tensor.empty() : tensor<2x32xf32>
  %n = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x32xf32>) outs(%e : tensor<2x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.negf %in : f32
    linalg.yield %v : f32
  } -> tensor<2x32xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%n : tensor<2x32xf32>) outs(%e : tensor<2x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.exp %in : f32
    linalg.yield %v : f32
  } -> tensor<2x32xf32>
  return %y : tensor<2x32xf32>
}

// -----

// A max over the innermost loop is exact in any order: vector max lane by
// lane, then across the lanes. An f32 sum is not (its order is the
// reference's, or fp8-vectorize-reductions' to change), nor is a generic
// on dynamic shapes: both stay as they are.
// CHECK-LABEL: func.func @reductions(
// CHECK:         arith.maximumf {{.*}} : vector<8xf32>
// CHECK:         vector.reduction <maximumf>
// CHECK:         linalg.generic
// CHECK:           arith.addf {{.*}} : f32
// CHECK:         linalg.generic
// CHECK:           arith.negf {{.*}} : f32
func.func @reductions(%x: tensor<4x64xf32>, %init: tensor<4xf32>, %d: tensor<?x?xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<?x?xf32>) {
  %max = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x64xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %out : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x64xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %neg = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%d : tensor<?x?xf32>) outs(%d : tensor<?x?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<?x?xf32>
  return %max, %sum, %neg : tensor<4xf32>, tensor<4xf32>, tensor<?x?xf32>
}
