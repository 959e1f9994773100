// RUN: %python %S/Inputs/make_calibration_table.py %t.json fc/lhs=7.0 sparse_fc/lhs=7.0 sparse_fc/rhs=2.0
// RUN: fp8-opt %s --fp8-ptq-pipeline="mode=dynamic" -split-input-file | FileCheck %s --check-prefix=CHANNEL
// RUN: fp8-opt %s --fp8-ptq-pipeline="mode=dynamic weight-granularity=tensor" -split-input-file | FileCheck %s --check-prefix=TENSOR
// RUN: fp8-opt %s --fp8-ptq-pipeline="mode=dynamic weight-granularity=block block-size=2" -split-input-file | FileCheck %s --check-prefix=BLOCK
// RUN: fp8-opt %s --fp8-ptq-pipeline="calibration=%t.json" -split-input-file | FileCheck %s --check-prefix=STATIC
// RUN: fp8-opt %s --fp8-quantize="calibration=%t.json weight-format=int8 activation-format=int8" -split-input-file | FileCheck %s --check-prefix=INT8
// RUN: fp8-opt %s --fp8-insert-observers -split-input-file | FileCheck %s --check-prefix=OBSERVE

// Weights written as dense_resource blobs (as torch-mlir and IREE's
// importers write them) are quantized like their dense twins, and fold to the
// same FP8 constants: each @resource_* function below must come out as its
// @dense_* twin. The weight is [out, in] = [2, 4] behind a transpose, as
// torch-mlir lowers nn.Linear:
//   row 0: 7.0, -3.5, 0.5,     1.75   amax 7    = 448 * 2^-6
//   row 1: 1.75, 0.1, -0.4375, 0.0    amax 1.75 = 448 * 2^-8
// so E4M3 codes are exact except 0.1 (25.6 rounds to 26 at scale 2^-8, 6.4
// to 6.5 at 2^-6).

// Per channel (the default): scales 2^-6 and 2^-8.
// CHANNEL-LABEL: func.func @dense_weight(
// CHANNEL-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [4.480000e+02, 2.600000e+01, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// CHANNEL-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02], [3.906250e-03]]> : tensor<2x1xf32>
// CHANNEL:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]]) into %{{.+}} {b_layout = #fp8.layout<nk>}
// CHANNEL-LABEL: func.func @resource_weight(
// CHANNEL-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [4.480000e+02, 2.600000e+01, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// CHANNEL-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02], [3.906250e-03]]> : tensor<2x1xf32>
// CHANNEL-NOT:     dense_resource
// CHANNEL-NOT:     fp8.quantize
// CHANNEL:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]]) into %{{.+}} {b_layout = #fp8.layout<nk>}

// One scale, 2^-6, from the amax of both rows.
// TENSOR-LABEL: func.func @dense_weight(
// TENSOR-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [1.120000e+02, 6.500000e+00, -2.800000e+01, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// TENSOR-DAG:     %[[S:.+]] = arith.constant dense<1.562500e-02> : tensor<f32>
// TENSOR:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]])
// TENSOR-LABEL: func.func @resource_weight(
// TENSOR-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [1.120000e+02, 6.500000e+00, -2.800000e+01, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// TENSOR-DAG:     %[[S:.+]] = arith.constant dense<1.562500e-02> : tensor<f32>
// TENSOR-NOT:     fp8.quantize
// TENSOR:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]])

// 2x2 blocks of [out, in]: one block row, two along K with amax 7 (columns
// 0-1) and 1.75 (columns 2-3).
// BLOCK-LABEL: func.func @dense_weight(
// BLOCK-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 1.280000e+02, 4.480000e+02], [1.120000e+02, 6.500000e+00, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// BLOCK-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02, 3.906250e-03]]> : tensor<1x2xf32>
// BLOCK:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]])
// BLOCK-LABEL: func.func @resource_weight(
// BLOCK-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 1.280000e+02, 4.480000e+02], [1.120000e+02, 6.500000e+00, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// BLOCK-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02, 3.906250e-03]]> : tensor<1x2xf32>
// BLOCK-NOT:     fp8.quantize
// BLOCK:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]])

