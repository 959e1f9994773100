// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s
// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s --check-prefix=NOFP8

// fp8.quantize becomes one elementwise linalg.generic whose payload divides
// by the scale in f32 and encodes the f32 bit pattern with integer ops; the
// i8 code is bitcast to the FP8 type. The bit-level algorithm is checked by
// test/Integration; here the structure is.

// No FP8 float arithmetic, no FP8 extf/truncf and no (APFloat) call remain.
// NOFP8-NOT: fp8.quantize
// NOFP8-NOT: arith.extf {{.*}}f8E
// NOFP8-NOT: arith.{{[a-z]+}}f {{[^:]*}}: f8E
// NOFP8-NOT: arith.truncf {{.*}}f8E
// NOFP8-NOT: call @
// NOFP8-NOT: apfloat

// CHECK-DAG:   #[[ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[SCALAR1:.+]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @quantize_per_tensor(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<16xf32>, %[[S:[a-z0-9_]+]]: tensor<f32>, %[[I:[a-z0-9_]+]]: tensor<16xf8E4M3FN>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[SCALAR1]], #[[ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[S]] : tensor<16xf32>, tensor<f32>) outs(%[[I]] : tensor<16xf8E4M3FN>)
// CHECK:         ^bb0(%[[IN:.+]]: f32, %[[SC:.+]]: f32, %{{.+}}: f8E4M3FN):
// CHECK:           %[[DIV:.+]] = arith.divf %[[IN]], %[[SC]] : f32
// CHECK:           arith.bitcast %[[DIV]] : f32 to i32
// CHECK-NOT:       linalg.index
// CHECK:           %[[Q:.+]] = arith.bitcast %{{.+}} : i8 to f8E4M3FN
// CHECK-NEXT:      linalg.yield %[[Q]] : f8E4M3FN
// CHECK:         return %[[R]]
func.func @quantize_per_tensor(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>) -> tensor<16xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

// -----

// 1x128 block scales: the scale is read at (i, j floordiv 128).
// CHECK-DAG:   #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[BLOCK:.+]] = affine_map<(d0, d1) -> (d0, d1 floordiv 128)>
// CHECK-LABEL: func.func @quantize_blocks(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x256xf32>, %[[S:[a-z0-9_]+]]: tensor<4x2xf32>, %[[I:[a-z0-9_]+]]: tensor<4x256xf8E5M2>)
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[BLOCK]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[S]] : tensor<4x256xf32>, tensor<4x2xf32>) outs(%[[I]] : tensor<4x256xf8E5M2>)
// CHECK:           arith.divf
// CHECK:           arith.bitcast %{{.+}} : i8 to f8E5M2
func.func @quantize_blocks(%x: tensor<4x256xf32>, %s: tensor<4x2xf32>, %i: tensor<4x256xf8E5M2>) -> tensor<4x256xf8E5M2> {
  %q = fp8.quantize %x, %s into %i : tensor<4x256xf32>, tensor<4x2xf32> into tensor<4x256xf8E5M2>
  return %q : tensor<4x256xf8E5M2>
}

// -----

// Broadcast scale dimensions read index 0: per-row [M, 1], per-column [1, N].
// CHECK-DAG:   #[[ROW:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG:   #[[COL:.+]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @quantize_broadcast_scales(
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[ROW]], #{{.+}}]
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[COL]], #{{.+}}]
func.func @quantize_broadcast_scales(%x: tensor<4x256xf32>, %r: tensor<4x1xf32>, %c: tensor<1x256xf32>, %i: tensor<4x256xf8E4M3FN>) -> tensor<4x256xf8E4M3FN> {
  %0 = fp8.quantize %x, %r into %i : tensor<4x256xf32>, tensor<4x1xf32> into tensor<4x256xf8E4M3FN>
  %1 = fp8.quantize %x, %c into %0 : tensor<4x256xf32>, tensor<1x256xf32> into tensor<4x256xf8E4M3FN>
  return %1 : tensor<4x256xf8E4M3FN>
}

