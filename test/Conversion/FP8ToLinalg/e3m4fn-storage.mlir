// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s
// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s --check-prefix=NOFP8

// The dialect storage type !fp8.e3m4fn has no builtin float type: after the
// lowering its values are i8 codes everywhere, function signatures, calls,
// tensor.empty, slices and linalg payloads included, and no bitcast is
// needed.

// NOFP8-NOT: !fp8.e3m4fn
// NOFP8-NOT: fp8.quantize
// NOFP8-NOT: fp8.dequantize
// NOFP8-NOT: fp8.scaled_matmul
// NOFP8-NOT: arith.extf {{.*}}f8E
// NOFP8-NOT: arith.truncf {{.*}}f8E
// NOFP8-NOT: call @_mlir
// NOFP8-NOT: apfloat

// CHECK-LABEL: func.func @quantize_e3m4fn(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<16xf32>, %[[S:[a-z0-9_]+]]: tensor<f32>) -> tensor<16xi8>
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<16xi8>
// CHECK:         %[[Q:.+]] = linalg.generic
// CHECK-SAME:        ins(%[[X]], %[[S]] : tensor<16xf32>, tensor<f32>) outs(%[[E]] : tensor<16xi8>)
// CHECK:         ^bb0(%{{.+}}: f32, %{{.+}}: f32, %{{.+}}: i8):
// CHECK-NOT:       arith.bitcast %{{.+}} : i8 to
// CHECK:           %[[CODE:.+]] = arith.select %{{.+}}, %{{.+}}, %{{.+}} : i8
// CHECK-NEXT:      linalg.yield %[[CODE]] : i8
// CHECK:         return %[[Q]] : tensor<16xi8>
func.func @quantize_e3m4fn(%x: tensor<16xf32>, %s: tensor<f32>) -> tensor<16x!fp8.e3m4fn> {
  %i = tensor.empty() : tensor<16x!fp8.e3m4fn>
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16x!fp8.e3m4fn>
  return %q : tensor<16x!fp8.e3m4fn>
}

// -----

// CHECK-LABEL: func.func @dequantize_e3m4fn(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<4x32xi8>, %[[S:[a-z0-9_]+]]: tensor<4x1xf32>, %[[I:[a-z0-9_]+]]: tensor<4x32xf32>) -> tensor<4x32xf32>
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[Q]], %[[S]] : tensor<4x32xi8>, tensor<4x1xf32>) outs(%[[I]] : tensor<4x32xf32>)
// CHECK:         ^bb0(%[[IN:.+]]: i8, %{{.+}}: f32, %{{.+}}: f32):
// CHECK-NEXT:      arith.extui %[[IN]] : i8 to i16
func.func @dequantize_e3m4fn(%q: tensor<4x32x!fp8.e3m4fn>, %s: tensor<4x1xf32>, %i: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %x = fp8.dequantize %q, %s into %i : tensor<4x32x!fp8.e3m4fn>, tensor<4x1xf32> into tensor<4x32xf32>
  return %x : tensor<4x32xf32>
}

// -----

// Calls, results and plain tensor ops on the storage type are converted too.
// CHECK-LABEL: func.func private @producer() -> tensor<16xi8>
// CHECK-LABEL: func.func @calls_and_slices(
// CHECK-SAME:    %[[ARG:[a-z0-9_]+]]: tensor<16xi8>) -> (tensor<16xi8>, tensor<8xi8>)
// CHECK:         %[[P:.+]] = call @producer() : () -> tensor<16xi8>
// CHECK:         %[[SL:.+]] = tensor.extract_slice %[[ARG]][0] [8] [1] : tensor<16xi8> to tensor<8xi8>
// CHECK:         return %[[P]], %[[SL]] : tensor<16xi8>, tensor<8xi8>
func.func private @producer() -> tensor<16x!fp8.e3m4fn>
func.func @calls_and_slices(%arg: tensor<16x!fp8.e3m4fn>) -> (tensor<16x!fp8.e3m4fn>, tensor<8x!fp8.e3m4fn>) {
  %p = call @producer() : () -> tensor<16x!fp8.e3m4fn>
  %sl = tensor.extract_slice %arg[0] [8] [1] : tensor<16x!fp8.e3m4fn> to tensor<8x!fp8.e3m4fn>
  return %p, %sl : tensor<16x!fp8.e3m4fn>, tensor<8x!fp8.e3m4fn>
}

// -----

// scaled_matmul on !fp8.e3m4fn operands: the i8 operands are padded with the
// i8 zero code (chunk 12 does not divide K = 32).
// CHECK-LABEL: func.func @scaled_matmul_e3m4fn(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<8x32xi8>, %[[B:[a-z0-9_]+]]: tensor<32x8xi8>
// CHECK:         %[[Z:.+]] = arith.constant 0 : i8
// CHECK:         %[[AP:.+]] = tensor.pad %[[A]] low[0, 0] high[0, 4]
// CHECK:           tensor.yield %[[Z]] : i8
// CHECK:         } : tensor<8x32xi8> to tensor<8x36xi8>
// CHECK:         tensor.pad %[[B]] low[0, 0] high[4, 0]
// CHECK:         tensor.expand_shape %[[AP]] {{\[}}[0], [1, 2]] output_shape [8, 3, 12] : tensor<8x36xi8> into tensor<8x3x12xi8>
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%{{.+}}, %{{.+}} : tensor<8x3x12xi8>, tensor<3x12x8xi8>)
// CHECK:         ^bb0(%[[X:.+]]: i8, %[[Y:.+]]: i8, %{{.+}}: f32):
// CHECK-NEXT:      arith.extui %[[X]] : i8 to i16
func.func @scaled_matmul_e3m4fn(%a: tensor<8x32x!fp8.e3m4fn>, %b: tensor<32x8x!fp8.e3m4fn>, %s: tensor<f32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {chunk = 12 : i64} : tensor<8x32x!fp8.e3m4fn>, tensor<32x8x!fp8.e3m4fn>, tensor<f32>, tensor<f32> into tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}

// -----

// A linalg op on codes (the im2col copy that fp8-fuse makes of a
// convolution): its operands, results and payload become i8.

// CHECK-LABEL: func.func @im2col_e3m4fn(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<1x2x4x4xi8>) -> tensor<2x3x3x2x2xi8>
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<2x3x3x2x2xi8>
// CHECK:         %[[C:.+]] = linalg.generic {{.+}} ins(%[[X]] : tensor<1x2x4x4xi8>) outs(%[[E]] : tensor<2x3x3x2x2xi8>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: i8, %{{.+}}: i8):
// CHECK-NEXT:      linalg.yield %[[IN]] : i8
// CHECK:         return %[[C]]
#im2col = affine_map<(d0, d1, d2, d3, d4) -> (0, d0, d3 + d1, d4 + d2)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
func.func @im2col_e3m4fn(%x: tensor<1x2x4x4x!fp8.e3m4fn>) -> tensor<2x3x3x2x2x!fp8.e3m4fn> {
  %e = tensor.empty() : tensor<2x3x3x2x2x!fp8.e3m4fn>
  %c = linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x2x4x4x!fp8.e3m4fn>) outs(%e : tensor<2x3x3x2x2x!fp8.e3m4fn>) {
  ^bb0(%in: !fp8.e3m4fn, %out: !fp8.e3m4fn):
    linalg.yield %in : !fp8.e3m4fn
  } -> tensor<2x3x3x2x2x!fp8.e3m4fn>
  return %c : tensor<2x3x3x2x2x!fp8.e3m4fn>
}
