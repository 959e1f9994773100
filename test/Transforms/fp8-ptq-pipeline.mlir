// RUN: fp8-opt %S/../Models/mlp.mlir --fp8-ptq-pipeline="mode=dynamic" | FileCheck %s
// RUN: %python %S/Inputs/make_calibration_table.py %t.json fc1/lhs=3.0 fc2/lhs=6.0 fc3/lhs=4.0
// RUN: fp8-opt %S/../Models/mlp.mlir --fp8-ptq-pipeline="calibration=%t.json weight-format=e4m3 activation-format=e5m2" | FileCheck %s --check-prefix=STATIC
// RUN: not fp8-opt %S/../Models/mlp.mlir --fp8-ptq-pipeline="mode=dynamic bogus=1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: fp8-opt %S/../Models/mlp.mlir --fp8-ptq-pipeline="mode=dynamic accumulator=bf16 chunk=32" | FileCheck %s --check-prefix=ACC
// RUN: fp8-opt %S/../Models/resnet_block_nchw.mlir --fp8-ptq-pipeline="mode=dynamic" | FileCheck %s --check-prefix=NCHW
// RUN: fp8-opt %S/../Models/resnet_block_nhwc.mlir --fp8-ptq-pipeline="mode=dynamic" | FileCheck %s --check-prefix=NHWC
// RUN: fp8-opt %S/../Models/resnet_block_nhwc.mlir --fp8-ptq-pipeline="mode=dynamic skip-first-last=true" | FileCheck %s --check-prefix=SKIP

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

// The convolutions of the ResNet-style test blocks (stem and two 3x3
// convolutions, padded by tensor.pad) compute in FP8: im2col of the
// activation's codes (dynamic per-tensor scale) and a scaled matmul on the
// FP8 filter constant with per-output-channel scales; none stays a
// fake-quantized f32 convolution. skip-first-last keeps the stem in f32.

// NCHW-LABEL: func.func @forward(
// NCHW:         fp8.dynamic_quantize %{{.+}} : tensor<1x3x18x18xf32> into tensor<1x3x18x18xf8E4M3FN>, tensor<f32>
// NCHW:         fp8.scaled_matmul {{.+}} : tensor<8x27xf8E4M3FN>, tensor<27x256xf8E4M3FN>, tensor<8x1xf32>, tensor<f32> into tensor<8x256xf32>
// NCHW-COUNT-2: fp8.scaled_matmul {{.+}} : tensor<8x72xf8E4M3FN>, tensor<72x256xf8E4M3FN>, tensor<8x1xf32>, tensor<f32> into tensor<8x256xf32>
// NCHW:         fp8.scaled_matmul {{.+}} {b_layout = #fp8.layout<nk>} : tensor<1x8xf8E4M3FN>
// NCHW-NOT:     linalg.conv_2d
// NCHW-NOT:     fp8.dequantize

// NHWC-LABEL: func.func @forward(
// NHWC:         fp8.scaled_matmul {{.+}} : tensor<256x27xf8E4M3FN>, tensor<27x8xf8E4M3FN>, tensor<f32>, tensor<1x8xf32> into tensor<256x8xf32>
// NHWC-COUNT-2: fp8.scaled_matmul {{.+}} : tensor<256x72xf8E4M3FN>, tensor<72x8xf8E4M3FN>, tensor<f32>, tensor<1x8xf32> into tensor<256x8xf32>
// NHWC-NOT:     linalg.conv_2d
// NHWC-NOT:     fp8.dequantize

// SKIP-LABEL: func.func @forward(
// SKIP:         linalg.conv_2d_nhwc_hwcf {{.+}} : tensor<1x18x18x3xf32>, tensor<3x3x3x8xf32>)
// SKIP-COUNT-2: fp8.scaled_matmul {{.+}} : tensor<256x72xf8E4M3FN>, tensor<72x8xf8E4M3FN>
// SKIP-NOT:     linalg.conv_2d