// -----

// bf16 input is widened with extf (bf16, not FP8); an f8E8M0FNU scale is
// decoded from its i8 code with integer ops.
// CHECK-DAG:   #[[MX:.+]] = affine_map<(d0, d1) -> (d0, d1 floordiv 32)>
// CHECK-LABEL: func.func @quantize_bf16_e8m0_scale(
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[MX]], #{{.+}}]
// CHECK:         ^bb0(%[[IN:.+]]: bf16, %[[SC:.+]]: f8E8M0FNU, %{{.+}}: f8E4M3FNUZ):
// CHECK:           %[[WIDE:.+]] = arith.extf %[[IN]] : bf16 to f32
// CHECK:           %[[CODE:.+]] = arith.bitcast %[[SC]] : f8E8M0FNU to i8
// CHECK:           arith.extui %[[CODE]] : i8 to i32
// CHECK:           %[[SF32:.+]] = arith.bitcast %{{.+}} : i32 to f32
// CHECK:           arith.divf %[[WIDE]], %[[SF32]] : f32
// CHECK:           arith.bitcast %{{.+}} : i8 to f8E4M3FNUZ
func.func @quantize_bf16_e8m0_scale(%x: tensor<2x64xbf16>, %s: tensor<2x2xf8E8M0FNU>, %i: tensor<2x64xf8E4M3FNUZ>) -> tensor<2x64xf8E4M3FNUZ> {
  %q = fp8.quantize %x, %s into %i : tensor<2x64xbf16>, tensor<2x2xf8E8M0FNU> into tensor<2x64xf8E4M3FNUZ>
  return %q : tensor<2x64xf8E4M3FNUZ>
}

// -----

// Stochastic rounding with the seed attribute: the random bits come from
// the seed constant and the row-major linear index of the element.
// CHECK-LABEL: func.func @quantize_stochastic_seed_attr(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<8x16xf32>
// CHECK-DAG:     %[[SEED:.+]] = arith.constant 42 : i64
// CHECK-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG:     %[[D0:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<8x16xf32>
// CHECK-DAG:     %[[D1:.+]] = tensor.dim %[[X]], %[[C1]] : tensor<8x16xf32>
// CHECK:         linalg.generic
// CHECK:           %[[I:.+]] = linalg.index 0 : index
// CHECK:           %[[ZERO:.+]] = arith.muli %{{.+}}, %[[D0]] : index
// CHECK:           %[[ROW:.+]] = arith.addi %[[ZERO]], %[[I]] : index
// CHECK:           %[[J:.+]] = linalg.index 1 : index
// CHECK:           %[[ROWBASE:.+]] = arith.muli %[[ROW]], %[[D1]] : index
// CHECK:           %[[LIN:.+]] = arith.addi %[[ROWBASE]], %[[J]] : index
// CHECK:           %[[LIN64:.+]] = arith.index_castui %[[LIN]] : index to i64
// CHECK:           arith.muli %[[SEED]], %{{.+}} : i64
// CHECK:           arith.addi %{{.+}}, %[[LIN64]] : i64
// CHECK:           arith.bitcast %{{.+}} : i8 to f8E4M3FN
func.func @quantize_stochastic_seed_attr(%x: tensor<8x16xf32>, %s: tensor<f32>, %i: tensor<8x16xf8E4M3FN>) -> tensor<8x16xf8E4M3FN> {
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<stochastic>, seed = 42 : i64} : tensor<8x16xf32>, tensor<f32> into tensor<8x16xf8E4M3FN>
  return %q : tensor<8x16xf8E4M3FN>
}

// -----

