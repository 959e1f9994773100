// RUN: fp8-opt %s | fp8-opt | FileCheck %s
// RUN: fp8-opt %s --mlir-print-op-generic | fp8-opt | FileCheck %s

// Round trip of every fp8 op, in its tensor and memref forms.

//===----------------------------------------------------------------------===//
// fp8.quantize
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @quantize_per_tensor(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<16xf32>, %[[S:[a-z0-9_]+]]: tensor<f32>, %[[I:[a-z0-9_]+]]: tensor<16xf8E4M3FN>)
// CHECK:         %[[Q:.+]] = fp8.quantize %[[X]], %[[S]] into %[[I]] : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
// CHECK:         return %[[Q]]
func.func @quantize_per_tensor(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) -> tensor<16xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

// Default attribute values are elided when printed.
// CHECK-LABEL: func.func @quantize_defaults_elided(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<16xf32>
// CHECK-NOT:     rounding
// CHECK-NOT:     saturate
// CHECK:         return
func.func @quantize_defaults_elided(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) -> tensor<16xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<nearest_even>, saturate = true} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

// CHECK-LABEL: func.func @quantize_toward_zero(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} {rounding = #fp8.rounding<toward_zero>} : tensor<16xf16>, tensor<f32> into tensor<16xf8E5M2>
func.func @quantize_toward_zero(%x: tensor<16xf16>, %s: tensor<f32>, %i: tensor<16xf8E5M2>) -> tensor<16xf8E5M2> {
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<toward_zero>} : tensor<16xf16>, tensor<f32> into tensor<16xf8E5M2>
  return %q : tensor<16xf8E5M2>
}

// CHECK-LABEL: func.func @quantize_stochastic_seed_attr(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} {rounding = #fp8.rounding<stochastic>, seed = 42 : i64} : tensor<16xbf16>, tensor<f32> into tensor<16xf8E4M3FN>
func.func @quantize_stochastic_seed_attr(%x: tensor<16xbf16>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) -> tensor<16xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<stochastic>, seed = 42 : i64} : tensor<16xbf16>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

