// Quantized 2-D convolutions as fp8-quantize leaves them (QDQ on the
// padded input with a per-tensor scale, QDQ on the filter with per output
// channel scales), one per layout, window and format; @all runs them all.
// Inputs: conv_check.py inputs. Used by ../conv.test.

!e3m4fn = !fp8.e3m4fn

// NHWC / HWCF, two images, E4M3 x E5M2.
func.func @nhwc_hwcf(%x: tensor<2x10x10x16xf32>, %w: tensor<3x3x16x24xf32>, %sw: tensor<1x1x1x24xf32>) -> tensor<2x8x8x24xf32> {
  %sx = arith.constant dense<0.0625> : tensor<f32>
  %eq = tensor.empty() : tensor<2x10x10x16xf8E4M3FN>
  %q = fp8.quantize %x, %sx into %eq : tensor<2x10x10x16xf32>, tensor<f32> into tensor<2x10x10x16xf8E4M3FN>
  %ed = tensor.empty() : tensor<2x10x10x16xf32>
  %dx = fp8.dequantize %q, %sx into %ed : tensor<2x10x10x16xf8E4M3FN>, tensor<f32> into tensor<2x10x10x16xf32>
  %ewq = tensor.empty() : tensor<3x3x16x24xf8E5M2>
  %wq = fp8.quantize %w, %sw into %ewq : tensor<3x3x16x24xf32>, tensor<1x1x1x24xf32> into tensor<3x3x16x24xf8E5M2>
  %ew = tensor.empty() : tensor<3x3x16x24xf32>
  %dw = fp8.dequantize %wq, %sw into %ew : tensor<3x3x16x24xf8E5M2>, tensor<1x1x1x24xf32> into tensor<3x3x16x24xf32>
  %bias = arith.constant 0.25 : f32
  %eo = tensor.empty() : tensor<2x8x8x24xf32>
  %init = linalg.fill ins(%bias : f32) outs(%eo : tensor<2x8x8x24xf32>) -> tensor<2x8x8x24xf32>
  %y = linalg.conv_2d_nhwc_hwcf ins(%dx, %dw : tensor<2x10x10x16xf32>, tensor<3x3x16x24xf32>) outs(%init : tensor<2x8x8x24xf32>) -> tensor<2x8x8x24xf32>
  return %y : tensor<2x8x8x24xf32>
}

// NHWC / FHWC, stride 2, accumulation in f16 chunks of 32 (as
// fp8-quantize{accumulator=f16 chunk=32} records it); small codes, so that
// no f16 chunk sum overflows.
func.func @nhwc_fhwc_stride2(%x: tensor<1x11x11x8xf32>, %w: tensor<16x3x3x8xf32>, %sw: tensor<16x1x1x1xf32>) -> tensor<1x5x5x16xf32> {
  %sx = arith.constant dense<0.5> : tensor<f32>
  %eq = tensor.empty() : tensor<1x11x11x8xf8E4M3FN>
  %q = fp8.quantize %x, %sx into %eq : tensor<1x11x11x8xf32>, tensor<f32> into tensor<1x11x11x8xf8E4M3FN>
  %ed = tensor.empty() : tensor<1x11x11x8xf32>
  %dx = fp8.dequantize %q, %sx into %ed : tensor<1x11x11x8xf8E4M3FN>, tensor<f32> into tensor<1x11x11x8xf32>
  %ewq = tensor.empty() : tensor<16x3x3x8xf8E4M3FN>
  %wq = fp8.quantize %w, %sw into %ewq : tensor<16x3x3x8xf32>, tensor<16x1x1x1xf32> into tensor<16x3x3x8xf8E4M3FN>
  %ew = tensor.empty() : tensor<16x3x3x8xf32>
  %dw = fp8.dequantize %wq, %sw into %ew : tensor<16x3x3x8xf8E4M3FN>, tensor<16x1x1x1xf32> into tensor<16x3x3x8xf32>
  %zero = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<1x5x5x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%eo : tensor<1x5x5x16xf32>) -> tensor<1x5x5x16xf32>
  %y = linalg.conv_2d_nhwc_fhwc {fp8.acc_type = f16, fp8.chunk = 32 : i64, strides = dense<2> : tensor<2xi64>}
      ins(%dx, %dw : tensor<1x11x11x8xf32>, tensor<16x3x3x8xf32>) outs(%init : tensor<1x5x5x16xf32>) -> tensor<1x5x5x16xf32>
  return %y : tensor<1x5x5x16xf32>
}

