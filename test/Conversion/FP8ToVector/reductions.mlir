// Reductions over the innermost loop (softmax's max and sum, layer norm's
// mean and variance, as torch-mlir writes them): fp8-vectorize-reductions
// makes them a loop over the parallel dimensions whose reduced loop runs on
// vectors, combined lane by lane from the first vector, then across the
// lanes (vector.reduction), then with the output. Sums reassociate only in
// f32; reductions that are not one combiner of %out stay as they are.
// fp8-vectorize-elementwise (run after the FP8 lowerings, whose sums keep
// their order) takes only the exact ones: maximumf and minimumf. A
// reduction over outer loops too (a per-tensor amax, a sum of everything)
// is first split: the innermost loop into partials indexed by the other
// loops (from the combiner's identity), then the partials into the output,
// split again until that reduces its innermost loop only. Numbers:
// test/Integration/CPU/reductions.mlir and the per-tensor dynamic-quantize
// tests.
//
// RUN: fp8-opt %s --fp8-vectorize-reductions=target=generic | FileCheck %s
// RUN: fp8-opt %s --fp8-vectorize-elementwise=target=generic | FileCheck %s --check-prefix=LATE
// RUN: not fp8-opt %s --fp8-vectorize-reductions=target=sse 2>&1 | FileCheck %s --check-prefix=BAD-TARGET

// BAD-TARGET: for the --target option: 'sse' is unknown; expected host, generic, avx512, avx512fp16, avx512bf16 or amx

// LATE-LABEL: func.func @row_max
// LATE:         vector.reduction <maximumf>
// LATE-LABEL: func.func @row_variance
// LATE:         linalg.generic
// LATE-SAME:    iterator_types = ["parallel", "reduction"]

