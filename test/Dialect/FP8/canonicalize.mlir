// RUN: fp8-opt %s -canonicalize -split-input-file | FileCheck %s

// Folding of fp8.quantize / fp8.dequantize on constants. Values are printed
// in the shortest decimal form that parses back to the same FP8 code
// (1.953130e-03 is 2^-9 = 0.001953125 exactly); NaN and inf print as hex.

// E4M3FN, round to nearest even, saturating: 500 -> 448, 1e-3 -> 2^-9,
// 17.3 -> 18, NaN stays NaN (0x7F), -500 -> -448, 0 -> 0.
// CHECK-LABEL: func.func @quantize_fold_e4m3fn(
// CHECK-NOT:     fp8.quantize
// CHECK:         %[[C:.+]] = arith.constant dense<[4.480000e+02, 1.953130e-03, 1.800000e+01, 0x7F, -4.480000e+02, 0.000000e+00]> : tensor<6xf8E4M3FN>
// CHECK-NOT:     fp8.quantize
// CHECK:         return %[[C]]
func.func @quantize_fold_e4m3fn(%i: tensor<6xf8E4M3FN>) -> tensor<6xf8E4M3FN> {
  %x = arith.constant dense<[500.0, 1.0e-3, 17.3, 0x7FC00000, -500.0, 0.0]> : tensor<6xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %q = fp8.quantize %x, %s into %i : tensor<6xf32>, tensor<f32> into tensor<6xf8E4M3FN>
  return %q : tensor<6xf8E4M3FN>
}

// -----

// toward_zero: 1e-3 -> 0, 17.3 -> 16; overflow still saturates.
// CHECK-LABEL: func.func @quantize_fold_toward_zero(
// CHECK:         %[[C:.+]] = arith.constant dense<[4.480000e+02, 0.000000e+00, 1.600000e+01, 0x7F, -4.480000e+02, 0.000000e+00]> : tensor<6xf8E4M3FN>
// CHECK-NOT:     fp8.quantize
// CHECK:         return %[[C]]
func.func @quantize_fold_toward_zero(%i: tensor<6xf8E4M3FN>) -> tensor<6xf8E4M3FN> {
  %x = arith.constant dense<[500.0, 1.0e-3, 17.3, 0x7FC00000, -500.0, 0.0]> : tensor<6xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<toward_zero>} : tensor<6xf32>, tensor<f32> into tensor<6xf8E4M3FN>
  return %q : tensor<6xf8E4M3FN>
}

// -----

// saturate = false: overflow is NaN for E4M3FN (no inf), inf for E5M2.
// CHECK-LABEL: func.func @quantize_fold_no_saturate(
// CHECK-DAG:     %[[E4:.+]] = arith.constant dense<[0x7F, 1.953130e-03, 1.800000e+01, 0x7F, 0xFF, 0x7F]> : tensor<6xf8E4M3FN>
// CHECK-DAG:     %[[E5:.+]] = arith.constant dense<[5.120000e+02, 9.765620e-04, 1.600000e+01, 0x7E, -5.120000e+02, 0x7C]> : tensor<6xf8E5M2>
// CHECK-NOT:     fp8.quantize
// CHECK:         return %[[E4]], %[[E5]]
func.func @quantize_fold_no_saturate(%i: tensor<6xf8E4M3FN>, %j: tensor<6xf8E5M2>) -> (tensor<6xf8E4M3FN>, tensor<6xf8E5M2>) {
  %x = arith.constant dense<[500.0, 1.0e-3, 17.3, 0x7FC00000, -500.0, 1.0e6]> : tensor<6xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %q = fp8.quantize %x, %s into %i {saturate = false} : tensor<6xf32>, tensor<f32> into tensor<6xf8E4M3FN>
  %r = fp8.quantize %x, %s into %j {saturate = false} : tensor<6xf32>, tensor<f32> into tensor<6xf8E5M2>
  return %q, %r : tensor<6xf8E4M3FN>, tensor<6xf8E5M2>
}

// -----