// NCHW / FCHW, two images, dilation 2.
func.func @nchw_fchw_dilation2(%x: tensor<2x16x12x12xf32>, %w: tensor<8x16x3x3xf32>, %sw: tensor<8x1x1x1xf32>) -> tensor<2x8x8x8xf32> {
  %sx = arith.constant dense<0.0625> : tensor<f32>
  %eq = tensor.empty() : tensor<2x16x12x12xf8E4M3FN>
  %q = fp8.quantize %x, %sx into %eq : tensor<2x16x12x12xf32>, tensor<f32> into tensor<2x16x12x12xf8E4M3FN>
  %ed = tensor.empty() : tensor<2x16x12x12xf32>
  %dx = fp8.dequantize %q, %sx into %ed : tensor<2x16x12x12xf8E4M3FN>, tensor<f32> into tensor<2x16x12x12xf32>
  %ewq = tensor.empty() : tensor<8x16x3x3xf8E4M3FN>
  %wq = fp8.quantize %w, %sw into %ewq : tensor<8x16x3x3xf32>, tensor<8x1x1x1xf32> into tensor<8x16x3x3xf8E4M3FN>
  %ew = tensor.empty() : tensor<8x16x3x3xf32>
  %dw = fp8.dequantize %wq, %sw into %ew : tensor<8x16x3x3xf8E4M3FN>, tensor<8x1x1x1xf32> into tensor<8x16x3x3xf32>
  %bias = arith.constant -0.5 : f32
  %eo = tensor.empty() : tensor<2x8x8x8xf32>
  %init = linalg.fill ins(%bias : f32) outs(%eo : tensor<2x8x8x8xf32>) -> tensor<2x8x8x8xf32>
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>}
      ins(%dx, %dw : tensor<2x16x12x12xf32>, tensor<8x16x3x3xf32>) outs(%init : tensor<2x8x8x8xf32>) -> tensor<2x8x8x8xf32>
  return %y : tensor<2x8x8x8xf32>
}

