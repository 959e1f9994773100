// RUN: fp8-opt %s --fp8-fuse -split-input-file | FileCheck %s

// matmul of dequantized operands -> scaled_matmul, same init (both
// accumulate into it).

// CHECK-LABEL: func.func @qdq_matmul(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<4x8xf8E4M3FN>, %[[SA:[a-z0-9_]+]]: tensor<4x1xf32>, %[[B:[a-z0-9_]+]]: tensor<8x16xf8E5M2>, %[[SB:[a-z0-9_]+]]: tensor<1x16xf32>, %[[C:[a-z0-9_]+]]: tensor<4x16xf32>)
// CHECK:         %[[R:.+]] = fp8.scaled_matmul %[[A]], %[[B]] scales(%[[SA]], %[[SB]]) into %[[C]] : tensor<4x8xf8E4M3FN>, tensor<8x16xf8E5M2>, tensor<4x1xf32>, tensor<1x16xf32> into tensor<4x16xf32>
// CHECK-NOT:     linalg.matmul
// CHECK:         return %[[R]]
func.func @qdq_matmul(%a: tensor<4x8xf8E4M3FN>, %sa: tensor<4x1xf32>, %b: tensor<8x16xf8E5M2>, %sb: tensor<1x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %ea = tensor.empty() : tensor<4x8xf32>
  %da = fp8.dequantize %a, %sa into %ea : tensor<4x8xf8E4M3FN>, tensor<4x1xf32> into tensor<4x8xf32>
  %eb = tensor.empty() : tensor<8x16xf32>
  %db = fp8.dequantize %b, %sb into %eb : tensor<8x16xf8E5M2>, tensor<1x16xf32> into tensor<8x16xf32>
  %r = linalg.matmul ins(%da, %db : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// A transposed weight (torch nn.Linear: [out, in] then linalg.transpose)
// becomes b_layout = nk with the weight's own scale.

// CHECK-LABEL: func.func @transposed_weight(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<4x8xf8E4M3FN>, %[[S:[a-z0-9_]+]]: tensor<f32>, %[[W:[a-z0-9_]+]]: tensor<16x8xf8E4M3FN>, %[[SW:[a-z0-9_]+]]: tensor<16x1xf32>
// CHECK:         fp8.scaled_matmul %[[A]], %[[W]] scales(%[[S]], %[[SW]]) into %{{.+}} {b_layout = #fp8.layout<nk>} : tensor<4x8xf8E4M3FN>, tensor<16x8xf8E4M3FN>, tensor<f32>, tensor<16x1xf32> into tensor<4x16xf32>
func.func @transposed_weight(%a: tensor<4x8xf8E4M3FN>, %s: tensor<f32>, %w: tensor<16x8xf8E4M3FN>, %sw: tensor<16x1xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %ea = tensor.empty() : tensor<4x8xf32>
  %da = fp8.dequantize %a, %s into %ea : tensor<4x8xf8E4M3FN>, tensor<f32> into tensor<4x8xf32>
  %ew = tensor.empty() : tensor<16x8xf32>
  %dw = fp8.dequantize %w, %sw into %ew : tensor<16x8xf8E4M3FN>, tensor<16x1xf32> into tensor<16x8xf32>
  %et = tensor.empty() : tensor<8x16xf32>
  %wt = linalg.transpose ins(%dw : tensor<16x8xf32>) outs(%et : tensor<8x16xf32>) permutation = [1, 0]
  %r = linalg.matmul ins(%da, %wt : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// linalg.matmul with transposed-B indexing maps, and batch_matmul.

// CHECK-LABEL: func.func @matmul_transpose_b_maps(
// CHECK:         fp8.scaled_matmul {{.*}} {b_layout = #fp8.layout<nk>} : tensor<4x8xf8E4M3FN>, tensor<16x8xf8E4M3FN>
func.func @matmul_transpose_b_maps(%a: tensor<4x8xf8E4M3FN>, %w: tensor<16x8xf8E4M3FN>, %s: tensor<f32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %ea = tensor.empty() : tensor<4x8xf32>
  %da = fp8.dequantize %a, %s into %ea : tensor<4x8xf8E4M3FN>, tensor<f32> into tensor<4x8xf32>
  %ew = tensor.empty() : tensor<16x8xf32>
  %dw = fp8.dequantize %w, %s into %ew : tensor<16x8xf8E4M3FN>, tensor<f32> into tensor<16x8xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%da, %dw : tensor<4x8xf32>, tensor<16x8xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// CHECK-LABEL: func.func @batch(
// CHECK:         fp8.batch_scaled_matmul {{.*}} : tensor<2x4x8xf8E4M3FN>, tensor<2x8x3xf8E4M3FN>, tensor<2x4x1xf32>, tensor<f32> into tensor<2x4x3xf32>
func.func @batch(%a: tensor<2x4x8xf8E4M3FN>, %sa: tensor<2x4x1xf32>, %b: tensor<2x8x3xf8E4M3FN>, %s: tensor<f32>, %c: tensor<2x4x3xf32>) -> tensor<2x4x3xf32> {
  %ea = tensor.empty() : tensor<2x4x8xf32>
  %da = fp8.dequantize %a, %sa into %ea : tensor<2x4x8xf8E4M3FN>, tensor<2x4x1xf32> into tensor<2x4x8xf32>
  %eb = tensor.empty() : tensor<2x8x3xf32>
  %db = fp8.dequantize %b, %s into %eb : tensor<2x8x3xf8E4M3FN>, tensor<f32> into tensor<2x8x3xf32>
  %r = linalg.batch_matmul ins(%da, %db : tensor<2x4x8xf32>, tensor<2x8x3xf32>) outs(%c : tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
  return %r : tensor<2x4x3xf32>
}

// -----

// Raising: a matmul directly on FP8 operands (unit scales), and XLA-style
// dequantization (extf then multiply by a scalar).

// CHECK-LABEL: func.func @fp8_matmul(
// CHECK:         %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         fp8.scaled_matmul %{{.+}}, %{{.+}} scales(%[[ONE]], %[[ONE]]) into
func.func @fp8_matmul(%a: tensor<4x8xf8E4M3FN>, %b: tensor<8x16xf8E4M3FN>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf8E4M3FN>, tensor<8x16xf8E4M3FN>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

#id = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @extf_mul(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<4x8xf8E4M3FN>, %[[S:[a-z0-9_]+]]: f32, %[[B:[a-z0-9_]+]]: tensor<8x16xf8E4M3FN>
// CHECK:         %[[SA:.+]] = tensor.from_elements %[[S]] : tensor<f32>
// CHECK:         fp8.scaled_matmul %[[A]], %[[B]] scales(%[[SA]], %{{.+}}) into
// CHECK-NOT:     linalg.generic
func.func @extf_mul(%a: tensor<4x8xf8E4M3FN>, %s: f32, %b: tensor<8x16xf8E4M3FN>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %da = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<4x8xf8E4M3FN>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f8E4M3FN, %o: f32):
    %w = arith.extf %x : f8E4M3FN to f32
    %m = arith.mulf %w, %s : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %eb = tensor.empty() : tensor<8x16xf32>
  %db = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<8x16xf8E4M3FN>) outs(%eb : tensor<8x16xf32>) {
  ^bb0(%x: f8E4M3FN, %o: f32):
    %w = arith.extf %x : f8E4M3FN to f32
    linalg.yield %w : f32
  } -> tensor<8x16xf32>
  %r = linalg.matmul ins(%da, %db : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// Not fused: A is transposed (scaled_matmul's A is [M, K]), and K blocks of
// the two scales disagree. (Convolutions: fp8-fuse-conv.mlir.)

// CHECK-LABEL: func.func @not_fused(
// CHECK-NOT:     fp8.scaled_matmul
// CHECK:         linalg.matmul
func.func @not_fused(%a: tensor<8x4xf8E4M3FN>, %s: tensor<f32>, %b: tensor<8x16xf8E4M3FN>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %ea = tensor.empty() : tensor<8x4xf32>
  %da = fp8.dequantize %a, %s into %ea : tensor<8x4xf8E4M3FN>, tensor<f32> into tensor<8x4xf32>
  %eb = tensor.empty() : tensor<8x16xf32>
  %db = fp8.dequantize %b, %s into %eb : tensor<8x16xf8E4M3FN>, tensor<f32> into tensor<8x16xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%da, %db : tensor<8x4xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// CHECK-LABEL: func.func @k_blocks_disagree(
// CHECK-NOT:     fp8.scaled_matmul
func.func @k_blocks_disagree(%a: tensor<4x256xf8E4M3FN>, %sa: tensor<4x2xf32>, %b: tensor<256x16xf8E4M3FN>, %sb: tensor<4x1xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %ea = tensor.empty() : tensor<4x256xf32>
  %da = fp8.dequantize %a, %sa into %ea : tensor<4x256xf8E4M3FN>, tensor<4x2xf32> into tensor<4x256xf32>
  %eb = tensor.empty() : tensor<256x16xf32>
  %db = fp8.dequantize %b, %sb into %eb : tensor<256x16xf8E4M3FN>, tensor<4x1xf32> into tensor<256x16xf32>
  %r = linalg.matmul ins(%da, %db : tensor<4x256xf32>, tensor<256x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// The accumulation recorded on a matmul by fp8-quantize{accumulator= chunk=}
// becomes the scaled matmul's: with 1x128 / 128x128 block scales (K blocks of
// 128) and chunks of 64, and on a matmul of FP8 operands (unit scales).

// CHECK-LABEL: func.func @recorded_accumulation(
// CHECK:         fp8.scaled_matmul {{.+}} {acc_type = f16, chunk = 64 : i64} : tensor<4x256xf8E4M3FN>, tensor<256x128xf8E4M3FN>, tensor<4x2xf32>, tensor<2x1xf32> into tensor<4x128xf32>
// CHECK-NOT:     fp8.acc_type
func.func @recorded_accumulation(%a: tensor<4x256xf8E4M3FN>, %sa: tensor<4x2xf32>, %w: tensor<256x128xf8E4M3FN>, %sw: tensor<2x1xf32>, %c: tensor<4x128xf32>) -> tensor<4x128xf32> {
  %ea = tensor.empty() : tensor<4x256xf32>
  %da = fp8.dequantize %a, %sa into %ea : tensor<4x256xf8E4M3FN>, tensor<4x2xf32> into tensor<4x256xf32>
  %ew = tensor.empty() : tensor<256x128xf32>
  %dw = fp8.dequantize %w, %sw into %ew : tensor<256x128xf8E4M3FN>, tensor<2x1xf32> into tensor<256x128xf32>
  %r = linalg.matmul {fp8.acc_type = f16, fp8.chunk = 64 : i64} ins(%da, %dw : tensor<4x256xf32>, tensor<256x128xf32>) outs(%c : tensor<4x128xf32>) -> tensor<4x128xf32>
  return %r : tensor<4x128xf32>
}

// CHECK-LABEL: func.func @recorded_accumulation_fp8_matmul(
// CHECK:         fp8.scaled_matmul {{.+}} {acc_type = bf16} : tensor<4x8xf8E4M3FN>, tensor<8x16xf8E4M3FN>
func.func @recorded_accumulation_fp8_matmul(%a: tensor<4x8xf8E4M3FN>, %b: tensor<8x16xf8E4M3FN>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %r = linalg.matmul {fp8.acc_type = bf16} ins(%a, %b : tensor<4x8xf8E4M3FN>, tensor<8x16xf8E4M3FN>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}
