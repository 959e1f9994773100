// RUN: %python %S/Inputs/make_calibration_table.py %t.json fc1/lhs=2.54 fc2/lhs=12.7
// RUN: fp8-opt %s --fp8-quantize="calibration=%t.json weight-format=int8 activation-format=int8" | FileCheck %s --check-prefix=CHANNEL
// RUN: fp8-opt %s --fp8-quantize="calibration=%t.json weight-format=int8 activation-format=int8 weight-granularity=tensor" | FileCheck %s --check-prefix=TENSOR
// RUN: fp8-opt %s --fp8-ptq-pipeline="calibration=%t.json weight-format=int8 activation-format=int8 skip-first-last=true" | FileCheck %s --check-prefix=SKIP

// The INT8 baseline: symmetric scales (threshold / 127), per-tensor static
// activations, per-channel (or per-tensor) weights; every QDQ is one
// linalg.generic that divides by the scale, rounds to nearest even, clamps
// to [-127, 127] and multiplies back. No fp8 op is created.

// CHANNEL-LABEL: func.func @mlp(
// CHANNEL-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x8xf32>
// CHANNEL-DAG:     %[[W1:.+]] = arith.constant dense<{{.+}}> : tensor<3x8xf32>
// CHANNEL-DAG:     %[[SX:.+]] = arith.constant dense<2.000000e-02> : tensor<f32>
// CHANNEL:         %[[DX:.+]] = linalg.generic {indexing_maps = [#[[ID:.+]], #[[SCALAR:.+]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[SX]] : tensor<4x8xf32>, tensor<f32>)
// CHANNEL:           arith.divf
// CHANNEL:           math.roundeven
// CHANNEL:           arith.maximumf %{{.+}}, %{{.+}} : f32
// CHANNEL:           arith.minimumf %{{.+}}, %{{.+}} : f32
// CHANNEL:           arith.mulf
// CHANNEL:         %[[SW:.+]] = arith.constant dense<{{\[\[}}0.00999999977], [2.000000e-02], [1.000000e-01]]> : tensor<3x1xf32>
// CHANNEL:         %[[DW:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW:.+]], #[[ID]]], {{.+}}} ins(%[[W1]], %[[SW]] : tensor<3x8xf32>, tensor<3x1xf32>)
// CHANNEL:         %[[WT:.+]] = linalg.transpose ins(%[[DW]] : tensor<3x8xf32>)
// CHANNEL:         linalg.matmul ins(%[[DX]], %[[WT]] : tensor<4x8xf32>, tensor<8x3xf32>)
// CHANNEL:         arith.constant dense<1.000000e-01> : tensor<f32>
// CHANNEL:         linalg.matmul
// CHANNEL-NOT:     fp8.

// One scale for the whole weight: the amax of every row, 12.7.
// TENSOR-LABEL: func.func @mlp(
// TENSOR:         %[[SW:.+]] = arith.constant dense<1.000000e-01> : tensor<f32>
// TENSOR:         linalg.generic {{.+}} ins(%{{.+}}, %[[SW]] : tensor<3x8xf32>, tensor<f32>)

// Through the pipeline: fp8-fuse leaves INT8 alone; with skip-first-last
// only fc2's activation and weight are quantized.
// SKIP-LABEL: func.func @mlp(
// SKIP-COUNT-2: math.roundeven
// SKIP-NOT:     math.roundeven
// SKIP-NOT:     fp8.

func.func @mlp(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  %w1 = arith.constant dense<[[1.27, -0.5, 0.25, 0.0, 0.125, -1.0, 0.5, 1.0], [2.54, 1.0, -2.0, 0.5, 0.0, 0.0, 1.5, -2.5], [-12.7, 3.0, 1.0, 0.0, 6.0, -6.0, 2.0, 0.1]]> : tensor<3x8xf32>
  %e1 = tensor.empty() : tensor<8x3xf32>
  %w1t = linalg.transpose ins(%w1 : tensor<3x8xf32>) outs(%e1 : tensor<8x3xf32>) permutation = [1, 0]
  %z = arith.constant 0.0 : f32
  %o1 = tensor.empty() : tensor<4x3xf32>
  %f1 = linalg.fill ins(%z : f32) outs(%o1 : tensor<4x3xf32>) -> tensor<4x3xf32>
  %h = linalg.matmul ins(%x, %w1t : tensor<4x8xf32>, tensor<8x3xf32>) outs(%f1 : tensor<4x3xf32>) -> tensor<4x3xf32> loc("fc1")
  %w2 = arith.constant dense<0.25> : tensor<3x4xf32>
  %o2 = tensor.empty() : tensor<4x4xf32>
  %f2 = linalg.fill ins(%z : f32) outs(%o2 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %y = linalg.matmul ins(%h, %w2 : tensor<4x3xf32>, tensor<3x4xf32>) outs(%f2 : tensor<4x4xf32>) -> tensor<4x4xf32> loc("fc2")
  return %y : tensor<4x4xf32>
}
