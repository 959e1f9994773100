// RUN: fp8-opt %S/../Models/mlp.mlir --fp8-ptq-pipeline="mode=dynamic" | FileCheck %s
// RUN: %python %S/Inputs/make_calibration_table.py %t.json fc1/lhs=3.0 fc2/lhs=6.0 fc3/lhs=4.0
// RUN: fp8-opt %S/../Models/mlp.mlir --fp8-ptq-pipeline="calibration=%t.json weight-format=e4m3 activation-format=e5m2" | FileCheck %s --check-prefix=STATIC
// RUN: not fp8-opt %S/../Models/mlp.mlir --fp8-ptq-pipeline="mode=dynamic bogus=1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: fp8-opt %S/../Models/mlp.mlir --fp8-ptq-pipeline="mode=dynamic accumulator=bf16 chunk=32" | FileCheck %s --check-prefix=ACC

// The three linear layers of the test MLP (torch-mlir style: [out, in]
// weights behind transposes) become scaled matmuls on FP8 constants with
// per-channel scales in the nk layout; activations are quantized per token
// at run time (dynamic) or with calibrated per-tensor scales (static).

// CHECK-LABEL: func.func @forward(
// CHECK:         %[[W:.+]] = arith.constant dense<{{.+}}> : tensor<128x64xf8E4M3FN>
// CHECK:         %[[Q:.+]]:2 = fp8.dynamic_quantize %{{.+}} : tensor<4x64xf32> into tensor<4x64xf8E4M3FN>, tensor<4x1xf32>
// CHECK:         fp8.scaled_matmul %[[Q]]#0, %[[W]] scales(%[[Q]]#1, %{{.+}}) into %{{.+}} {b_layout = #fp8.layout<nk>} : tensor<4x64xf8E4M3FN>, tensor<128x64xf8E4M3FN>, tensor<4x1xf32>, tensor<128x1xf32> into tensor<4x128xf32>
// CHECK-COUNT-2: fp8.scaled_matmul
// CHECK-NOT:     linalg.matmul
// CHECK-NOT:     fp8.dequantize

// STATIC-LABEL: func.func @forward(
// STATIC:         fp8.quantize %{{.+}}, %{{.+}} into %{{.+}} : tensor<4x64xf32>, tensor<f32> into tensor<4x64xf8E5M2>
// STATIC:         fp8.scaled_matmul {{.*}} : tensor<4x64xf8E5M2>, tensor<128x64xf8E4M3FN>, tensor<f32>, tensor<128x1xf32> into tensor<4x128xf32>
// STATIC-COUNT-2: fp8.scaled_matmul
// STATIC-NOT:     linalg.matmul

// accumulator= and chunk= (fp8-quantize's options) reach every scaled
// matmul that the pipeline's fp8-fuse makes.
// ACC-LABEL: func.func @forward(
// ACC-COUNT-3: fp8.scaled_matmul {{.+}} {acc_type = bf16, b_layout = #fp8.layout<nk>, chunk = 32 : i64}
// ACC-NOT:     fp8.scaled_matmul
// ACC-NOT:     linalg.matmul

// ERR: fp8-opt: error: --fp8-ptq-pipeline has no option 'bogus'; its options are {{.*}}calibration
