// RUN: fp8-opt %s --pass-pipeline="builtin.module(func.func(tosa-to-linalg-named,tosa-to-arith),fp8-fuse)" | FileCheck %s

// tosa.matmul on FP8 operands, as a TOSA frontend emits it: tosa-to-linalg
// gives linalg.batch_matmul on FP8 operands, which fp8-fuse raises to
// fp8.batch_scaled_matmul with unit scales (accumulating in f32 and
// rounding once to f16, where the batch_matmul accumulated in f16).

// CHECK-LABEL: func.func @tosa_matmul(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<1x4x8xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<1x8x16xf8E5M2>
// CHECK-DAG:     %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[INIT:.+]] = linalg.fill
// CHECK:         %[[R:.+]] = fp8.batch_scaled_matmul %[[A]], %[[B]] scales(%[[ONE]], %[[ONE]]) into %[[INIT]] : tensor<1x4x8xf8E4M3FN>, tensor<1x8x16xf8E5M2>, tensor<f32>, tensor<f32> into tensor<1x4x16xf16>
// CHECK:         return %[[R]]
func.func @tosa_matmul(%a: tensor<1x4x8xf8E4M3FN>, %b: tensor<1x8x16xf8E5M2>) -> tensor<1x4x16xf16> {
  %za = "tosa.const"() <{values = dense<0.0> : tensor<1xf8E4M3FN>}> : () -> tensor<1xf8E4M3FN>
  %zb = "tosa.const"() <{values = dense<0.0> : tensor<1xf8E5M2>}> : () -> tensor<1xf8E5M2>
  %r = tosa.matmul %a, %b, %za, %zb : (tensor<1x4x8xf8E4M3FN>, tensor<1x8x16xf8E5M2>, tensor<1xf8E4M3FN>, tensor<1xf8E5M2>) -> tensor<1x4x16xf16>
  return %r : tensor<1x4x16xf16>
}