// The other builtin storage formats: FNUZ NaN is 0x80 and has no -0,
// E3M4 saturates at 15.5, IEEE E4M3 overflows to inf (0x78) without
// saturation, E4M3B11FNUZ saturates at 30.
// CHECK-LABEL: func.func @quantize_fold_formats(
// CHECK-DAG:     %[[A:.+]] = arith.constant dense<[2.400000e+02, 0x80, 1.800000e+01, 0.000000e+00]> : tensor<4xf8E4M3FNUZ>
// CHECK-DAG:     %[[B:.+]] = arith.constant dense<[5.120000e+02, 0x80, 1.600000e+01, 0.000000e+00]> : tensor<4xf8E5M2FNUZ>
// CHECK-DAG:     %[[C:.+]] = arith.constant dense<[1.550000e+01, 0x78, 1.550000e+01, -0.000000e+00]> : tensor<4xf8E3M4>
// CHECK-DAG:     %[[D:.+]] = arith.constant dense<[0x78, 0x7C, 1.800000e+01, -0.000000e+00]> : tensor<4xf8E4M3>
// CHECK-DAG:     %[[E:.+]] = arith.constant dense<[3.000000e+01, 0x80, 1.800000e+01, 0.000000e+00]> : tensor<4xf8E4M3B11FNUZ>
// CHECK-NOT:     fp8.quantize
// CHECK:         return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]]
func.func @quantize_fold_formats(%a: tensor<4xf8E4M3FNUZ>, %b: tensor<4xf8E5M2FNUZ>, %c: tensor<4xf8E3M4>, %d: tensor<4xf8E4M3>, %e: tensor<4xf8E4M3B11FNUZ>) -> (tensor<4xf8E4M3FNUZ>, tensor<4xf8E5M2FNUZ>, tensor<4xf8E3M4>, tensor<4xf8E4M3>, tensor<4xf8E4M3B11FNUZ>) {
  %x = arith.constant dense<[500.0, 0x7FC00000, 17.3, -0.0]> : tensor<4xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %0 = fp8.quantize %x, %s into %a : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3FNUZ>
  %1 = fp8.quantize %x, %s into %b : tensor<4xf32>, tensor<f32> into tensor<4xf8E5M2FNUZ>
  %2 = fp8.quantize %x, %s into %c : tensor<4xf32>, tensor<f32> into tensor<4xf8E3M4>
  %3 = fp8.quantize %x, %s into %d {saturate = false} : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3>
  %4 = fp8.quantize %x, %s into %e : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3B11FNUZ>
  return %0, %1, %2, %3, %4 : tensor<4xf8E4M3FNUZ>, tensor<4xf8E5M2FNUZ>, tensor<4xf8E3M4>, tensor<4xf8E4M3>, tensor<4xf8E4M3B11FNUZ>
}

// -----

// f16 and bf16 inputs (splat input gives a splat result). 2^-10 is a tie
// between 0 and 2^-9 and rounds to the even 0.
// CHECK-LABEL: func.func @quantize_fold_f16_bf16(
// CHECK-DAG:     %[[H:.+]] = arith.constant dense<[4.480000e+02, -0.000000e+00, 0.000000e+00, 2.500000e+00]> : tensor<4xf8E4M3FN>
// CHECK-DAG:     %[[B:.+]] = arith.constant dense<1.800000e+01> : tensor<4xf8E4M3FN>
// CHECK:         return %[[H]], %[[B]]
func.func @quantize_fold_f16_bf16(%i: tensor<4xf8E4M3FN>) -> (tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>) {
  %h = arith.constant dense<[65504.0, -0.0, 0.0009765625, 2.5]> : tensor<4xf16>
  %b = arith.constant dense<17.3> : tensor<4xbf16>
  %s = arith.constant dense<1.0> : tensor<f32>
  %0 = fp8.quantize %h, %s into %i : tensor<4xf16>, tensor<f32> into tensor<4xf8E4M3FN>
  %1 = fp8.quantize %b, %s into %i : tensor<4xbf16>, tensor<f32> into tensor<4xf8E4M3FN>
  return %0, %1 : tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>
}

// -----

// 1x2 block scales: each pair of a row is divided by its own scale.
// CHECK-LABEL: func.func @quantize_fold_block_scales(
// CHECK:         %[[C:.+]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 1.500000e+00, 2.000000e+00], [1.000000e+01, 1.200000e+01, 2.800000e+01, 3.200000e+01]]> : tensor<2x4xf8E4M3FN>
// CHECK:         return %[[C]]
func.func @quantize_fold_block_scales(%i: tensor<2x4xf8E4M3FN>) -> tensor<2x4xf8E4M3FN> {
  %x = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32>
  %s = arith.constant dense<[[1.0, 2.0], [0.5, 0.25]]> : tensor<2x2xf32>
  %q = fp8.quantize %x, %s into %i : tensor<2x4xf32>, tensor<2x2xf32> into tensor<2x4xf8E4M3FN>
  return %q : tensor<2x4xf8E4M3FN>
}

