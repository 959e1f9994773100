// convert-fp8-to-vector{target=amx} on its own (it once crashed: the kernel
// creates bufferization ops, whose dialect the pass did not declare): 2 x 2
// f32 accumulator tiles carried over the k loop, two bf16 A tiles (rows of
// A) and two B tiles (16 pairs of k x 16 columns of the packed panel) per
// 32 k, four tile multiplications.
//
// RUN: fp8-opt %s --convert-fp8-to-vector=target=amx --fp8-vectorize-elementwise=target=amx | FileCheck %s

// CHECK-LABEL: func.func @amx_tiles(
// CHECK-COUNT-4: amx.tile_zero : !amx.tile<16x16xf32>
// CHECK:         scf.for {{.*}} step %c32 iter_args({{.*}}) -> (!amx.tile<16x16xf32>, !amx.tile<16x16xf32>, !amx.tile<16x16xf32>, !amx.tile<16x16xf32>)
// CHECK-COUNT-2:   amx.tile_load {{.*}} : memref<64x128xbf16> into !amx.tile<16x32xbf16>
// CHECK-COUNT-2:   amx.tile_load {{.*}} : memref<2x64x32xi32> into !amx.tile<16x32xbf16>
// CHECK-COUNT-4:   amx.tile_mulf {{.*}} : !amx.tile<16x32xbf16>, !amx.tile<16x32xbf16>, !amx.tile<16x16xf32>
// CHECK-COUNT-4: amx.tile_store
func.func @amx_tiles(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x64xf8E5M2>, %s: tensor<f32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x128xf8E4M3FN>, tensor<128x64xf8E5M2>, tensor<f32>, tensor<f32> into tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}