// Static: the activation's scale comes from the table (7 / 448), the weight
// is the same as in dynamic mode.
// STATIC-LABEL: func.func @dense_weight(
// STATIC-SAME:    %[[X:[a-z0-9_]+]]: tensor<3x4xf32>
// STATIC-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [4.480000e+02, 2.600000e+01, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// STATIC-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02], [3.906250e-03]]> : tensor<2x1xf32>
// STATIC-DAG:     %[[SX:.+]] = arith.constant dense<1.562500e-02> : tensor<f32>
// STATIC:         %[[QX:.+]] = fp8.quantize %[[X]], %[[SX]]
// STATIC:         fp8.scaled_matmul %[[QX]], %[[W]] scales(%[[SX]], %[[S]])
// STATIC-LABEL: func.func @resource_weight(
// STATIC-SAME:    %[[X:[a-z0-9_]+]]: tensor<3x4xf32>
// STATIC-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [4.480000e+02, 2.600000e+01, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// STATIC-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02], [3.906250e-03]]> : tensor<2x1xf32>
// STATIC-DAG:     %[[SX:.+]] = arith.constant dense<1.562500e-02> : tensor<f32>
// STATIC:         %[[QX:.+]] = fp8.quantize %[[X]], %[[SX]]
// STATIC:         fp8.scaled_matmul %[[QX]], %[[W]] scales(%[[SX]], %[[S]])

// INT8 fake-quantizes at run time (no fp8 op to fold); the scales are
// amax / 127 per row, from the blob as from the dense values.
// INT8-LABEL: func.func @dense_weight(
// INT8-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}7.000000e+00, {{.+}}> : tensor<2x4xf32>
// INT8-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}0.05511811], [0.0137795275]]> : tensor<2x1xf32>
// INT8:         linalg.generic {{.+}} ins(%[[W]], %[[S]] : tensor<2x4xf32>, tensor<2x1xf32>)
// INT8-LABEL: func.func @resource_weight(
// INT8-DAG:     %[[W:.+]] = arith.constant dense_resource<fc_weight> : tensor<2x4xf32>
// INT8-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}0.05511811], [0.0137795275]]> : tensor<2x1xf32>
// INT8:         linalg.generic {{.+}} ins(%[[W]], %[[S]] : tensor<2x4xf32>, tensor<2x1xf32>)

// Weights are never observed, dense or dense_resource.
// OBSERVE-LABEL: func.func @dense_weight(
// OBSERVE:         fp8.observe %{{.+}} {id = "fc/lhs"}
// OBSERVE-NOT:     fp8.observe
// OBSERVE:         return
// OBSERVE-LABEL: func.func @resource_weight(
// OBSERVE:         fp8.observe %{{.+}} {id = "fc/lhs"}
// OBSERVE-NOT:     fp8.observe
// OBSERVE:         return

func.func @dense_weight(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[7.0, -3.5, 0.5, 1.75], [1.75, 0.1, -0.4375, 0.0]]> : tensor<2x4xf32>
  %e = tensor.empty() : tensor<4x2xf32>
  %wt = linalg.transpose ins(%w : tensor<2x4xf32>) outs(%e : tensor<4x2xf32>) permutation = [1, 0]
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<3x2xf32>) -> tensor<3x2xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<3x4xf32>, tensor<4x2xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32> loc("fc")
  return %y : tensor<3x2xf32>
}

func.func @resource_weight(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense_resource<fc_weight> : tensor<2x4xf32>
  %e = tensor.empty() : tensor<4x2xf32>
  %wt = linalg.transpose ins(%w : tensor<2x4xf32>) outs(%e : tensor<4x2xf32>) permutation = [1, 0]
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<3x2xf32>) -> tensor<3x2xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<3x4xf32>, tensor<4x2xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32> loc("fc")
  return %y : tensor<3x2xf32>
}

