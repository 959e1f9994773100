// fp8-quantize's accumulator= and chunk=: recorded on every matmul that the
// pass quantizes (fp8.acc_type, fp8.chunk; nothing for the default f32 and
// one chunk), and made the acc_type and chunk of the scaled matmul by
// fp8-fuse, also when the two passes run in separate fp8-opt invocations.
// Convolutions too: fp8-fuse makes scaled matmuls of them.
//
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic accumulator=f16 chunk=4" -split-input-file | FileCheck %s --check-prefix=QUANT
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic accumulator=f16 chunk=4" | fp8-opt --fp8-fuse | FileCheck %s --check-prefix=F16
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic accumulator=bf16" --fp8-fuse -split-input-file | FileCheck %s --check-prefix=BF16
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic chunk=8" --fp8-fuse -split-input-file | FileCheck %s --check-prefix=CHUNK
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic" --fp8-fuse -split-input-file | FileCheck %s --check-prefix=DEFAULT
// Block weight scales (K blocks of 4) with a chunk that divides them.
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic weight-granularity=block block-size=4 accumulator=f16 chunk=2" --fp8-fuse -split-input-file | FileCheck %s --check-prefix=BLOCK
//
// f16 holds 65504 at most: with formats whose largest product is above it
// (E4M3: 448 x 448) fp8-quantize warns; with E3M4FN (30 x 30) it does not.
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic accumulator=f16" -o /dev/null 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic accumulator=f16 weight-format=e3m4fn activation-format=e3m4fn" -o /dev/null 2>&1 | count 0
// RUN: fp8-opt %s --fp8-quantize="mode=dynamic accumulator=bf16" -o /dev/null 2>&1 | count 0

// WARN: warning: fp8-quantize: accumulator=f16 with weight-format=e4m3 activation-format=e4m3: a product of two values reaches 200704, above f16's largest finite value (65504), so chunk sums can overflow to inf (bf16 has f32's range; e3m4fn products stay within 900)

// QUANT-LABEL: func.func @linear(
// QUANT:         linalg.matmul {fp8.acc_type = f16, fp8.chunk = 4 : i64} ins(%{{.+}}, %{{.+}} : tensor<4x8xf32>, tensor<8x4xf32>)

// F16-LABEL: func.func @linear(
// F16:         fp8.scaled_matmul {{.+}} {acc_type = f16, b_layout = #fp8.layout<nk>, chunk = 4 : i64} : tensor<4x8xf8E4M3FN>, tensor<4x8xf8E4M3FN>, tensor<4x1xf32>, tensor<4x1xf32> into tensor<4x4xf32>
// F16-NOT:     linalg.matmul

// BF16-LABEL: func.func @linear(
// BF16:         fp8.scaled_matmul {{.+}} {acc_type = bf16, b_layout = #fp8.layout<nk>} : tensor<4x8xf8E4M3FN>

// CHUNK-LABEL: func.func @linear(
// CHUNK:         fp8.scaled_matmul {{.+}} {b_layout = #fp8.layout<nk>, chunk = 8 : i64} : tensor<4x8xf8E4M3FN>

// DEFAULT-LABEL: func.func @linear(
// DEFAULT:         fp8.scaled_matmul {{.+}} {b_layout = #fp8.layout<nk>} : tensor<4x8xf8E4M3FN>

// BLOCK-LABEL: func.func @linear(
// BLOCK:         fp8.scaled_matmul {{.+}} {acc_type = f16, b_layout = #fp8.layout<nk>, chunk = 2 : i64} : tensor<4x8xf8E4M3FN>, tensor<4x8xf8E4M3FN>, tensor<4x1xf32>, tensor<1x2xf32> into tensor<4x4xf32>
func.func @linear(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  %w = arith.constant dense<[[0.5, -0.25, 1.0, 2.0, -1.5, 0.75, 0.125, -3.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [-1.0, -2.0, -3.0, -4.0, 4.0, 3.0, 2.0, 1.0]]> : tensor<4x8xf32>
  %e = tensor.empty() : tensor<8x4xf32>
  %wt = linalg.transpose ins(%w : tensor<4x8xf32>) outs(%e : tensor<8x4xf32>) permutation = [1, 0]
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<4x4xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<4x4xf32>) -> tensor<4x4xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<4x8xf32>, tensor<8x4xf32>) outs(%f : tensor<4x4xf32>) -> tensor<4x4xf32> loc("fc")
  return %y : tensor<4x4xf32>
}

// -----

// Attention scores: both operands are activations.

// QUANT-LABEL: func.func @attention(
// QUANT:         linalg.batch_matmul {fp8.acc_type = f16, fp8.chunk = 4 : i64} ins(

// F16-LABEL: func.func @attention(
// F16:         fp8.batch_scaled_matmul {{.+}} {acc_type = f16, chunk = 4 : i64} : tensor<2x4x16xf8E4M3FN>, tensor<2x16x4xf8E4M3FN>, tensor<1x4x1xf32>, tensor<1x1x4xf32> into tensor<2x4x4xf32>

// BF16-LABEL: func.func @attention(
// BF16:         fp8.batch_scaled_matmul {{.+}} {acc_type = bf16} : tensor<2x4x16xf8E4M3FN>

// DEFAULT-LABEL: func.func @attention(
// DEFAULT:         fp8.batch_scaled_matmul {{.+}} into %{{.+}} : tensor<2x4x16xf8E4M3FN>
func.func @attention(%q: tensor<2x4x16xf32>, %k: tensor<2x16x4xf32>) -> tensor<2x4x4xf32> {
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<2x4x4xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %s = linalg.batch_matmul ins(%q, %k : tensor<2x4x16xf32>, tensor<2x16x4xf32>) outs(%f : tensor<2x4x4xf32>) -> tensor<2x4x4xf32> loc("scores")
  return %s : tensor<2x4x4xf32>
}

// -----

// A convolution: recorded the same way, carried onto the scaled matmul of
// its im2col. (Block scales of 4 x 4 on this filter are one block: a
// per-tensor scale, fused like any other.)

// QUANT-LABEL: func.func @convolution(
// QUANT:         linalg.conv_2d_nhwc_hwcf {fp8.acc_type = f16, fp8.chunk = 4 : i64} ins(

// F16-LABEL: func.func @convolution(
// F16:         fp8.scaled_matmul {{.+}} {acc_type = f16, chunk = 4 : i64} : tensor<16x36xf8E4M3FN>, tensor<36x4xf8E4M3FN>, tensor<f32>, tensor<1x4xf32> into tensor<16x4xf32>
// F16-NOT:     linalg.conv_2d

// BLOCK-LABEL: func.func @convolution(
// BLOCK:         fp8.scaled_matmul {{.+}} {acc_type = f16, chunk = 2 : i64} : tensor<16x36xf8E4M3FN>, tensor<36x4xf8E4M3FN>, tensor<f32>, tensor<1x1xf32> into tensor<16x4xf32>
// BLOCK-NOT:     linalg.conv_2d
func.func @convolution(%x: tensor<1x6x6x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x4x4xf32>
  %z = arith.constant 0.0 : f32
  %o = tensor.empty() : tensor<1x4x4x4xf32>
  %f = linalg.fill ins(%z : f32) outs(%o : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %y = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x6x6x4xf32>, tensor<3x3x4x4xf32>) outs(%f : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