// CHECK-LABEL: func.func @quantize_stochastic_seed_operand(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<16xbf16>, %[[S:[a-z0-9_]+]]: tensor<f32>, %[[I:[a-z0-9_]+]]: tensor<16xf8E5M2>, %[[SEED:[a-z0-9_]+]]: i64)
// CHECK:         fp8.quantize %[[X]], %[[S]] seed(%[[SEED]] : i64) into %[[I]] {rounding = #fp8.rounding<stochastic>} : tensor<16xbf16>, tensor<f32> into tensor<16xf8E5M2>
func.func @quantize_stochastic_seed_operand(%x: tensor<16xbf16>, %s: tensor<f32>, %i: tensor<16xf8E5M2>, %seed: i64) -> tensor<16xf8E5M2> {
  %q = fp8.quantize %x, %s seed(%seed : i64) into %i {rounding = #fp8.rounding<stochastic>} : tensor<16xbf16>, tensor<f32> into tensor<16xf8E5M2>
  return %q : tensor<16xf8E5M2>
}

// The seed operand may be any signless integer.
// CHECK-LABEL: func.func @quantize_stochastic_seed_i32(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} seed(%{{.+}} : i32) into %{{.+}} {rounding = #fp8.rounding<stochastic>}
func.func @quantize_stochastic_seed_i32(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E5M2>, %seed: i32) -> tensor<16xf8E5M2> {
  %q = fp8.quantize %x, %s seed(%seed : i32) into %i {rounding = #fp8.rounding<stochastic>} : tensor<16xf32>, tensor<f32> into tensor<16xf8E5M2>
  return %q : tensor<16xf8E5M2>
}

// CHECK-LABEL: func.func @quantize_no_saturate(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} {saturate = false} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
func.func @quantize_no_saturate(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) -> tensor<16xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i {saturate = false} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

// CHECK-LABEL: func.func @quantize_stochastic_no_saturate(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} seed(%{{.+}} : i64) into %{{.+}} {rounding = #fp8.rounding<stochastic>, saturate = false}
func.func @quantize_stochastic_no_saturate(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>, %seed: i64) -> tensor<16xf8E4M3FN> {
  %q = fp8.quantize %x, %s seed(%seed : i64) into %i {rounding = #fp8.rounding<stochastic>, saturate = false} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

// Per-row scales and 1x128 block scales.
// CHECK-LABEL: func.func @quantize_scale_shapes(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<4x256xf32>, tensor<4x1xf32> into tensor<4x256xf8E4M3FN>
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<4x256xf32>, tensor<4x2xf32> into tensor<4x256xf8E4M3FN>
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<4x256xf32>, tensor<1x256xf32> into tensor<4x256xf8E4M3FN>
func.func @quantize_scale_shapes(%x: tensor<4x256xf32>, %row: tensor<4x1xf32>, %blk: tensor<4x2xf32>, %col: tensor<1x256xf32>, %i: tensor<4x256xf8E4M3FN>) -> tensor<4x256xf8E4M3FN> {
  %0 = fp8.quantize %x, %row into %i : tensor<4x256xf32>, tensor<4x1xf32> into tensor<4x256xf8E4M3FN>
  %1 = fp8.quantize %x, %blk into %0 : tensor<4x256xf32>, tensor<4x2xf32> into tensor<4x256xf8E4M3FN>
  %2 = fp8.quantize %x, %col into %1 : tensor<4x256xf32>, tensor<1x256xf32> into tensor<4x256xf8E4M3FN>
  return %2 : tensor<4x256xf8E4M3FN>
}

// CHECK-LABEL: func.func @quantize_e8m0_scale(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<2x64xf32>, tensor<2x2xf8E8M0FNU> into tensor<2x64xf8E4M3FN>
func.func @quantize_e8m0_scale(%x: tensor<2x64xf32>, %s: tensor<2x2xf8E8M0FNU>, %i: tensor<2x64xf8E4M3FN>) -> tensor<2x64xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i : tensor<2x64xf32>, tensor<2x2xf8E8M0FNU> into tensor<2x64xf8E4M3FN>
  return %q : tensor<2x64xf8E4M3FN>
}

// Dynamic data dimensions: a broadcast (1) or dynamic (per-element) scale.
// CHECK-LABEL: func.func @quantize_dynamic(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<?x256xf32>, tensor<?x2xf32> into tensor<?x256xf8E4M3FN>
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<?x256xf32>, tensor<1x1xf32> into tensor<?x256xf8E4M3FN>
func.func @quantize_dynamic(%x: tensor<?x256xf32>, %s: tensor<?x2xf32>, %t: tensor<1x1xf32>, %i: tensor<?x256xf8E4M3FN>) -> tensor<?x256xf8E4M3FN> {
  %0 = fp8.quantize %x, %s into %i : tensor<?x256xf32>, tensor<?x2xf32> into tensor<?x256xf8E4M3FN>
  %1 = fp8.quantize %x, %t into %0 : tensor<?x256xf32>, tensor<1x1xf32> into tensor<?x256xf8E4M3FN>
  return %1 : tensor<?x256xf8E4M3FN>
}

// Static and dynamic shapes are compatible.
// CHECK-LABEL: func.func @quantize_static_into_dynamic(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<8xf32>, tensor<f32> into tensor<?xf8E4M3FN>
func.func @quantize_static_into_dynamic(%x: tensor<8xf32>, %s: tensor<f32>, %i: tensor<?xf8E4M3FN>) -> tensor<?xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i : tensor<8xf32>, tensor<f32> into tensor<?xf8E4M3FN>
  return %q : tensor<?xf8E4M3FN>
}

// Every FP8 storage type.
// CHECK-LABEL: func.func @quantize_storage_types(
// CHECK:         into tensor<8xf8E4M3FN>
// CHECK:         into tensor<8xf8E5M2>
// CHECK:         into tensor<8xf8E3M4>
// CHECK:         into tensor<8x!fp8.e3m4fn>
// CHECK:         into tensor<8xf8E4M3FNUZ>
// CHECK:         into tensor<8xf8E5M2FNUZ>
// CHECK:         into tensor<8xf8E4M3>
// CHECK:         into tensor<8xf8E4M3B11FNUZ>
func.func @quantize_storage_types(%x: tensor<8xf32>, %s: tensor<f32>,
    %a: tensor<8xf8E4M3FN>, %b: tensor<8xf8E5M2>, %c: tensor<8xf8E3M4>, %d: tensor<8x!fp8.e3m4fn>,
    %e: tensor<8xf8E4M3FNUZ>, %f: tensor<8xf8E5M2FNUZ>, %g: tensor<8xf8E4M3>, %h: tensor<8xf8E4M3B11FNUZ>) {
  %0 = fp8.quantize %x, %s into %a : tensor<8xf32>, tensor<f32> into tensor<8xf8E4M3FN>
  %1 = fp8.quantize %x, %s into %b : tensor<8xf32>, tensor<f32> into tensor<8xf8E5M2>
  %2 = fp8.quantize %x, %s into %c : tensor<8xf32>, tensor<f32> into tensor<8xf8E3M4>
  %3 = fp8.quantize %x, %s into %d : tensor<8xf32>, tensor<f32> into tensor<8x!fp8.e3m4fn>
  %4 = fp8.quantize %x, %s into %e : tensor<8xf32>, tensor<f32> into tensor<8xf8E4M3FNUZ>
  %5 = fp8.quantize %x, %s into %f : tensor<8xf32>, tensor<f32> into tensor<8xf8E5M2FNUZ>
  %6 = fp8.quantize %x, %s into %g : tensor<8xf32>, tensor<f32> into tensor<8xf8E4M3>
  %7 = fp8.quantize %x, %s into %h : tensor<8xf32>, tensor<f32> into tensor<8xf8E4M3B11FNUZ>
  return
}

// The memref form has no result.
// CHECK-LABEL: func.func @quantize_memref(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<4x256xf32>, %[[S:[a-z0-9_]+]]: memref<4x2xf32>, %[[I:[a-z0-9_]+]]: memref<4x256x!fp8.e3m4fn>, %[[SEED:[a-z0-9_]+]]: i64)
// CHECK:         fp8.quantize %[[X]], %[[S]] into %[[I]] : memref<4x256xf32>, memref<4x2xf32> into memref<4x256x!fp8.e3m4fn>
// CHECK:         fp8.quantize %[[X]], %[[S]] seed(%[[SEED]] : i64) into %[[I]] {rounding = #fp8.rounding<stochastic>} : memref<4x256xf32>, memref<4x2xf32> into memref<4x256x!fp8.e3m4fn>
// CHECK:         fp8.quantize %[[X]], %[[S]] into %[[I]] : memref<4x256xf32>, memref<4x2xf32> into memref<4x256x!fp8.e3m4fn>
func.func @quantize_memref(%x: memref<4x256xf32>, %s: memref<4x2xf32>, %i: memref<4x256x!fp8.e3m4fn>, %seed: i64) {
  fp8.quantize %x, %s into %i : memref<4x256xf32>, memref<4x2xf32> into memref<4x256x!fp8.e3m4fn>
  fp8.quantize %x, %s seed(%seed : i64) into %i {rounding = #fp8.rounding<stochastic>} : memref<4x256xf32>, memref<4x2xf32> into memref<4x256x!fp8.e3m4fn>
  fp8.quantize %x, %s into %i : memref<4x256xf32>, memref<4x2xf32> into memref<4x256x!fp8.e3m4fn>
  return
}

//===----------------------------------------------------------------------===//
// fp8.dequantize
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dequantize(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<128x256xf8E4M3FN>, %[[S:[a-z0-9_]+]]: tensor<1x2xf32>
// CHECK:         %[[A:.+]] = fp8.dequantize %[[Q]], %[[S]] into %{{.+}} : tensor<128x256xf8E4M3FN>, tensor<1x2xf32> into tensor<128x256xf32>
// CHECK:         %[[B:.+]] = fp8.dequantize %[[Q]], %[[S]] into %{{.+}} : tensor<128x256xf8E4M3FN>, tensor<1x2xf32> into tensor<128x256xf16>
// CHECK:         %[[C:.+]] = fp8.dequantize %[[Q]], %[[S]] into %{{.+}} : tensor<128x256xf8E4M3FN>, tensor<1x2xf32> into tensor<128x256xbf16>
// CHECK:         return %[[A]], %[[B]], %[[C]]
func.func @dequantize(%q: tensor<128x256xf8E4M3FN>, %s: tensor<1x2xf32>, %a: tensor<128x256xf32>, %b: tensor<128x256xf16>, %c: tensor<128x256xbf16>) -> (tensor<128x256xf32>, tensor<128x256xf16>, tensor<128x256xbf16>) {
  %0 = fp8.dequantize %q, %s into %a : tensor<128x256xf8E4M3FN>, tensor<1x2xf32> into tensor<128x256xf32>
  %1 = fp8.dequantize %q, %s into %b : tensor<128x256xf8E4M3FN>, tensor<1x2xf32> into tensor<128x256xf16>
  %2 = fp8.dequantize %q, %s into %c : tensor<128x256xf8E4M3FN>, tensor<1x2xf32> into tensor<128x256xbf16>
  return %0, %1, %2 : tensor<128x256xf32>, tensor<128x256xf16>, tensor<128x256xbf16>
}

// CHECK-LABEL: func.func @dequantize_storage_types(
// CHECK:         fp8.dequantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<?x32x!fp8.e3m4fn>, tensor<f32> into tensor<?x32xf32>
// CHECK:         fp8.dequantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<4x32xf8E5M2FNUZ>, tensor<4x1xf8E8M0FNU> into tensor<4x32xbf16>
// CHECK:         fp8.dequantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<4x32xf8E4M3B11FNUZ>, tensor<4x32xf32> into tensor<4x32xf16>
func.func @dequantize_storage_types(%d: tensor<?x32x!fp8.e3m4fn>, %s: tensor<f32>, %i: tensor<?x32xf32>,
    %e: tensor<4x32xf8E5M2FNUZ>, %se: tensor<4x1xf8E8M0FNU>, %ie: tensor<4x32xbf16>,
    %f: tensor<4x32xf8E4M3B11FNUZ>, %sf: tensor<4x32xf32>, %if: tensor<4x32xf16>) {
  %0 = fp8.dequantize %d, %s into %i : tensor<?x32x!fp8.e3m4fn>, tensor<f32> into tensor<?x32xf32>
  %1 = fp8.dequantize %e, %se into %ie : tensor<4x32xf8E5M2FNUZ>, tensor<4x1xf8E8M0FNU> into tensor<4x32xbf16>
  %2 = fp8.dequantize %f, %sf into %if : tensor<4x32xf8E4M3B11FNUZ>, tensor<4x32xf32> into tensor<4x32xf16>
  return
}

// CHECK-LABEL: func.func @dequantize_memref(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: memref<4x256xf8E5M2>, %[[S:[a-z0-9_]+]]: memref<4x1xf32>, %[[I:[a-z0-9_]+]]: memref<4x256xbf16>)
// CHECK-NEXT:    fp8.dequantize %[[Q]], %[[S]] into %[[I]] : memref<4x256xf8E5M2>, memref<4x1xf32> into memref<4x256xbf16>
// CHECK-NEXT:    return
func.func @dequantize_memref(%q: memref<4x256xf8E5M2>, %s: memref<4x1xf32>, %i: memref<4x256xbf16>) {
  fp8.dequantize %q, %s into %i : memref<4x256xf8E5M2>, memref<4x1xf32> into memref<4x256xbf16>
  return
}

//===----------------------------------------------------------------------===//
// fp8.dynamic_quantize
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dynamic_quantize_per_tensor(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x256xf32>, %[[QI:[a-z0-9_]+]]: tensor<4x256xf8E4M3FN>, %[[SI:[a-z0-9_]+]]: tensor<f32>)
// CHECK:         %[[R:.+]]:2 = fp8.dynamic_quantize %[[X]] into %[[QI]], %[[SI]] : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<f32>
// CHECK:         return %[[R]]#0, %[[R]]#1
func.func @dynamic_quantize_per_tensor(%x: tensor<4x256xf32>, %qi: tensor<4x256xf8E4M3FN>, %si: tensor<f32>) -> (tensor<4x256xf8E4M3FN>, tensor<f32>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<f32>
  return %q, %s : tensor<4x256xf8E4M3FN>, tensor<f32>
}

// CHECK-LABEL: func.func @dynamic_quantize_per_row(
// CHECK:         fp8.dynamic_quantize %{{.+}} into %{{.+}}, %{{.+}} {margin = 1 : i64} : tensor<4x256xbf16> into tensor<4x256xf8E5M2>, tensor<4x1xf32>
func.func @dynamic_quantize_per_row(%x: tensor<4x256xbf16>, %qi: tensor<4x256xf8E5M2>, %si: tensor<4x1xf32>) -> (tensor<4x256xf8E5M2>, tensor<4x1xf32>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {margin = 1 : i64} : tensor<4x256xbf16> into tensor<4x256xf8E5M2>, tensor<4x1xf32>
  return %q, %s : tensor<4x256xf8E5M2>, tensor<4x1xf32>
}

// CHECK-LABEL: func.func @dynamic_quantize_blocks(
// CHECK:         fp8.dynamic_quantize %{{.+}} into %{{.+}}, %{{.+}} {margin = -2 : i64, pow2_scale = true} : tensor<4x256xf16> into tensor<4x256xf8E4M3FN>, tensor<4x2xf32>
func.func @dynamic_quantize_blocks(%x: tensor<4x256xf16>, %qi: tensor<4x256xf8E4M3FN>, %si: tensor<4x2xf32>) -> (tensor<4x256xf8E4M3FN>, tensor<4x2xf32>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {margin = -2 : i64, pow2_scale = true} : tensor<4x256xf16> into tensor<4x256xf8E4M3FN>, tensor<4x2xf32>
  return %q, %s : tensor<4x256xf8E4M3FN>, tensor<4x2xf32>
}

// MX-style: 1x32 blocks with f8E8M0FNU scales.
// CHECK-LABEL: func.func @dynamic_quantize_e8m0(
// CHECK:         fp8.dynamic_quantize %{{.+}} into %{{.+}}, %{{.+}} {pow2_scale = true} : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<4x8xf8E8M0FNU>
func.func @dynamic_quantize_e8m0(%x: tensor<4x256xf32>, %qi: tensor<4x256xf8E4M3FN>, %si: tensor<4x8xf8E8M0FNU>) -> (tensor<4x256xf8E4M3FN>, tensor<4x8xf8E8M0FNU>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {pow2_scale = true} : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<4x8xf8E8M0FNU>
  return %q, %s : tensor<4x256xf8E4M3FN>, tensor<4x8xf8E8M0FNU>
}

// CHECK-LABEL: func.func @dynamic_quantize_dynamic(
// CHECK:         fp8.dynamic_quantize %{{.+}} into %{{.+}}, %{{.+}} : tensor<?x256xf32> into tensor<?x256x!fp8.e3m4fn>, tensor<?x1xf32>
func.func @dynamic_quantize_dynamic(%x: tensor<?x256xf32>, %qi: tensor<?x256x!fp8.e3m4fn>, %si: tensor<?x1xf32>) -> (tensor<?x256x!fp8.e3m4fn>, tensor<?x1xf32>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<?x256xf32> into tensor<?x256x!fp8.e3m4fn>, tensor<?x1xf32>
  return %q, %s : tensor<?x256x!fp8.e3m4fn>, tensor<?x1xf32>
}

// CHECK-LABEL: func.func @dynamic_quantize_memref(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<4x256xf32>, %[[QI:[a-z0-9_]+]]: memref<4x256xf8E4M3FN>, %[[SI:[a-z0-9_]+]]: memref<4x2xf32>)
// CHECK-NEXT:    fp8.dynamic_quantize %[[X]] into %[[QI]], %[[SI]] : memref<4x256xf32> into memref<4x256xf8E4M3FN>, memref<4x2xf32>
// CHECK-NEXT:    return
func.func @dynamic_quantize_memref(%x: memref<4x256xf32>, %qi: memref<4x256xf8E4M3FN>, %si: memref<4x2xf32>) {
  fp8.dynamic_quantize %x into %qi, %si : memref<4x256xf32> into memref<4x256xf8E4M3FN>, memref<4x2xf32>
  return
}

//===----------------------------------------------------------------------===//
// fp8.scaled_matmul
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @scaled_matmul_per_tensor(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<64x128xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<128x32xf8E4M3FN>, %[[SA:[a-z0-9_]+]]: tensor<f32>, %[[SB:[a-z0-9_]+]]: tensor<f32>, %[[C:[a-z0-9_]+]]: tensor<64x32xf32>)
// CHECK:         %[[R:.+]] = fp8.scaled_matmul %[[A]], %[[B]] scales(%[[SA]], %[[SB]]) into %[[C]] : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
// CHECK:         return %[[R]]
func.func @scaled_matmul_per_tensor(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<f32>, %c: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return %r : tensor<64x32xf32>
}

// Defaults (b_layout = kn, chunk = 0, no acc_type) are elided.
// CHECK-LABEL: func.func @scaled_matmul_defaults_elided(
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} : tensor<64x128xf8E4M3FN>
// CHECK-NOT:     b_layout
// CHECK-NOT:     chunk
// CHECK:         return
func.func @scaled_matmul_defaults_elided(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<f32>, %c: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<kn>, chunk = 0 : i64} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return %r : tensor<64x32xf32>
}

// Per-row scales for A, per-column for B; mixed E4M3 x E5M2; bf16 result.
// CHECK-LABEL: func.func @scaled_matmul_per_channel(
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E5M2>, tensor<64x1xf32>, tensor<1x32xf32> into tensor<64x32xbf16>
func.func @scaled_matmul_per_channel(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E5M2>, %sa: tensor<64x1xf32>, %sb: tensor<1x32xf32>, %c: tensor<64x32xbf16>) -> tensor<64x32xbf16> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E5M2>, tensor<64x1xf32>, tensor<1x32xf32> into tensor<64x32xbf16>
  return %r : tensor<64x32xbf16>
}

// DeepSeek-V3 style: 1x128 blocks for A, 128x128 for B (nk), promotion every 128.
// CHECK-LABEL: func.func @scaled_matmul_blocks(
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} {b_layout = #fp8.layout<nk>, chunk = 128 : i64} : tensor<256x512xf8E4M3FN>, tensor<384x512xf8E4M3FN>, tensor<256x4xf32>, tensor<3x4xf32> into tensor<256x384xbf16>
func.func @scaled_matmul_blocks(%a: tensor<256x512xf8E4M3FN>, %b: tensor<384x512xf8E4M3FN>, %sa: tensor<256x4xf32>, %sb: tensor<3x4xf32>, %c: tensor<256x384xbf16>) -> tensor<256x384xbf16> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>, chunk = 128 : i64} : tensor<256x512xf8E4M3FN>, tensor<384x512xf8E4M3FN>, tensor<256x4xf32>, tensor<3x4xf32> into tensor<256x384xbf16>
  return %r : tensor<256x384xbf16>
}