// The f32 weight above, little-endian after the blob's alignment (4).
{-#
  dialect_resources: {
    builtin: {
      fc_weight: "0x040000000000E040000060C00000003F0000E03F0000E03FCDCCCC3D0000E0BE00000000"
    }
  }
#-}

// -----

// f16 and bf16 blobs (0.1 becomes 0.09375, exact in both, so that the dense
// twins hold the same values): codes and scales as for f32.
// CHANNEL-LABEL: func.func @dense_f16(
// CHANNEL-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [4.480000e+02, 2.400000e+01, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// CHANNEL-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02], [3.906250e-03]]> : tensor<2x1xf32>
// CHANNEL:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]]) {{.+}} into tensor<3x2xf16>
// CHANNEL-LABEL: func.func @resource_f16(
// CHANNEL-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [4.480000e+02, 2.400000e+01, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// CHANNEL-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02], [3.906250e-03]]> : tensor<2x1xf32>
// CHANNEL-NOT:     fp8.quantize
// CHANNEL:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]]) {{.+}} into tensor<3x2xf16>
// CHANNEL-LABEL: func.func @dense_bf16(
// CHANNEL-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [4.480000e+02, 2.400000e+01, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// CHANNEL-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02], [3.906250e-03]]> : tensor<2x1xf32>
// CHANNEL:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]]) {{.+}} into tensor<3x2xbf16>
// CHANNEL-LABEL: func.func @resource_bf16(
// CHANNEL-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02, 3.200000e+01, 1.120000e+02], [4.480000e+02, 2.400000e+01, -1.120000e+02, 0.000000e+00]]> : tensor<2x4xf8E4M3FN>
// CHANNEL-DAG:     %[[S:.+]] = arith.constant dense<{{\[\[}}1.562500e-02], [3.906250e-03]]> : tensor<2x1xf32>
// CHANNEL-NOT:     fp8.quantize
// CHANNEL:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]]) {{.+}} into tensor<3x2xbf16>

func.func @dense_f16(%x: tensor<3x4xf16>) -> tensor<3x2xf16> {
  %w = arith.constant dense<[[7.0, -3.5, 0.5, 1.75], [1.75, 0.09375, -0.4375, 0.0]]> : tensor<2x4xf16>
  %e = tensor.empty() : tensor<4x2xf16>
  %wt = linalg.transpose ins(%w : tensor<2x4xf16>) outs(%e : tensor<4x2xf16>) permutation = [1, 0]
  %z = arith.constant 0.0 : f16
  %o = tensor.empty() : tensor<3x2xf16>
  %f = linalg.fill ins(%z : f16) outs(%o : tensor<3x2xf16>) -> tensor<3x2xf16>
  %y = linalg.matmul ins(%x, %wt : tensor<3x4xf16>, tensor<4x2xf16>) outs(%f : tensor<3x2xf16>) -> tensor<3x2xf16> loc("fc")
  return %y : tensor<3x2xf16>
}

func.func @resource_f16(%x: tensor<3x4xf16>) -> tensor<3x2xf16> {
  %w = arith.constant dense_resource<f16_weight> : tensor<2x4xf16>
  %e = tensor.empty() : tensor<4x2xf16>
  %wt = linalg.transpose ins(%w : tensor<2x4xf16>) outs(%e : tensor<4x2xf16>) permutation = [1, 0]
  %z = arith.constant 0.0 : f16
  %o = tensor.empty() : tensor<3x2xf16>
  %f = linalg.fill ins(%z : f16) outs(%o : tensor<3x2xf16>) -> tensor<3x2xf16>
  %y = linalg.matmul ins(%x, %wt : tensor<3x4xf16>, tensor<4x2xf16>) outs(%f : tensor<3x2xf16>) -> tensor<3x2xf16> loc("fc")
  return %y : tensor<3x2xf16>
}

func.func @dense_bf16(%x: tensor<3x4xbf16>) -> tensor<3x2xbf16> {
  %w = arith.constant dense<[[7.0, -3.5, 0.5, 1.75], [1.75, 0.09375, -0.4375, 0.0]]> : tensor<2x4xbf16>
  %e = tensor.empty() : tensor<4x2xbf16>
  %wt = linalg.transpose ins(%w : tensor<2x4xbf16>) outs(%e : tensor<4x2xbf16>) permutation = [1, 0]
  %z = arith.constant 0.0 : bf16
  %o = tensor.empty() : tensor<3x2xbf16>
  %f = linalg.fill ins(%z : bf16) outs(%o : tensor<3x2xbf16>) -> tensor<3x2xbf16>
  %y = linalg.matmul ins(%x, %wt : tensor<3x4xbf16>, tensor<4x2xbf16>) outs(%f : tensor<3x2xbf16>) -> tensor<3x2xbf16> loc("fc")
  return %y : tensor<3x2xbf16>
}

func.func @resource_bf16(%x: tensor<3x4xbf16>) -> tensor<3x2xbf16> {
  %w = arith.constant dense_resource<bf16_weight> : tensor<2x4xbf16>
  %e = tensor.empty() : tensor<4x2xbf16>
  %wt = linalg.transpose ins(%w : tensor<2x4xbf16>) outs(%e : tensor<4x2xbf16>) permutation = [1, 0]
  %z = arith.constant 0.0 : bf16
  %o = tensor.empty() : tensor<3x2xbf16>
  %f = linalg.fill ins(%z : bf16) outs(%o : tensor<3x2xbf16>) -> tensor<3x2xbf16>
  %y = linalg.matmul ins(%x, %wt : tensor<3x4xbf16>, tensor<4x2xbf16>) outs(%f : tensor<3x2xbf16>) -> tensor<3x2xbf16> loc("fc")
  return %y : tensor<3x2xbf16>
}

{-#
  dialect_resources: {
    builtin: {
      f16_weight: "0x02000000004700C30038003F003F002E00B70000",
      bf16_weight: "0x02000000E04060C0003FE03FE03FC03DE0BE0000"
    }
  }
#-}

// -----

// A weight behind a reshape has a per-tensor scale and is quantized at the
// use; the quantize folds through the reshape, which upstream folds on dense
// constants only.
// CHANNEL-LABEL: func.func @dense_reshaped(
// CHANNEL-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02], [3.200000e+01, 1.120000e+02], [1.120000e+02, 6.500000e+00], [-2.800000e+01, 0.000000e+00]]> : tensor<4x2xf8E4M3FN>
// CHANNEL-DAG:     %[[S:.+]] = arith.constant dense<1.562500e-02> : tensor<f32>
// CHANNEL:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]])
// CHANNEL-LABEL: func.func @resource_reshaped(
// CHANNEL-DAG:     %[[W:.+]] = arith.constant dense<{{\[\[}}4.480000e+02, -2.240000e+02], [3.200000e+01, 1.120000e+02], [1.120000e+02, 6.500000e+00], [-2.800000e+01, 0.000000e+00]]> : tensor<4x2xf8E4M3FN>
// CHANNEL-DAG:     %[[S:.+]] = arith.constant dense<1.562500e-02> : tensor<f32>
// CHANNEL-NOT:     tensor.collapse_shape
// CHANNEL-NOT:     fp8.quantize
// CHANNEL:         fp8.scaled_matmul %{{.+}}, %[[W]] scales(%{{.+}}, %[[S]])

func.func @dense_reshaped(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[[7.0, -3.5], [0.5, 1.75]], [[1.75, 0.1], [-0.4375, 0.0]]]> : tensor<2x2x2xf32>
  %wc = tensor.collapse_shape %w [[0, 1], [2]] : tensor<2x2x2xf32> into tensor<4x2xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<3x2xf32>) -> tensor<3x2xf32>
  %y = linalg.matmul ins(%x, %wc : tensor<3x4xf32>, tensor<4x2xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32> loc("fc")
  return %y : tensor<3x2xf32>
}

func.func @resource_reshaped(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense_resource<reshaped_weight> : tensor<2x2x2xf32>
  %wc = tensor.collapse_shape %w [[0, 1], [2]] : tensor<2x2x2xf32> into tensor<4x2xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<3x2xf32>) -> tensor<3x2xf32>
  %y = linalg.matmul ins(%x, %wc : tensor<3x4xf32>, tensor<4x2xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32> loc("fc")
  return %y : tensor<3x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      reshaped_weight: "0x040000000000E040000060C00000003F0000E03F0000E03FCDCCCC3D0000E0BE00000000"
    }
  }