// -----

// Per-row scales and f8E8M0FNU (power of two) scales.
// CHECK-LABEL: func.func @quantize_fold_row_and_e8m0_scales(
// CHECK-DAG:     %[[R:.+]] = arith.constant dense<{{\[}}[2.000000e+00, 4.000000e+00], [1.000000e+00, 1.000000e+00]]> : tensor<2x2xf8E4M3FN>
// CHECK-DAG:     %[[E:.+]] = arith.constant dense<[4.000000e+00, 8.000000e+00, 3.750000e-01, 5.000000e-01]> : tensor<4xf8E5M2>
// CHECK:         return %[[R]], %[[E]]
func.func @quantize_fold_row_and_e8m0_scales(%i: tensor<2x2xf8E4M3FN>, %j: tensor<4xf8E5M2>) -> (tensor<2x2xf8E4M3FN>, tensor<4xf8E5M2>) {
  %x = arith.constant dense<[[1.0, 2.0], [3.0, 3.0]]> : tensor<2x2xf32>
  %rs = arith.constant dense<[[0.5], [3.0]]> : tensor<2x1xf32>
  %0 = fp8.quantize %x, %rs into %i : tensor<2x2xf32>, tensor<2x1xf32> into tensor<2x2xf8E4M3FN>
  %y = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %es = arith.constant dense<[0.25, 8.0]> : tensor<2xf8E8M0FNU>
  %1 = fp8.quantize %y, %es into %j : tensor<4xf32>, tensor<2xf8E8M0FNU> into tensor<4xf8E5M2>
  return %0, %1 : tensor<2x2xf8E4M3FN>, tensor<4xf8E5M2>
}

// -----

// Stochastic rounding with a constant seed folds deterministically: the
// seed attribute and an equal constant seed operand give the same
// constant, which is uniqued; another seed gives other roundings of 17
// (halfway between 16 and 18).
// CHECK-LABEL: func.func @quantize_fold_stochastic(
// CHECK-DAG:     %[[S7:.+]] = arith.constant dense<[1.600000e+01, 1.800000e+01, 1.800000e+01, 1.600000e+01, 1.800000e+01, 1.800000e+01, 1.600000e+01, 1.600000e+01]> : tensor<8xf8E4M3FN>
// CHECK-DAG:     %[[S8:.+]] = arith.constant dense<[1.800000e+01, 1.800000e+01, 1.800000e+01, 1.800000e+01, 1.600000e+01, 1.800000e+01, 1.600000e+01, 1.600000e+01]> : tensor<8xf8E4M3FN>
// CHECK-NOT:     fp8.quantize
// CHECK:         return %[[S7]], %[[S7]], %[[S7]], %[[S8]]
func.func @quantize_fold_stochastic(%i: tensor<8xf8E4M3FN>) -> (tensor<8xf8E4M3FN>, tensor<8xf8E4M3FN>, tensor<8xf8E4M3FN>, tensor<8xf8E4M3FN>) {
  %x = arith.constant dense<17.0> : tensor<8xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %seed = arith.constant 7 : i64
  %a = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<stochastic>, seed = 7 : i64} : tensor<8xf32>, tensor<f32> into tensor<8xf8E4M3FN>
  %b = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<stochastic>, seed = 7 : i64} : tensor<8xf32>, tensor<f32> into tensor<8xf8E4M3FN>
  %c = fp8.quantize %x, %s seed(%seed : i64) into %i {rounding = #fp8.rounding<stochastic>} : tensor<8xf32>, tensor<f32> into tensor<8xf8E4M3FN>
  %d = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<stochastic>, seed = 8 : i64} : tensor<8xf32>, tensor<f32> into tensor<8xf8E4M3FN>
  return %a, %b, %c, %d : tensor<8xf8E4M3FN>, tensor<8xf8E4M3FN>, tensor<8xf8E4M3FN>, tensor<8xf8E4M3FN>
}

// -----