// MX: 1x32 f8E8M0FNU block scales along K on both operands.
// CHECK-LABEL: func.func @scaled_matmul_mx(
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} {b_layout = #fp8.layout<nk>} : tensor<32x256xf8E4M3FN>, tensor<64x256xf8E5M2>, tensor<32x8xf8E8M0FNU>, tensor<64x8xf8E8M0FNU> into tensor<32x64xf32>
func.func @scaled_matmul_mx(%a: tensor<32x256xf8E4M3FN>, %b: tensor<64x256xf8E5M2>, %sa: tensor<32x8xf8E8M0FNU>, %sb: tensor<64x8xf8E8M0FNU>, %c: tensor<32x64xf32>) -> tensor<32x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>} : tensor<32x256xf8E4M3FN>, tensor<64x256xf8E5M2>, tensor<32x8xf8E8M0FNU>, tensor<64x8xf8E8M0FNU> into tensor<32x64xf32>
  return %r : tensor<32x64xf32>
}

// CHECK-LABEL: func.func @scaled_matmul_acc_types(
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} {acc_type = f16, chunk = 32 : i64} : tensor<16x64xf8E5M2>, tensor<64x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x16xf16>
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} {acc_type = bf16} : tensor<16x64xf8E5M2>, tensor<64x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x16xf16>
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} {acc_type = f32} : tensor<16x64xf8E5M2>, tensor<64x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x16xf16>
func.func @scaled_matmul_acc_types(%a: tensor<16x64xf8E5M2>, %b: tensor<64x16xf8E4M3FN>, %s: tensor<f32>, %c: tensor<16x16xf16>) -> tensor<16x16xf16> {
  %0 = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {acc_type = f16, chunk = 32 : i64} : tensor<16x64xf8E5M2>, tensor<64x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x16xf16>
  %1 = fp8.scaled_matmul %a, %b scales(%s, %s) into %0 {acc_type = bf16} : tensor<16x64xf8E5M2>, tensor<64x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x16xf16>
  %2 = fp8.scaled_matmul %a, %b scales(%s, %s) into %1 {acc_type = f32} : tensor<16x64xf8E5M2>, tensor<64x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x16xf16>
  return %2 : tensor<16x16xf16>
}

