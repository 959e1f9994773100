// Softmax and layer norm as torch-mlir writes them (max and sum reductions
// over the last dimension, broadcasts back), and a row max, run by fp8-run
// on fp8-cpu-pipeline's vector code: the reductions run on vectors (lanes
// combined, then across; test/Conversion/FP8ToVector/reductions.mlir), the
// results within the bounds of Inputs/f32_ops.py of NumPy's f64 (the max
// exact), and the same bits on one and two threads. GELU checks
// fp8-approximate-math's tanh.
//
// REQUIRES: openmp
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/f32_ops.py inputs reductions %t
// RUN: for e in softmax layer_norm row_max gelu; do fp8-run %s --entry $e --input %t/${e}_0.npy --output-dir %t/t1 --threads 1 && fp8-run %s --entry $e --input %t/${e}_0.npy --output-dir %t/t2 --threads 2 || exit 1; done
// RUN: %python %S/Inputs/f32_ops.py check reductions %t | FileCheck %s

// CHECK: softmax: shape (3, 5, 64), within bound True, threads identical True
// CHECK-NEXT: layer_norm: shape (128, 768), within bound True, threads identical True
// CHECK-NEXT: row_max: shape (33,), within bound True, threads identical True
// CHECK-NEXT: gelu: shape (16, 64), within bound True, threads identical True

#x3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#r3 = affine_map<(d0, d1, d2) -> (d0, d1)>
#x2 = affine_map<(d0, d1) -> (d0, d1)>
#r2 = affine_map<(d0, d1) -> (d0)>

func.func @softmax(%x: tensor<3x5x64xf32>) -> tensor<3x5x64xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<3x5xf32>
  %e3 = tensor.empty() : tensor<3x5x64xf32>
  %maxInit = linalg.fill ins(%ninf : f32) outs(%e2 : tensor<3x5xf32>) -> tensor<3x5xf32>
  %max = linalg.generic {indexing_maps = [#x3, #r3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x : tensor<3x5x64xf32>) outs(%maxInit : tensor<3x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %out : f32
    linalg.yield %m : f32
  } -> tensor<3x5xf32>
  %exp = linalg.generic {indexing_maps = [#x3, #r3, #x3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %max : tensor<3x5x64xf32>, tensor<3x5xf32>) outs(%e3 : tensor<3x5x64xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<3x5x64xf32>
  %sumInit = linalg.fill ins(%zero : f32) outs(%e2 : tensor<3x5xf32>) -> tensor<3x5xf32>
  %sum = linalg.generic {indexing_maps = [#x3, #r3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%exp : tensor<3x5x64xf32>) outs(%sumInit : tensor<3x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<3x5xf32>
  %r = linalg.generic {indexing_maps = [#x3, #r3, #x3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%exp, %sum : tensor<3x5x64xf32>, tensor<3x5xf32>) outs(%e3 : tensor<3x5x64xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<3x5x64xf32>
  return %r : tensor<3x5x64xf32>
}

func.func @layer_norm(%x: tensor<128x768xf32>) -> tensor<128x768xf32> {
  %zero = arith.constant 0.0 : f32
  %n = arith.constant 768.0 : f32
  %eps = arith.constant 1.0e-5 : f32
  %e1 = tensor.empty() : tensor<128xf32>
  %e2 = tensor.empty() : tensor<128x768xf32>
  %zeros = linalg.fill ins(%zero : f32) outs(%e1 : tensor<128xf32>) -> tensor<128xf32>
  %sum = linalg.generic {indexing_maps = [#x2, #r2], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<128x768xf32>) outs(%zeros : tensor<128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<128xf32>
  %mean = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%sum : tensor<128xf32>) outs(%e1 : tensor<128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.divf %in, %n : f32
    linalg.yield %m : f32
  } -> tensor<128xf32>
  %squares = linalg.generic {indexing_maps = [#x2, #r2, #r2], iterator_types = ["parallel", "reduction"]}
      ins(%x, %mean : tensor<128x768xf32>, tensor<128xf32>) outs(%zeros : tensor<128xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %sq = arith.mulf %d, %d : f32
    %s = arith.addf %sq, %out : f32
    linalg.yield %s : f32
  } -> tensor<128xf32>
  %r = linalg.generic {indexing_maps = [#x2, #r2, #r2, #x2], iterator_types = ["parallel", "parallel"]}
      ins(%x, %mean, %squares : tensor<128x768xf32>, tensor<128xf32>, tensor<128xf32>) outs(%e2 : tensor<128x768xf32>) {
  ^bb0(%in: f32, %m: f32, %sq: f32, %out: f32):
    %var = arith.divf %sq, %n : f32
    %ve = arith.addf %var, %eps : f32
    %rs = math.rsqrt %ve : f32
    %d = arith.subf %in, %m : f32
    %y = arith.mulf %d, %rs : f32
    linalg.yield %y : f32
  } -> tensor<128x768xf32>
  return %r : tensor<128x768xf32>
}

func.func @row_max(%x: tensor<33x40xf32>) -> tensor<33xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<33xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<33xf32>) -> tensor<33xf32>
  %r = linalg.generic {indexing_maps = [#x2, #r2], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<33x40xf32>) outs(%init : tensor<33xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %out : f32
    linalg.yield %m : f32
  } -> tensor<33xf32>
  return %r : tensor<33xf32>
}

func.func @gelu(%x: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %half = arith.constant 0.5 : f32
  %one = arith.constant 1.0 : f32
  %c = arith.constant 0.797884583 : f32
  %k = arith.constant 0.044715 : f32
  %e = tensor.empty() : tensor<16x64xf32>
  %r = linalg.generic {indexing_maps = [#x2, #x2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<16x64xf32>) outs(%e : tensor<16x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x2 = arith.mulf %in, %in : f32
    %x3 = arith.mulf %x2, %in : f32
    %kx3 = arith.mulf %k, %x3 : f32
    %inner = arith.addf %in, %kx3 : f32
    %scaled = arith.mulf %c, %inner : f32
    %t = math.tanh %scaled : f32
    %onep = arith.addf %one, %t : f32
    %hx = arith.mulf %half, %in : f32
    %y = arith.mulf %hx, %onep : f32
    linalg.yield %y : f32
  } -> tensor<16x64xf32>
  return %r : tensor<16x64xf32>
}
