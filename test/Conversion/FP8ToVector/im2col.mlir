// RUN: fp8-opt %s --convert-fp8-to-vector=target=avx512 --fp8-vectorize-elementwise=target=avx512 -split-input-file | FileCheck %s

// The im2col copies that fp8-fuse makes of FP8 convolutions become vector
// code in the elementwise vectorizer: on bytes only, one vector holds 4x the
// f32 lanes of the target (64 codes for avx512).

// NHWC: the innermost loop runs over C, the input's last index: one
// contiguous transfer per window tap and 64 channels, at the input pixel
// (oh + kh, ow + kw). The outermost loop (output rows) is the threads'
// share. The quantize that makes the codes is not fused into the copy
// (which would encode each input value KH x KW times): the copy reads codes.
// CHECK-LABEL: func.func @im2col_nhwc(
// CHECK:         scf.forall (%[[ROW:[a-z0-9]+]], {{.*}}) = (0, 0, 0, 0, 0) to (8, 8, 3, 3, 128) step (1, 8, 3, 3, 128)
// CHECK:           scf.for %[[OW:[a-z0-9]+]] = {{.*}} to %c8{{.*}} step %c1
// CHECK:             scf.for %[[KH:[a-z0-9]+]] = {{.*}} to %c3{{.*}} step %c1
// CHECK:               scf.for %[[KW:[a-z0-9]+]] = {{.*}} to %c3{{.*}} step %c1
// CHECK:                 scf.for %[[C:[a-z0-9]+]] = {{.*}} to %c128{{.*}} step %c64
// CHECK:                   %[[H:.*]] = affine.apply #{{.*}}(%[[ROW]], %[[KH]])
// CHECK:                   %[[W:.*]] = affine.apply #{{.*}}(%[[OW]], %[[KW]])
// CHECK:                   %[[V:.*]] = vector.transfer_read %{{.*}}[%{{.*}}, %[[H]], %[[W]], %[[C]]], %{{.*}} {in_bounds = [true]} : tensor<1x10x10x128xf8E4M3FN>, vector<64xf8E4M3FN>
// CHECK:                   vector.transfer_write %[[V]]
// CHECK-NOT:     linalg.generic
#im2col_nhwc = affine_map<(d0, d1, d2, d3, d4) -> (0, d0 + d2, d1 + d3, d4)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
func.func @im2col_nhwc(%x: tensor<1x10x10x128xf32>, %s: tensor<f32>) -> tensor<8x8x3x3x128xf8E4M3FN> {
  %eq = tensor.empty() : tensor<1x10x10x128xf8E4M3FN>
  %q = fp8.quantize %x, %s into %eq : tensor<1x10x10x128xf32>, tensor<f32> into tensor<1x10x10x128xf8E4M3FN>
  %e = tensor.empty() : tensor<8x8x3x3x128xf8E4M3FN>
  %c = linalg.generic {indexing_maps = [#im2col_nhwc, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%q : tensor<1x10x10x128xf8E4M3FN>) outs(%e : tensor<8x8x3x3x128xf8E4M3FN>) {
  ^bb0(%in: f8E4M3FN, %out: f8E4M3FN):
    linalg.yield %in : f8E4M3FN
  } -> tensor<8x8x3x3x128xf8E4M3FN>
  return %c : tensor<8x8x3x3x128xf8E4M3FN>
}

// -----

// NCHW, stride 1: the innermost loop runs over OW, and the input's last
// index ow + kw steps by one with it: one contiguous transfer from column
// kw + ow (a dialect storage type, here as the i8 it lowers to).
// CHECK-LABEL: func.func @im2col_nchw(
// CHECK:         scf.for %[[C:[a-z0-9]+]] = {{.*}} to %c4{{.*}} step %c1
// CHECK:           scf.for %[[KH:[a-z0-9]+]] = {{.*}} to %c3{{.*}} step %c1
// CHECK:             scf.for %[[KW:[a-z0-9]+]] = {{.*}} to %c3{{.*}} step %c1
// CHECK:               scf.for %[[OH:[a-z0-9]+]] = {{.*}} to %c8{{.*}} step %c1
// CHECK:                 scf.for %[[OW:[a-z0-9]+]] = {{.*}} to %c8{{.*}} step %c8
// CHECK:                   %[[H:.*]] = affine.apply #{{.*}}(%[[KH]], %[[OH]])
// CHECK:                   %[[W:.*]] = affine.apply #{{.*}}(%[[KW]], %[[OW]])
// CHECK:                   vector.transfer_read %{{.*}}[%{{.*}}, %[[C]], %[[H]], %[[W]]], %{{.*}} {in_bounds = [true]} : tensor<1x4x10x10xi8>, vector<8xi8>
// CHECK-NOT:     linalg.generic
#im2col_nchw = affine_map<(d0, d1, d2, d3, d4) -> (0, d0, d3 + d1, d4 + d2)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
func.func @im2col_nchw(%x: tensor<1x4x10x10x!fp8.e3m4fn>) -> tensor<4x3x3x8x8x!fp8.e3m4fn> {
  %e = tensor.empty() : tensor<4x3x3x8x8x!fp8.e3m4fn>
  %c = linalg.generic {indexing_maps = [#im2col_nchw, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x4x10x10x!fp8.e3m4fn>) outs(%e : tensor<4x3x3x8x8x!fp8.e3m4fn>) {
  ^bb0(%in: !fp8.e3m4fn, %out: !fp8.e3m4fn):
    linalg.yield %in : !fp8.e3m4fn
  } -> tensor<4x3x3x8x8x!fp8.e3m4fn>
  return %c : tensor<4x3x3x8x8x!fp8.e3m4fn>
}

// -----

// NCHW, stride 2: the last index 2 * ow + kw steps by two, a gather: one
// scalar extract a lane at column 2 * (ow + lane) + kw.
// CHECK-LABEL: func.func @im2col_nchw_stride2(
// CHECK:                 scf.for %{{.*}} = {{.*}} to %c8{{.*}} step %c8
// CHECK-COUNT-8:           tensor.extract %{{.*}} : tensor<1x4x17x17xf8E5M2>
// CHECK:                   %[[LANES:.*]] = vector.from_elements {{.*}} : vector<8xf8E5M2>
// CHECK:                   vector.transfer_write %[[LANES]]
// CHECK-NOT:     linalg.generic
#im2col_nchw2 = affine_map<(d0, d1, d2, d3, d4) -> (0, d0, d3 * 2 + d1, d4 * 2 + d2)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
func.func @im2col_nchw_stride2(%x: tensor<1x4x17x17xf8E5M2>) -> tensor<4x3x3x8x8xf8E5M2> {
  %e = tensor.empty() : tensor<4x3x3x8x8xf8E5M2>
  %c = linalg.generic {indexing_maps = [#im2col_nchw2, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x4x17x17xf8E5M2>) outs(%e : tensor<4x3x3x8x8xf8E5M2>) {
  ^bb0(%in: f8E5M2, %out: f8E5M2):
    linalg.yield %in : f8E5M2
  } -> tensor<4x3x3x8x8xf8E5M2>
  return %c : tensor<4x3x3x8x8xf8E5M2>
}