// CHECK-LABEL: func.func @scaled_matmul_bias(
// CHECK-SAME:    %[[BIAS:[a-z0-9_]+]]: tensor<32xbf16>
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) bias(%[[BIAS]] : tensor<32xbf16>) into %{{.+}} : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
func.func @scaled_matmul_bias(%a: tensor<64x128xf8E4M3FN>, %b: tensor<128x32xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<f32>, %bias: tensor<32xbf16>, %c: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) bias(%bias : tensor<32xbf16>) into %c : tensor<64x128xf8E4M3FN>, tensor<128x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x32xf32>
  return %r : tensor<64x32xf32>
}

// Other storage formats, including the dialect's own E3M4FN.
// CHECK-LABEL: func.func @scaled_matmul_storage_types(
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} : tensor<8x16x!fp8.e3m4fn>, tensor<16x8xf8E4M3FNUZ>, tensor<f32>, tensor<f32> into tensor<8x8xf32>
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} : tensor<8x16xf8E5M2FNUZ>, tensor<16x8xf8E3M4>, tensor<f32>, tensor<f32> into tensor<8x8xf32>
func.func @scaled_matmul_storage_types(%a: tensor<8x16x!fp8.e3m4fn>, %b: tensor<16x8xf8E4M3FNUZ>, %a2: tensor<8x16xf8E5M2FNUZ>, %b2: tensor<16x8xf8E3M4>, %s: tensor<f32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<8x16x!fp8.e3m4fn>, tensor<16x8xf8E4M3FNUZ>, tensor<f32>, tensor<f32> into tensor<8x8xf32>
  %1 = fp8.scaled_matmul %a2, %b2 scales(%s, %s) into %0 : tensor<8x16xf8E5M2FNUZ>, tensor<16x8xf8E3M4>, tensor<f32>, tensor<f32> into tensor<8x8xf32>
  return %1 : tensor<8x8xf32>
}