#-}

// -----

// A constant whose values fp8-quantize does not read (here sparse) is not a
// weight for any pass: fp8-insert-observers observes it, and fp8-quantize
// quantizes it as an activation (per column at run time in dynamic mode,
// with its calibrated scale, 2 / 448, in static mode).
// CHANNEL-LABEL: func.func @sparse_weight(
// CHANNEL:         %[[W:.+]] = arith.constant sparse<
// CHANNEL:         fp8.dynamic_quantize %[[W]] {{.+}} : tensor<4x2xf32> into tensor<4x2xf8E4M3FN>, tensor<1x2xf32>
// STATIC-LABEL: func.func @sparse_weight(
// STATIC-DAG:     %[[W:.+]] = arith.constant sparse<
// STATIC-DAG:     %[[SW:.+]] = arith.constant dense<0.00446428591> : tensor<f32>
// STATIC:         fp8.quantize %[[W]], %[[SW]]
// OBSERVE-LABEL: func.func @sparse_weight(
// OBSERVE:         %[[W:.+]] = arith.constant sparse<
// OBSERVE:         fp8.observe %[[W]] {id = "sparse_fc/rhs"}

func.func @sparse_weight(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %w = arith.constant sparse<[[0, 1], [3, 0]], [2.0, -1.0]> : tensor<4x2xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<3x2xf32>) -> tensor<3x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<3x4xf32>, tensor<4x2xf32>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32> loc("sparse_fc")
  return %y : tensor<3x2xf32>
}