// A seed operand narrower than i64 is zero-extended; f16 input; dynamic
// rows with per-row scales.
// CHECK-DAG:   #[[ROW:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @quantize_stochastic_seed_operand(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<?x256xf16>, %[[S:[a-z0-9_]+]]: tensor<?x1xf32>, %[[I:[a-z0-9_]+]]: tensor<?x256xf8E5M2>, %[[SEED:[a-z0-9_]+]]: i32)
// CHECK:         %[[SEED64:.+]] = arith.extui %[[SEED]] : i32 to i64
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[ROW]], #{{.+}}], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[S]] : tensor<?x256xf16>, tensor<?x1xf32>) outs(%[[I]] : tensor<?x256xf8E5M2>)
// CHECK:           arith.extf %{{.+}} : f16 to f32
// CHECK:           linalg.index 0
// CHECK:           linalg.index 1
// CHECK:           arith.muli %[[SEED64]], %{{.+}} : i64
// CHECK:           arith.bitcast %{{.+}} : i8 to f8E5M2
func.func @quantize_stochastic_seed_operand(%x: tensor<?x256xf16>, %s: tensor<?x1xf32>, %i: tensor<?x256xf8E5M2>, %seed: i32) -> tensor<?x256xf8E5M2> {
  %q = fp8.quantize %x, %s seed(%seed : i32) into %i {rounding = #fp8.rounding<stochastic>} : tensor<?x256xf16>, tensor<?x1xf32> into tensor<?x256xf8E5M2>
  return %q : tensor<?x256xf8E5M2>
}

// -----

// An i64 seed operand is used as is.
// CHECK-LABEL: func.func @quantize_stochastic_seed_i64(
// CHECK-SAME:    %[[SEED:[a-z0-9_]+]]: i64)
// CHECK-NOT:     arith.extui %[[SEED]]
// CHECK:         linalg.generic
// CHECK:           arith.muli %[[SEED]], %{{.+}} : i64
func.func @quantize_stochastic_seed_i64(%x: tensor<16xf32>, %s: tensor<f32>, %i: tensor<16xf8E4M3FN>, %seed: i64) -> tensor<16xf8E4M3FN> {
  %q = fp8.quantize %x, %s seed(%seed : i64) into %i {rounding = #fp8.rounding<stochastic>} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

// -----

// Every builtin storage format lowers (toward_zero and non-saturating too).
// CHECK-LABEL: func.func @quantize_formats(
// CHECK:         arith.bitcast %{{.+}} : i8 to f8E3M4
// CHECK:         arith.bitcast %{{.+}} : i8 to f8E4M3
// CHECK:         arith.bitcast %{{.+}} : i8 to f8E5M2FNUZ
// CHECK:         arith.bitcast %{{.+}} : i8 to f8E4M3B11FNUZ
func.func @quantize_formats(%x: tensor<16xf32>, %s: tensor<f32>, %a: tensor<16xf8E3M4>, %b: tensor<16xf8E4M3>, %c: tensor<16xf8E5M2FNUZ>, %d: tensor<16xf8E4M3B11FNUZ>) -> (tensor<16xf8E3M4>, tensor<16xf8E4M3>, tensor<16xf8E5M2FNUZ>, tensor<16xf8E4M3B11FNUZ>) {
  %0 = fp8.quantize %x, %s into %a {rounding = #fp8.rounding<toward_zero>} : tensor<16xf32>, tensor<f32> into tensor<16xf8E3M4>
  %1 = fp8.quantize %x, %s into %b {saturate = false} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3>
  %2 = fp8.quantize %x, %s into %c : tensor<16xf32>, tensor<f32> into tensor<16xf8E5M2FNUZ>
  %3 = fp8.quantize %x, %s into %d {rounding = #fp8.rounding<toward_zero>, saturate = false} : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3B11FNUZ>
  return %0, %1, %2, %3 : tensor<16xf8E3M4>, tensor<16xf8E4M3>, tensor<16xf8E5M2FNUZ>, tensor<16xf8E4M3B11FNUZ>
}
