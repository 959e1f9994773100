// RUN: fp8-opt %s -transform-interpreter -split-input-file -verify-diagnostics | FileCheck %s

// TilingInterface of fp8.scaled_matmul: the iteration domain is (M, N); a
// tile reads full-K slices of A and B and the matching slices of the
// scales (whole along K).

// CHECK-LABEL: func.func @tile_per_tensor(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<128x256xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<256x128xf8E4M3FN>, %[[SA:[a-z0-9_]+]]: tensor<f32>, %[[SB:[a-z0-9_]+]]: tensor<f32>, %[[C:[a-z0-9_]+]]: tensor<128x128xf32>)
// CHECK-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C32:.+]] = arith.constant 32 : index
// CHECK-DAG:     %[[C64:.+]] = arith.constant 64 : index
// CHECK-DAG:     %[[C128:.+]] = arith.constant 128 : index
// CHECK:         %[[R:.+]] = scf.for %[[I:.+]] = %{{.+}} to %[[C128]] step %[[C32]] iter_args(%[[ACC0:.+]] = %[[C]]) -> (tensor<128x128xf32>)
// CHECK:           %[[INNER:.+]] = scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %[[C64]] iter_args(%[[ACC:.+]] = %[[ACC0]]) -> (tensor<128x128xf32>)
// CHECK-DAG:         %[[AT:.+]] = tensor.extract_slice %[[A]][%[[I]], 0] [32, 256] [1, 1] : tensor<128x256xf8E4M3FN> to tensor<32x256xf8E4M3FN>
// CHECK-DAG:         %[[BT:.+]] = tensor.extract_slice %[[B]][0, %[[J]]] [256, 64] [1, 1] : tensor<256x128xf8E4M3FN> to tensor<256x64xf8E4M3FN>
// CHECK-DAG:         %[[CT:.+]] = tensor.extract_slice %[[ACC]][%[[I]], %[[J]]] [32, 64] [1, 1] : tensor<128x128xf32> to tensor<32x64xf32>
// CHECK:             %[[T:.+]] = fp8.scaled_matmul %[[AT]], %[[BT]] scales(%[[SA]], %[[SB]]) into %[[CT]] : tensor<32x256xf8E4M3FN>, tensor<256x64xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<32x64xf32>
// CHECK:             %[[INS:.+]] = tensor.insert_slice %[[T]] into %[[ACC]][%[[I]], %[[J]]] [32, 64] [1, 1]
// CHECK:             scf.yield %[[INS]]
// CHECK:           scf.yield %[[INNER]]
// CHECK:         return %[[R]]
func.func @tile_per_tensor(%a: tensor<128x256xf8E4M3FN>, %b: tensor<256x128xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<f32>, %c: tensor<128x128xf32>) -> tensor<128x128xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<128x256xf8E4M3FN>, tensor<256x128xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<128x128xf32>
  return %r : tensor<128x128xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["fp8.scaled_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %mm tile_sizes [32, 64] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// Per-row scale_a and per-column scale_b are sliced with the tile; the bias
// with the N tile. M = 100 leaves a partial last tile (affine.min).
// CHECK-LABEL: func.func @tile_per_channel_bias(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<100x256xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<256x128xf8E5M2>, %[[SA:[a-z0-9_]+]]: tensor<100x1xf32>, %[[SB:[a-z0-9_]+]]: tensor<1x128xf32>, %[[BIAS:[a-z0-9_]+]]: tensor<128xf32>, %[[C:[a-z0-9_]+]]: tensor<100x128xf32>)
// CHECK:         scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args
// CHECK:           scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}})
// CHECK:             %[[M:.+]] = affine.min #{{.+}}(%[[I]])
// CHECK-DAG:         %[[AT:.+]] = tensor.extract_slice %[[A]][%[[I]], 0] [%[[M]], 256] [1, 1] : tensor<100x256xf8E4M3FN> to tensor<?x256xf8E4M3FN>
// CHECK-DAG:         %[[BT:.+]] = tensor.extract_slice %[[B]][0, %[[J]]] [256, 64] [1, 1] : tensor<256x128xf8E5M2> to tensor<256x64xf8E5M2>
// CHECK-DAG:         %[[SAT:.+]] = tensor.extract_slice %[[SA]][%[[I]], 0] [%[[M]], 1] [1, 1] : tensor<100x1xf32> to tensor<?x1xf32>
// CHECK-DAG:         %[[SBT:.+]] = tensor.extract_slice %[[SB]][0, %[[J]]] [1, 64] [1, 1] : tensor<1x128xf32> to tensor<1x64xf32>
// CHECK-DAG:         %[[BIAST:.+]] = tensor.extract_slice %[[BIAS]][%[[J]]] [64] [1] : tensor<128xf32> to tensor<64xf32>
// CHECK-DAG:         %[[CT:.+]] = tensor.extract_slice %[[ACC]][%[[I]], %[[J]]] [%[[M]], 64] [1, 1] : tensor<100x128xf32> to tensor<?x64xf32>
// CHECK:             fp8.scaled_matmul %[[AT]], %[[BT]] scales(%[[SAT]], %[[SBT]]) bias(%[[BIAST]] : tensor<64xf32>) into %[[CT]] : tensor<?x256xf8E4M3FN>, tensor<256x64xf8E5M2>, tensor<?x1xf32>, tensor<1x64xf32> into tensor<?x64xf32>
func.func @tile_per_channel_bias(%a: tensor<100x256xf8E4M3FN>, %b: tensor<256x128xf8E5M2>, %sa: tensor<100x1xf32>, %sb: tensor<1x128xf32>, %bias: tensor<128xf32>, %c: tensor<100x128xf32>) -> tensor<100x128xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) bias(%bias : tensor<128xf32>) into %c : tensor<100x256xf8E4M3FN>, tensor<256x128xf8E5M2>, tensor<100x1xf32>, tensor<1x128xf32> into tensor<100x128xf32>
  return %r : tensor<100x128xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["fp8.scaled_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %mm tile_sizes [32, 64] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// DeepSeek-V3 blocks (1x128 for A, 128x128 for B in nk layout): a 128 tile
// along the 128-blocked N reads one block row of scale_b at offset j / 128.
// CHECK:       #[[DIV128:.+]] = affine_map<(d0) -> (d0 floordiv 128)>
// CHECK-LABEL: func.func @tile_blocks_128(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<256x512xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<384x512xf8E4M3FN>, %[[SA:[a-z0-9_]+]]: tensor<256x4xf32>, %[[SB:[a-z0-9_]+]]: tensor<3x4xf32>, %[[C:[a-z0-9_]+]]: tensor<256x384xbf16>)
// CHECK:         scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args
// CHECK:           scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}})
// CHECK-DAG:         %[[AT:.+]] = tensor.extract_slice %[[A]][%[[I]], 0] [32, 512] [1, 1] : tensor<256x512xf8E4M3FN> to tensor<32x512xf8E4M3FN>
// CHECK-DAG:         %[[BT:.+]] = tensor.extract_slice %[[B]][%[[J]], 0] [128, 512] [1, 1] : tensor<384x512xf8E4M3FN> to tensor<128x512xf8E4M3FN>
// CHECK-DAG:         %[[SAT:.+]] = tensor.extract_slice %[[SA]][%[[I]], 0] [32, 4] [1, 1] : tensor<256x4xf32> to tensor<32x4xf32>
// CHECK-DAG:         %[[JB:.+]] = affine.apply #[[DIV128]](%[[J]])
// CHECK-DAG:         %[[SBT:.+]] = tensor.extract_slice %[[SB]][%[[JB]], 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<1x4xf32>
// CHECK-DAG:         %[[CT:.+]] = tensor.extract_slice %[[ACC]][%[[I]], %[[J]]] [32, 128] [1, 1] : tensor<256x384xbf16> to tensor<32x128xbf16>
// CHECK:             fp8.scaled_matmul %[[AT]], %[[BT]] scales(%[[SAT]], %[[SBT]]) into %[[CT]] {b_layout = #fp8.layout<nk>, chunk = 128 : i64} : tensor<32x512xf8E4M3FN>, tensor<128x512xf8E4M3FN>, tensor<32x4xf32>, tensor<1x4xf32> into tensor<32x128xbf16>
func.func @tile_blocks_128(%a: tensor<256x512xf8E4M3FN>, %b: tensor<384x512xf8E4M3FN>, %sa: tensor<256x4xf32>, %sb: tensor<3x4xf32>, %c: tensor<256x384xbf16>) -> tensor<256x384xbf16> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>, chunk = 128 : i64} : tensor<256x512xf8E4M3FN>, tensor<384x512xf8E4M3FN>, tensor<256x4xf32>, tensor<3x4xf32> into tensor<256x384xbf16>
  return %r : tensor<256x384xbf16>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["fp8.scaled_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %mm tile_sizes [32, 128] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// 128x128 blocks for both A and B (kn): a 256 tile along M covers two block
// rows of scale_a; a 64 tile along N lies inside one block column of
// scale_b.
// CHECK:       #[[DIV128:.+]] = affine_map<(d0) -> (d0 floordiv 128)>
// CHECK-LABEL: func.func @tile_blocks_multiple_and_divisor(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<512x256xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<256x256xf8E4M3FN>, %[[SA:[a-z0-9_]+]]: tensor<4x2xf32>, %[[SB:[a-z0-9_]+]]: tensor<2x2xf32>
// CHECK:         scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args
// CHECK:           scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args
// CHECK-DAG:         %[[IB:.+]] = affine.apply #[[DIV128]](%[[I]])
// CHECK-DAG:         %[[SAT:.+]] = tensor.extract_slice %[[SA]][%[[IB]], 0] [2, 2] [1, 1] : tensor<4x2xf32> to tensor<2x2xf32>
// CHECK-DAG:         %[[JB:.+]] = affine.apply #[[DIV128]](%[[J]])
// CHECK-DAG:         %[[SBT:.+]] = tensor.extract_slice %[[SB]][0, %[[JB]]] [2, 1] [1, 1] : tensor<2x2xf32> to tensor<2x1xf32>
// CHECK:             fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%[[SAT]], %[[SBT]]) into %{{.+}} : tensor<256x256xf8E4M3FN>, tensor<256x64xf8E4M3FN>, tensor<2x2xf32>, tensor<2x1xf32> into tensor<256x64xf32>
func.func @tile_blocks_multiple_and_divisor(%a: tensor<512x256xf8E4M3FN>, %b: tensor<256x256xf8E4M3FN>, %sa: tensor<4x2xf32>, %sb: tensor<2x2xf32>, %c: tensor<512x256xf32>) -> tensor<512x256xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<512x256xf8E4M3FN>, tensor<256x256xf8E4M3FN>, tensor<4x2xf32>, tensor<2x2xf32> into tensor<512x256xf32>
  return %r : tensor<512x256xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["fp8.scaled_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %mm tile_sizes [256, 64] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// The memref form tiles into subviews, without iter_args.
// CHECK-LABEL: func.func @tile_memref(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: memref<128x256xf8E4M3FN>, %[[B:[a-z0-9_]+]]: memref<256x128xf8E5M2>, %[[SA:[a-z0-9_]+]]: memref<128x1xf32>, %[[SB:[a-z0-9_]+]]: memref<f32>, %[[C:[a-z0-9_]+]]: memref<128x128xf32>)
// CHECK:         scf.for %[[I:[a-z0-9_]+]] = %{{.+}} to %{{.+}} step %{{[a-z0-9_]+}} {
// CHECK:           scf.for %[[J:[a-z0-9_]+]] = %{{.+}} to %{{.+}} step %{{[a-z0-9_]+}} {
// CHECK-DAG:         %[[AT:.+]] = memref.subview %[[A]][%[[I]], 0] [32, 256] [1, 1]
// CHECK-DAG:         %[[BT:.+]] = memref.subview %[[B]][0, %[[J]]] [256, 64] [1, 1]
// CHECK-DAG:         %[[SAT:.+]] = memref.subview %[[SA]][%[[I]], 0] [32, 1] [1, 1]
// CHECK-DAG:         %[[CT:.+]] = memref.subview %[[C]][%[[I]], %[[J]]] [32, 64] [1, 1]
// CHECK:             fp8.scaled_matmul %[[AT]], %[[BT]] scales(%[[SAT]], %[[SB]]) into %[[CT]] : memref<32x256xf8E4M3FN, {{.+}}>, memref<256x64xf8E5M2, {{.+}}>, memref<32x1xf32, {{.+}}>, memref<f32> into memref<32x64xf32, {{.+}}>
func.func @tile_memref(%a: memref<128x256xf8E4M3FN>, %b: memref<256x128xf8E5M2>, %sa: memref<128x1xf32>, %sb: memref<f32>, %c: memref<128x128xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : memref<128x256xf8E4M3FN>, memref<256x128xf8E5M2>, memref<128x1xf32>, memref<f32> into memref<128x128xf32>
  return
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["fp8.scaled_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %mm tile_sizes [32, 64] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// A tile of 96 along N neither covers whole 128-blocks nor lies in one.
func.func @tile_not_multiple_of_block(%a: tensor<256x512xf8E4M3FN>, %b: tensor<384x512xf8E4M3FN>, %sa: tensor<256x4xf32>, %sb: tensor<3x4xf32>, %c: tensor<256x384xbf16>) -> tensor<256x384xbf16> {
  // expected-error @+3 {{'fp8.scaled_matmul' op cannot tile: scale_b has blocks of 128 along dimension 0; tile sizes must be static multiples or divisors of it}}
  // expected-error @+2 {{to tile operation}}
  // expected-error @+1 {{failed to generate tiling loops}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>, chunk = 128 : i64} : tensor<256x512xf8E4M3FN>, tensor<384x512xf8E4M3FN>, tensor<256x4xf32>, tensor<3x4xf32> into tensor<256x384xbf16>
  return %r : tensor<256x384xbf16>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["fp8.scaled_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %mm tile_sizes [32, 96] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// The same along M: 128x128 blocks of scale_a and a tile of 48 along M.
func.func @tile_m_not_divisor_of_block(%a: tensor<256x256xf8E4M3FN>, %b: tensor<256x64xf8E4M3FN>, %sa: tensor<2x2xf32>, %sb: tensor<f32>, %c: tensor<256x64xf32>) -> tensor<256x64xf32> {
  // expected-error @+3 {{cannot tile: scale_a has blocks of 128 along dimension 0}}
  // expected-error @+2 {{to tile operation}}
  // expected-error @+1 {{failed to generate tiling loops}}
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<256x256xf8E4M3FN>, tensor<256x64xf8E4M3FN>, tensor<2x2xf32>, tensor<f32> into tensor<256x64xf32>
  return %r : tensor<256x64xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["fp8.scaled_matmul"]} in %root : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %mm tile_sizes [48, 64] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}
