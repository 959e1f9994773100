// RUN: fp8-opt %s -canonicalize -split-input-file | FileCheck %s

// The folders of fp8.quantize / fp8.dequantize read dense_resource operands
// as they read dense ones (canonicalize.mlir has the arithmetic), and leave
// the op alone when a blob cannot be read.

// f32 values and f8E8M0FNU scales (0.25, 8), both blobs, against the same
// values written dense: 1 / 0.25 = 4, -3 / 0.25 = -12, 500 / 8 = 62.5 -> 64,
// 0.001 / 8 -> 0.
// CHECK-LABEL: func.func @quantize_fold_resource(
// CHECK-DAG:     %[[R:.+]] = arith.constant dense<[4.000000e+00, -1.200000e+01, 6.400000e+01, 0.000000e+00]> : tensor<4xf8E4M3FN>
// CHECK-NOT:     fp8.quantize
// CHECK:         return %[[R]], %[[R]]
func.func @quantize_fold_resource(%i: tensor<4xf8E4M3FN>) -> (tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>) {
  %x = arith.constant dense_resource<values> : tensor<4xf32>
  %s = arith.constant dense_resource<e8m0_scales> : tensor<2xf8E8M0FNU>
  %q = fp8.quantize %x, %s into %i : tensor<4xf32>, tensor<2xf8E8M0FNU> into tensor<4xf8E4M3FN>
  %dx = arith.constant dense<[1.0, -3.0, 500.0, 0.001]> : tensor<4xf32>
  %ds = arith.constant dense<[0.25, 8.0]> : tensor<2xf8E8M0FNU>
  %dq = fp8.quantize %dx, %ds into %i : tensor<4xf32>, tensor<2xf8E8M0FNU> into tensor<4xf8E4M3FN>
  return %q, %dq : tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>
}

{-#
  dialect_resources: {
    builtin: {
      values: "0x040000000000803F000040C00000FA436F12833A",
      e8m0_scales: "0x010000007D82"
    }
  }
#-}

// -----

// FP8 codes in a blob (imported FP8 weights): 0x38 = 1, 0xB8 = -1,
// 0x7E = 448, 0x01 = 2^-9, times 0.5.
// CHECK-LABEL: func.func @dequantize_fold_resource(
// CHECK:         %[[R:.+]] = arith.constant dense<[5.000000e-01, -5.000000e-01, 2.240000e+02, 9.765625E-4]> : tensor<4xf32>
// CHECK-NOT:     fp8.dequantize
// CHECK:         return %[[R]]
func.func @dequantize_fold_resource(%i: tensor<4xf32>) -> tensor<4xf32> {
  %q = arith.constant dense_resource<codes> : tensor<4xf8E4M3FN>
  %s = arith.constant dense<0.5> : tensor<f32>
  %d = fp8.dequantize %q, %s into %i : tensor<4xf8E4M3FN>, tensor<f32> into tensor<4xf32>
  return %d : tensor<4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      codes: "0x0100000038B87E01"
    }
  }
#-}

// -----

// A blob that is missing, or shorter than its tensor: not folded.
// CHECK-LABEL: func.func @no_fold_unreadable_resource(
// CHECK:         fp8.quantize
// CHECK:         fp8.dequantize
func.func @no_fold_unreadable_resource(%i: tensor<4xf8E4M3FN>, %j: tensor<4xf32>) -> (tensor<4xf8E4M3FN>, tensor<4xf32>) {
  %x = arith.constant dense_resource<missing> : tensor<4xf32>
  %s = arith.constant dense<1.0> : tensor<f32>
  %q = fp8.quantize %x, %s into %i : tensor<4xf32>, tensor<f32> into tensor<4xf8E4M3FN>
  %c = arith.constant dense_resource<short_codes> : tensor<4xf8E4M3FN>
  %d = fp8.dequantize %c, %s into %j : tensor<4xf8E4M3FN>, tensor<f32> into tensor<4xf32>
  return %q, %d : tensor<4xf8E4M3FN>, tensor<4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      short_codes: "0x0100000038B8"
    }
  }
#-}