// Values on the grid are exact whatever the random bits.
// CHECK-LABEL: func.func @quantize_fold_stochastic_exact(
// CHECK:         %[[C:.+]] = arith.constant dense<[1.600000e+01, 1.800000e+01, -4.480000e+02, 0.000000e+00]> : tensor<4xf8E4M3FN>
// CHECK:         return %[[C]]
func.func @quantize_fold_stochastic_exact(%i: tensor<4xf8E4M3FN>) -> tensor<4xf8E4M3FN> {
  %x = arith.constant dense<[16.0, 18.0, -448.0, 0.0]> : tensor<4xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %q = fp8.quantize %x, %s into %i {rounding = #fp8.rounding<stochastic>, seed = 123 : i64} : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3FN>
  return %q : tensor<4xf8E4M3FN>
}

// -----

// CHECK-LABEL: func.func @dequantize_fold(
// CHECK-DAG:     %[[F32:.+]] = arith.constant dense<[3.000000e+00, -7.500000e+00, 1.344000e+03, 0.005859375]> : tensor<4xf32>
// CHECK-DAG:     %[[BF16:.+]] = arith.constant dense<[3.000000e+00, -7.500000e+00, 1.344000e+03, 5.859380e-03]> : tensor<4xbf16>
// CHECK-DAG:     %[[F16:.+]] = arith.constant dense<[3.000000e+00, -7.500000e+00, 1.344000e+03, 5.859380e-03]> : tensor<4xf16>
// CHECK-NOT:     fp8.dequantize
// CHECK:         return %[[F32]], %[[BF16]], %[[F16]]
func.func @dequantize_fold(%i: tensor<4xf32>, %j: tensor<4xbf16>, %k: tensor<4xf16>) -> (tensor<4xf32>, tensor<4xbf16>, tensor<4xf16>) {
  %x = arith.constant dense<[1.0, -2.5, 448.0, 0.001953125]> : tensor<4xf8E4M3FN>
  %s = arith.constant dense<3.0> : tensor<f32>
  %a = fp8.dequantize %x, %s into %i : tensor<4xf8E4M3FN>, tensor<f32> into tensor<4xf32>
  %b = fp8.dequantize %x, %s into %j : tensor<4xf8E4M3FN>, tensor<f32> into tensor<4xbf16>
  %c = fp8.dequantize %x, %s into %k : tensor<4xf8E4M3FN>, tensor<f32> into tensor<4xf16>
  return %a, %b, %c : tensor<4xf32>, tensor<4xbf16>, tensor<4xf16>
}

// -----

// E5M2 inf, -inf, NaN and the smallest subnormal (2^-16) with 2-element
// blocks of scales.
// CHECK-LABEL: func.func @dequantize_fold_special_values(
// CHECK:         %[[C:.+]] = arith.constant dense<[0x7F800000, 0xFF800000, 0x7FC00000, 7.62939453E-6]> : tensor<4xf32>
// CHECK:         return %[[C]]
func.func @dequantize_fold_special_values(%i: tensor<4xf32>) -> tensor<4xf32> {
  %x = arith.constant dense<[0x7C, 0xFC, 0x7E, 0x01]> : tensor<4xf8E5M2>
  %s = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %a = fp8.dequantize %x, %s into %i : tensor<4xf8E5M2>, tensor<2xf32> into tensor<4xf32>
  return %a : tensor<4xf32>
}

// -----

// The dialect storage type !fp8.e3m4fn has no dense attribute form: no fold.
// CHECK-LABEL: func.func @quantize_no_fold_e3m4fn(
// CHECK:         %[[Q:.+]] = fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<4xf32>, tensor<f32> into tensor<4x!fp8.e3m4fn>
// CHECK:         return %[[Q]]
func.func @quantize_no_fold_e3m4fn(%i: tensor<4x!fp8.e3m4fn>) -> tensor<4x!fp8.e3m4fn> {
  %x = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %q = fp8.quantize %x, %s into %i : tensor<4xf32>, tensor<f32> into tensor<4x!fp8.e3m4fn>
  return %q : tensor<4x!fp8.e3m4fn>
}

// -----

// No fold without constant operands, nor with a non-constant seed, nor into
// a dynamically shaped result.
// CHECK-LABEL: func.func @quantize_no_fold(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<4xf32>, %[[S:[a-z0-9_]+]]: tensor<f32>, %[[SEED:[a-z0-9_]+]]: i64
// CHECK-DAG:     %[[CX:.+]] = arith.constant dense<{{.+}}> : tensor<4xf32>
// CHECK-DAG:     %[[CS:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[A:.+]] = fp8.quantize %[[X]], %[[CS]] into
// CHECK:         %[[B:.+]] = fp8.quantize %[[CX]], %[[S]] into
// CHECK:         %[[C:.+]] = fp8.quantize %[[CX]], %[[CS]] seed(%[[SEED]] : i64) into
// CHECK:         %[[D:.+]] = fp8.quantize %[[CX]], %[[CS]] into %{{.+}} : tensor<4xf32>, tensor<f32> into tensor<?xf8E4M3FN>
// CHECK:         return %[[A]], %[[B]], %[[C]], %[[D]]
func.func @quantize_no_fold(%x: tensor<4xf32>, %s: tensor<f32>, %seed: i64, %i: tensor<4xf8E4M3FN>, %d: tensor<?xf8E4M3FN>) -> (tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>, tensor<?xf8E4M3FN>) {
  %cx = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %cs = arith.constant dense<1.0> : tensor<f32>
  %a = fp8.quantize %x, %cs into %i : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3FN>
  %b = fp8.quantize %cx, %s into %i : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3FN>
  %c = fp8.quantize %cx, %cs seed(%seed : i64) into %i {rounding = #fp8.rounding<stochastic>} : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3FN>
  %e = fp8.quantize %cx, %cs into %d : tensor<4xf32>, tensor<f32> into tensor<?xf8E4M3FN>
  return %a, %b, %c, %e : tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>, tensor<?xf8E4M3FN>
}

// -----

// dequantize(quantize(x)) is not the identity and is kept.
// CHECK-LABEL: func.func @quantize_dequantize_not_folded(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<16xf32>, %[[S:[a-z0-9_]+]]: tensor<f32>
// CHECK:         %[[Q:.+]] = fp8.quantize %[[X]], %[[S]] into
// CHECK:         %[[D:.+]] = fp8.dequantize %[[Q]], %[[S]] into
// CHECK:         return %[[D]]
func.func @quantize_dequantize_not_folded(%x: tensor<16xf32>, %s: tensor<f32>, %qi: tensor<16xf8E4M3FN>, %di: tensor<16xf32>) -> tensor<16xf32> {
  %q = fp8.quantize %x, %s into %qi : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  %d = fp8.dequantize %q, %s into %di : tensor<16xf8E4M3FN>, tensor<f32> into tensor<16xf32>
  return %d : tensor<16xf32>
}

// -----

// The memref forms write their init: never folded nor erased.
// CHECK-LABEL: func.func @memref_forms_not_folded(
// CHECK:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : memref<4xf32>, memref<f32> into memref<4xf8E4M3FN>
// CHECK:         fp8.dequantize %{{.+}}, %{{.+}} into %{{.+}} : memref<4xf8E4M3FN>, memref<f32> into memref<4xf32>
// CHECK:         fp8.dynamic_quantize %{{.+}} into %{{.+}}, %{{.+}} : memref<4xf32> into memref<4xf8E4M3FN>, memref<f32>
// CHECK:         fp8.scaled_matmul
// CHECK-SAME:    into memref<4x4xf32>
func.func @memref_forms_not_folded(%x: memref<4xf32>, %s: memref<f32>, %q: memref<4xf8E4M3FN>, %d: memref<4xf32>,
    %a: memref<4x8xf8E4M3FN>, %b: memref<8x4xf8E4M3FN>, %c: memref<4x4xf32>) {
  fp8.quantize %x, %s into %q : memref<4xf32>, memref<f32> into memref<4xf8E4M3FN>
  fp8.dequantize %q, %s into %d : memref<4xf8E4M3FN>, memref<f32> into memref<4xf32>
  fp8.dynamic_quantize %x into %q, %s : memref<4xf32> into memref<4xf8E4M3FN>, memref<f32>
  fp8.scaled_matmul %a, %b scales(%s, %s) into %c : memref<4x8xf8E4M3FN>, memref<8x4xf8E4M3FN>, memref<f32>, memref<f32> into memref<4x4xf32>
  return
}

// -----

// Unused tensor results are dead (no side effect), but fp8.observe records
// statistics and stays even when its result is unused.
// CHECK-LABEL: func.func @observe_kept_quantize_erased(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<16xf32>
// CHECK-NOT:     fp8.quantize
// CHECK-NOT:     fp8.dequantize
// CHECK:         fp8.observe %[[X]] {id = "x"} : tensor<16xf32>
// CHECK-NOT:     fp8.quantize
// CHECK:         fp8.observe %{{.+}} {id = "m"} : memref<16xf32>
// CHECK-NEXT:    return
func.func @observe_kept_quantize_erased(%x: tensor<16xf32>, %s: tensor<f32>, %qi: tensor<16xf8E4M3FN>, %m: memref<16xf32>) {
  %y = fp8.observe %x {id = "x"} : tensor<16xf32>
  %q = fp8.quantize %x, %s into %qi : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  fp8.observe %m {id = "m"} : memref<16xf32>
  return
}