// NCHW / FCHW, three input channels (a stem), stride 2, E3M4 of Shen et
// al. (a dialect storage type) for both operands.
func.func @nchw_fchw_stride2(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>, %sw: tensor<8x1x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %sx = arith.constant dense<0.25> : tensor<f32>
  %eq = tensor.empty() : tensor<1x3x9x9x!e3m4fn>
  %q = fp8.quantize %x, %sx into %eq : tensor<1x3x9x9xf32>, tensor<f32> into tensor<1x3x9x9x!e3m4fn>
  %ed = tensor.empty() : tensor<1x3x9x9xf32>
  %dx = fp8.dequantize %q, %sx into %ed : tensor<1x3x9x9x!e3m4fn>, tensor<f32> into tensor<1x3x9x9xf32>
  %ewq = tensor.empty() : tensor<8x3x3x3x!e3m4fn>
  %wq = fp8.quantize %w, %sw into %ewq : tensor<8x3x3x3xf32>, tensor<8x1x1x1xf32> into tensor<8x3x3x3x!e3m4fn>
  %ew = tensor.empty() : tensor<8x3x3x3xf32>
  %dw = fp8.dequantize %wq, %sw into %ew : tensor<8x3x3x3x!e3m4fn>, tensor<8x1x1x1xf32> into tensor<8x3x3x3xf32>
  %zero = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<1x8x4x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%eo : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %y = linalg.conv_2d_nchw_fchw {strides = dense<2> : tensor<2xi64>}
      ins(%dx, %dw : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// NHWC / HWCF with the QDQ before the pad (the pad moves onto the codes).
func.func @nhwc_pad_after(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16x8xf32>, %sw: tensor<1x1x1x8xf32>) -> tensor<1x8x8x8xf32> {
  %sx = arith.constant dense<0.0625> : tensor<f32>
  %eq = tensor.empty() : tensor<1x8x8x16xf8E4M3FN>
  %q = fp8.quantize %x, %sx into %eq : tensor<1x8x8x16xf32>, tensor<f32> into tensor<1x8x8x16xf8E4M3FN>
  %ed = tensor.empty() : tensor<1x8x8x16xf32>
  %dx = fp8.dequantize %q, %sx into %ed : tensor<1x8x8x16xf8E4M3FN>, tensor<f32> into tensor<1x8x8x16xf32>
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %dx low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
  %ewq = tensor.empty() : tensor<3x3x16x8xf8E4M3FN>
  %wq = fp8.quantize %w, %sw into %ewq : tensor<3x3x16x8xf32>, tensor<1x1x1x8xf32> into tensor<3x3x16x8xf8E4M3FN>
  %ew = tensor.empty() : tensor<3x3x16x8xf32>
  %dw = fp8.dequantize %wq, %sw into %ew : tensor<3x3x16x8xf8E4M3FN>, tensor<1x1x1x8xf32> into tensor<3x3x16x8xf32>
  %eo = tensor.empty() : tensor<1x8x8x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%eo : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf ins(%p, %dw : tensor<1x10x10x16xf32>, tensor<3x3x16x8xf32>) outs(%init : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

func.func @all(%x0: tensor<2x10x10x16xf32>, %w0: tensor<3x3x16x24xf32>, %s0: tensor<1x1x1x24xf32>,
               %x1: tensor<1x11x11x8xf32>, %w1: tensor<16x3x3x8xf32>, %s1: tensor<16x1x1x1xf32>,
               %x2: tensor<2x16x12x12xf32>, %w2: tensor<8x16x3x3xf32>, %s2: tensor<8x1x1x1xf32>,
               %x3: tensor<1x3x9x9xf32>, %w3: tensor<8x3x3x3xf32>, %s3: tensor<8x1x1x1xf32>,
               %x4: tensor<1x8x8x16xf32>, %w4: tensor<3x3x16x8xf32>, %s4: tensor<1x1x1x8xf32>)
    -> (tensor<2x8x8x24xf32>, tensor<1x5x5x16xf32>, tensor<2x8x8x8xf32>, tensor<1x8x4x4xf32>, tensor<1x8x8x8xf32>) {
  %y0 = func.call @nhwc_hwcf(%x0, %w0, %s0) : (tensor<2x10x10x16xf32>, tensor<3x3x16x24xf32>, tensor<1x1x1x24xf32>) -> tensor<2x8x8x24xf32>
  %y1 = func.call @nhwc_fhwc_stride2(%x1, %w1, %s1) : (tensor<1x11x11x8xf32>, tensor<16x3x3x8xf32>, tensor<16x1x1x1xf32>) -> tensor<1x5x5x16xf32>
  %y2 = func.call @nchw_fchw_dilation2(%x2, %w2, %s2) : (tensor<2x16x12x12xf32>, tensor<8x16x3x3xf32>, tensor<8x1x1x1xf32>) -> tensor<2x8x8x8xf32>
  %y3 = func.call @nchw_fchw_stride2(%x3, %w3, %s3) : (tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>, tensor<8x1x1x1xf32>) -> tensor<1x8x4x4xf32>
  %y4 = func.call @nhwc_pad_after(%x4, %w4, %s4) : (tensor<1x8x8x16xf32>, tensor<3x3x16x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x8x8x8xf32>
  return %y0, %y1, %y2, %y3, %y4 : tensor<2x8x8x24xf32>, tensor<1x5x5x16xf32>, tensor<2x8x8x8xf32>, tensor<1x8x4x4xf32>, tensor<1x8x8x8xf32>
}