// Dynamic M, N and K with per-row / per-column scales.
// CHECK-LABEL: func.func @scaled_matmul_dynamic(
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} : tensor<?x?xf8E4M3FN>, tensor<?x?xf8E4M3FN>, tensor<?x1xf32>, tensor<1x?xf32> into tensor<?x?xf32>
func.func @scaled_matmul_dynamic(%a: tensor<?x?xf8E4M3FN>, %b: tensor<?x?xf8E4M3FN>, %sa: tensor<?x1xf32>, %sb: tensor<1x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<?x?xf8E4M3FN>, tensor<?x?xf8E4M3FN>, tensor<?x1xf32>, tensor<1x?xf32> into tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// CHECK-LABEL: func.func @scaled_matmul_memref(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: memref<64x128xf8E4M3FN>, %[[B:[a-z0-9_]+]]: memref<32x128xf8E4M3FN>, %[[SA:[a-z0-9_]+]]: memref<64x1xf32>, %[[SB:[a-z0-9_]+]]: memref<32x1xf32>, %[[BIAS:[a-z0-9_]+]]: memref<32xf32>, %[[C:[a-z0-9_]+]]: memref<64x32xbf16>)
// CHECK-NEXT:    fp8.scaled_matmul %[[A]], %[[B]] scales(%[[SA]], %[[SB]]) bias(%[[BIAS]] : memref<32xf32>) into %[[C]] {b_layout = #fp8.layout<nk>} : memref<64x128xf8E4M3FN>, memref<32x128xf8E4M3FN>, memref<64x1xf32>, memref<32x1xf32> into memref<64x32xbf16>
// CHECK-NEXT:    return
func.func @scaled_matmul_memref(%a: memref<64x128xf8E4M3FN>, %b: memref<32x128xf8E4M3FN>, %sa: memref<64x1xf32>, %sb: memref<32x1xf32>, %bias: memref<32xf32>, %c: memref<64x32xbf16>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) bias(%bias : memref<32xf32>) into %c {b_layout = #fp8.layout<nk>} : memref<64x128xf8E4M3FN>, memref<32x128xf8E4M3FN>, memref<64x1xf32>, memref<32x1xf32> into memref<64x32xbf16>
  return
}

//===----------------------------------------------------------------------===//
// fp8.batch_scaled_matmul
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_scaled_matmul(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<8x64x128xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<8x128x32xf8E5M2>, %[[SA:[a-z0-9_]+]]: tensor<f32>, %[[SB:[a-z0-9_]+]]: tensor<8x1x32xf32>, %[[C:[a-z0-9_]+]]: tensor<8x64x32xf32>)
// CHECK:         %[[R:.+]] = fp8.batch_scaled_matmul %[[A]], %[[B]] scales(%[[SA]], %[[SB]]) into %[[C]] : tensor<8x64x128xf8E4M3FN>, tensor<8x128x32xf8E5M2>, tensor<f32>, tensor<8x1x32xf32> into tensor<8x64x32xf32>
// CHECK:         return %[[R]]
func.func @batch_scaled_matmul(%a: tensor<8x64x128xf8E4M3FN>, %b: tensor<8x128x32xf8E5M2>, %sa: tensor<f32>, %sb: tensor<8x1x32xf32>, %c: tensor<8x64x32xf32>) -> tensor<8x64x32xf32> {
  %r = fp8.batch_scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<8x64x128xf8E4M3FN>, tensor<8x128x32xf8E5M2>, tensor<f32>, tensor<8x1x32xf32> into tensor<8x64x32xf32>
  return %r : tensor<8x64x32xf32>
}

// CHECK-LABEL: func.func @batch_scaled_matmul_blocks_bias(
// CHECK:         fp8.batch_scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) bias(%{{.+}} : tensor<256xf16>) into %{{.+}} {acc_type = bf16, b_layout = #fp8.layout<nk>, chunk = 64 : i64} : tensor<?x64x256xf8E4M3FN>, tensor<?x256x256xf8E4M3FN>, tensor<?x64x2xf32>, tensor<?x2x2xf32> into tensor<?x64x256xbf16>
func.func @batch_scaled_matmul_blocks_bias(%a: tensor<?x64x256xf8E4M3FN>, %b: tensor<?x256x256xf8E4M3FN>, %sa: tensor<?x64x2xf32>, %sb: tensor<?x2x2xf32>, %bias: tensor<256xf16>, %c: tensor<?x64x256xbf16>) -> tensor<?x64x256xbf16> {
  %r = fp8.batch_scaled_matmul %a, %b scales(%sa, %sb) bias(%bias : tensor<256xf16>) into %c {acc_type = bf16, b_layout = #fp8.layout<nk>, chunk = 64 : i64} : tensor<?x64x256xf8E4M3FN>, tensor<?x256x256xf8E4M3FN>, tensor<?x64x2xf32>, tensor<?x2x2xf32> into tensor<?x64x256xbf16>
  return %r : tensor<?x64x256xbf16>
}

// CHECK-LABEL: func.func @batch_scaled_matmul_memref(
// CHECK-NEXT:    fp8.batch_scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} : memref<2x16x32xf8E4M3FN>, memref<2x32x16xf8E4M3FN>, memref<f32>, memref<f32> into memref<2x16x16xf32>
// CHECK-NEXT:    return
func.func @batch_scaled_matmul_memref(%a: memref<2x16x32xf8E4M3FN>, %b: memref<2x32x16xf8E4M3FN>, %s: memref<f32>, %c: memref<2x16x16xf32>) {
  fp8.batch_scaled_matmul %a, %b scales(%s, %s) into %c : memref<2x16x32xf8E4M3FN>, memref<2x32x16xf8E4M3FN>, memref<f32>, memref<f32> into memref<2x16x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// fp8.observe
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @observe(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x256xf32>, %[[Y:[a-z0-9_]+]]: tensor<?x8xbf16>)
// CHECK:         %[[A:.+]] = fp8.observe %[[X]] {id = "layer1.fc.input"} : tensor<4x256xf32>
// CHECK:         %[[B:.+]] = fp8.observe %[[Y]] {id = "layer1.fc.weight"} : tensor<?x8xbf16>
// CHECK:         return %[[A]], %[[B]]
func.func @observe(%x: tensor<4x256xf32>, %y: tensor<?x8xbf16>) -> (tensor<4x256xf32>, tensor<?x8xbf16>) {
  %a = fp8.observe %x {id = "layer1.fc.input"} : tensor<4x256xf32>
  %b = fp8.observe %y {id = "layer1.fc.weight"} : tensor<?x8xbf16>
  return %a, %b : tensor<4x256xf32>, tensor<?x8xbf16>
}

// CHECK-LABEL: func.func @observe_memref(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<16xf16>)
// CHECK-NEXT:    fp8.observe %[[X]] {id = "act"} : memref<16xf16>
// CHECK-NEXT:    return
func.func @observe_memref(%x: memref<16xf16>) {
  fp8.observe %x {id = "act"} : memref<16xf16>
  return
}

// Only B knows K; per-tensor scales have no K block, so any chunk is valid.
// CHECK-LABEL: func.func @scaled_matmul_k_from_b(
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%{{.+}}, %{{.+}}) into %{{.+}} {chunk = 3 : i64}
func.func @scaled_matmul_k_from_b(%a: tensor<4x?xf8E4M3FN>, %b: tensor<64x8xf8E4M3FN>, %s: tensor<f32>, %c: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {chunk = 3 : i64} : tensor<4x?xf8E4M3FN>, tensor<64x8xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @scaled_matmul_dynamic_b_k(
// CHECK:         fp8.scaled_matmul
func.func @scaled_matmul_dynamic_b_k(%a: tensor<4x64xf8E4M3FN>, %b: tensor<?x8xf8E4M3FN>, %s: tensor<f32>, %c: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {chunk = 3 : i64} : tensor<4x64xf8E4M3FN>, tensor<?x8xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}