#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// CHECK-LABEL: func.func @row_max
// CHECK:         scf.for %[[ROW:[a-z0-9]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<4xf32>)
// CHECK:           %[[FIRST:.*]] = vector.transfer_read %{{.*}}[%[[ROW]], %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<4x64xf32>, vector<8xf32>
// CHECK:           %[[LANES:.*]] = scf.for %[[COLUMN:[a-z0-9]+]] = %c8 to %c64 step %{{.*}} iter_args(%[[ACC:.*]] = %[[FIRST]]) -> (vector<8xf32>)
// CHECK:             %[[NEXT:.*]] = vector.transfer_read %{{.*}}[%[[ROW]], %[[COLUMN]]]
// CHECK:             arith.maximumf %[[ACC]], %[[NEXT]] : vector<8xf32>
// CHECK:           %[[REDUCED:.*]] = vector.reduction <maximumf>, %[[LANES]] : vector<8xf32> into f32
// CHECK:           %[[CURRENT:.*]] = tensor.extract %[[OUT]][%[[ROW]]]
// CHECK:           %[[RESULT:.*]] = arith.maximumf %[[REDUCED]], %[[CURRENT]] : f32
// CHECK:           tensor.insert %[[RESULT]] into %[[OUT]][%[[ROW]]]
// CHECK-NOT:     linalg.generic
func.func @row_max(%x: tensor<4x64xf32>, %init: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x64xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %out : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// Layer norm's variance: (x - mean)^2 summed, the mean a broadcast scalar.
// CHECK-LABEL: func.func @row_variance
// CHECK:         scf.for %[[ROW:[a-z0-9]+]] =
// CHECK:           tensor.extract %{{.*}}[%[[ROW]]] : tensor<4xf32>
// CHECK:           arith.subf {{.*}} : vector<8xf32>
// CHECK:           arith.mulf {{.*}} : vector<8xf32>
// CHECK:           scf.for
// CHECK:             arith.addf {{.*}} : vector<8xf32>
// CHECK:           vector.reduction <add>, %{{.*}} : vector<8xf32> into f32
// CHECK-NOT:     linalg.generic
func.func @row_variance(%x: tensor<4x64xf32>, %mean: tensor<4xf32>, %init: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.generic {indexing_maps = [#rows, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %mean : tensor<4x64xf32>, tensor<4xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %sq = arith.mulf %d, %d : f32
    %s = arith.addf %out, %sq : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// Not vectorized: an f16 sum (reassociating it would round differently), a
// payload that uses %out twice, a reduction that is not the innermost loop,
// and a sum of the reference lowering (fp8.ordered_reduction: the spec fixes
// its order), even as plain linalg.
// CHECK-LABEL: func.func @unchanged
// CHECK-COUNT-5: linalg.generic
func.func @unchanged(%x: tensor<4x64xf16>, %init: tensor<4xf16>, %y: tensor<4x64xf32>, %init32: tensor<4xf32>, %init64: tensor<64xf32>) -> (tensor<4xf16>, tensor<4xf32>, tensor<64xf32>, tensor<4xf32>, tensor<f32>) {
  %r = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x64xf16>) outs(%init : tensor<4xf16>) {
  ^bb0(%in: f16, %out: f16):
    %s = arith.addf %in, %out : f16
    linalg.yield %s : f16
  } -> tensor<4xf16>
  %t = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%y : tensor<4x64xf32>) outs(%init32 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %p = arith.mulf %in, %out : f32
    %s = arith.addf %p, %out : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %u = linalg.generic {indexing_maps = [#rows, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]}
      ins(%y : tensor<4x64xf32>) outs(%init64 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %v = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%y : tensor<4x64xf32>) outs(%init32 : tensor<4xf32>) attrs = {fp8.ordered_reduction} {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %all = tensor.empty() : tensor<f32>
  %w = linalg.generic {indexing_maps = [#rows, affine_map<(d0, d1) -> ()>], iterator_types = ["reduction", "reduction"]}
      ins(%y : tensor<4x64xf32>) outs(%all : tensor<f32>) attrs = {fp8.ordered_reduction} {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %r, %t, %u, %v, %w : tensor<4xf16>, tensor<4xf32>, tensor<64xf32>, tensor<4xf32>, tensor<f32>
}

// A per-tensor amax (dynamic quantization's) and a sum over every element;
// the identities: -inf for maximumf, -0 for addf.
// LATE-LABEL: func.func @amax_of_all
// LATE:         arith.constant 0xFF800000 : f32
// LATE:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x64xf32>)
// LATE:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (4, 64) step (1, 64)
// LATE:           vector.reduction <maximumf>, %{{.*}} : vector<8xf32> into f32
// LATE:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4xf32>)
// LATE:         vector.reduction <maximumf>, %{{.*}} : vector<8xf32> into f32
// The last 4 partials: a loop of its own.
// LATE:         linalg.generic
// LATE-SAME:    iterator_types = ["reduction"]
// LATE-SAME:    ins(%{{.*}} : tensor<4xf32>) outs(%{{.*}} : tensor<f32>)
// LATE-LABEL: func.func @sum_of_all
// Exact combiners only here: the sum stays one generic.
// LATE:         linalg.generic
// LATE-SAME:    iterator_types = ["reduction", "reduction", "reduction"]
// CHECK-LABEL: func.func @amax_of_all
// CHECK-LABEL: func.func @sum_of_all
// CHECK:         arith.constant -0.000000e+00 : f32
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x64xf32>)
// CHECK:         vector.reduction <add>, %{{.*}} : vector<8xf32> into f32
// CHECK:         vector.reduction <add>, %{{.*}} : vector<8xf32> into f32
// CHECK:         linalg.generic
// CHECK-SAME:    iterator_types = ["reduction"]
#all3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#none3 = affine_map<(d0, d1, d2) -> ()>
func.func @amax_of_all(%x: tensor<4x64x256xf32>, %init: tensor<f32>) -> tensor<f32> {
  %r = linalg.generic {indexing_maps = [#all3, #none3], iterator_types = ["reduction", "reduction", "reduction"]}
      ins(%x : tensor<4x64x256xf32>) outs(%init : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %a = math.absf %in : f32
    %m = arith.maximumf %out, %a : f32
    linalg.yield %m : f32
  } -> tensor<f32>
  return %r : tensor<f32>
}

func.func @sum_of_all(%x: tensor<4x64x256xf32>, %init: tensor<f32>) -> tensor<f32> {
  %r = linalg.generic {indexing_maps = [#all3, #none3], iterator_types = ["reduction", "reduction", "reduction"]}
      ins(%x : tensor<4x64x256xf32>) outs(%init : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %r : tensor<f32>
}
