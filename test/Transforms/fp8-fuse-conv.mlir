// RUN: fp8-opt %s --fp8-fuse -split-input-file | FileCheck %s

// 2-D convolutions of dequantized operands (per-tensor input scale, per
// output channel filter scale) -> im2col of the FP8 input (a copy) and
// fp8.scaled_matmul on the collapsed filter, accumulating into C.

// NHWC / HWCF: [N*OH*OW, KH*KW*C] x [KH*KW*C, F], b_layout kn.

// CHECK-DAG:   #[[IM2COL:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d0 + d2, d1 + d3, d4)>
// CHECK-DAG:   #[[ID5:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @nhwc_hwcf(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<1x6x6x4xf8E4M3FN>, %[[SX:[a-z0-9_]+]]: tensor<f32>, %[[W:[a-z0-9_]+]]: tensor<3x3x4x8xf8E5M2>, %[[SW:[a-z0-9_]+]]: tensor<1x1x1x8xf32>, %[[C:[a-z0-9_]+]]: tensor<1x4x4x8xf32>)
// CHECK-DAG:     %[[WK:.+]] = tensor.collapse_shape %[[W]] {{\[}}[0, 1, 2], [3]] : tensor<3x3x4x8xf8E5M2> into tensor<36x8xf8E5M2>
// CHECK-DAG:     %[[SWK:.+]] = tensor.collapse_shape %[[SW]] {{\[}}[0, 1, 2], [3]] : tensor<1x1x1x8xf32> into tensor<1x8xf32>
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<4x4x3x3x4xf8E4M3FN>
// CHECK:         %[[COLS:.+]] = linalg.generic {indexing_maps = [#[[IM2COL]], #[[ID5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<1x6x6x4xf8E4M3FN>) outs(%[[E]] : tensor<4x4x3x3x4xf8E4M3FN>)
// CHECK:         %[[A:.+]] = tensor.collapse_shape %[[COLS]] {{\[}}[0, 1], [2, 3, 4]] : tensor<4x4x3x3x4xf8E4M3FN> into tensor<16x36xf8E4M3FN>
// CHECK:         %[[ACC:.+]] = tensor.collapse_shape %[[C]] {{\[}}[0, 1, 2], [3]] : tensor<1x4x4x8xf32> into tensor<16x8xf32>
// CHECK:         %[[R:.+]] = fp8.scaled_matmul %[[A]], %[[WK]] scales(%[[SX]], %[[SWK]]) into %[[ACC]] : tensor<16x36xf8E4M3FN>, tensor<36x8xf8E5M2>, tensor<f32>, tensor<1x8xf32> into tensor<16x8xf32>
// CHECK:         %[[Y:.+]] = tensor.expand_shape %[[R]] {{\[}}[0, 1, 2], [3]] output_shape [1, 4, 4, 8] : tensor<16x8xf32> into tensor<1x4x4x8xf32>
// CHECK-NOT:     linalg.conv_2d
// CHECK:         return %[[Y]]
func.func @nhwc_hwcf(%x: tensor<1x6x6x4xf8E4M3FN>, %sx: tensor<f32>, %w: tensor<3x3x4x8xf8E5M2>, %sw: tensor<1x1x1x8xf32>, %c: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %ex = tensor.empty() : tensor<1x6x6x4xf32>
  %dx = fp8.dequantize %x, %sx into %ex : tensor<1x6x6x4xf8E4M3FN>, tensor<f32> into tensor<1x6x6x4xf32>
  %ew = tensor.empty() : tensor<3x3x4x8xf32>
  %dw = fp8.dequantize %w, %sw into %ew : tensor<3x3x4x8xf8E5M2>, tensor<1x1x1x8xf32> into tensor<3x3x4x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf ins(%dx, %dw : tensor<1x6x6x4xf32>, tensor<3x3x4x8xf32>) outs(%c : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// NHWC / FHWC: the filter is B in the nk layout, its scales per row of B.
// The accumulation fp8-quantize recorded on the convolution carries over.
// Stride 2 and a batch of 2: the outermost loop of the im2col runs over
// image x output row.

// CHECK-DAG:   #[[IM2COL:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0 floordiv 4, (d0 mod 4) * 2 + d2, d1 * 2 + d3, d4)>
// CHECK-LABEL: func.func @nhwc_fhwc_stride2(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<2x9x9x4xf8E4M3FN>, %[[SX:[a-z0-9_]+]]: tensor<1x1x1x1xf32>, %[[W:[a-z0-9_]+]]: tensor<8x3x3x4xf8E4M3FN>, %[[SW:[a-z0-9_]+]]: tensor<8x1x1x1xf32>, %[[C:[a-z0-9_]+]]: tensor<2x4x4x8xf32>)
// CHECK-DAG:     %[[SX0:.+]] = tensor.collapse_shape %[[SX]] [] : tensor<1x1x1x1xf32> into tensor<f32>
// CHECK-DAG:     %[[WK:.+]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<8x3x3x4xf8E4M3FN> into tensor<8x36xf8E4M3FN>
// CHECK-DAG:     %[[SWK:.+]] = tensor.collapse_shape %[[SW]] {{\[}}[0], [1, 2, 3]] : tensor<8x1x1x1xf32> into tensor<8x1xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[IM2COL]], {{.+}}]{{.*}} ins(%[[X]] : tensor<2x9x9x4xf8E4M3FN>) outs(%{{.+}} : tensor<8x4x3x3x4xf8E4M3FN>)
// CHECK:         %[[A:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0, 1], [2, 3, 4]] : tensor<8x4x3x3x4xf8E4M3FN> into tensor<32x36xf8E4M3FN>
// CHECK:         %[[ACC:.+]] = tensor.collapse_shape %[[C]] {{\[}}[0, 1, 2], [3]] : tensor<2x4x4x8xf32> into tensor<32x8xf32>
// CHECK:         fp8.scaled_matmul %[[A]], %[[WK]] scales(%[[SX0]], %[[SWK]]) into %[[ACC]] {acc_type = f16, b_layout = #fp8.layout<nk>, chunk = 16 : i64} : tensor<32x36xf8E4M3FN>, tensor<8x36xf8E4M3FN>, tensor<f32>, tensor<8x1xf32> into tensor<32x8xf32>
// CHECK-NOT:     linalg.conv_2d
func.func @nhwc_fhwc_stride2(%x: tensor<2x9x9x4xf8E4M3FN>, %sx: tensor<1x1x1x1xf32>, %w: tensor<8x3x3x4xf8E4M3FN>, %sw: tensor<8x1x1x1xf32>, %c: tensor<2x4x4x8xf32>) -> tensor<2x4x4x8xf32> {
  %ex = tensor.empty() : tensor<2x9x9x4xf32>
  %dx = fp8.dequantize %x, %sx into %ex : tensor<2x9x9x4xf8E4M3FN>, tensor<1x1x1x1xf32> into tensor<2x9x9x4xf32>
  %ew = tensor.empty() : tensor<8x3x3x4xf32>
  %dw = fp8.dequantize %w, %sw into %ew : tensor<8x3x3x4xf8E4M3FN>, tensor<8x1x1x1xf32> into tensor<8x3x3x4xf32>
  %y = linalg.conv_2d_nhwc_fhwc {fp8.acc_type = f16, fp8.chunk = 16 : i64, strides = dense<2> : tensor<2xi64>}
      ins(%dx, %dw : tensor<2x9x9x4xf32>, tensor<8x3x3x4xf32>) outs(%c : tensor<2x4x4x8xf32>) -> tensor<2x4x4x8xf32>
  return %y : tensor<2x4x4x8xf32>
}

// -----

// NCHW / FCHW, one image: [F, C*KH*KW] x [C*KH*KW, OH*OW] with the filter
// as A (per-row scales) and the im2col as B, so C keeps its layout.
// Dilation 2: the window's taps are two pixels apart.

// CHECK-DAG:   #[[IM2COL:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d0, d3 + d1 * 2, d4 + d2 * 2)>
// CHECK-LABEL: func.func @nchw_fchw_dilation2(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<1x4x8x8xf8E4M3FN>, %[[SX:[a-z0-9_]+]]: tensor<f32>, %[[W:[a-z0-9_]+]]: tensor<8x4x3x3xf8E4M3FN>, %[[SW:[a-z0-9_]+]]: tensor<8x1x1x1xf32>, %[[C:[a-z0-9_]+]]: tensor<1x8x4x4xf32>)
// CHECK-DAG:     %[[WK:.+]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<8x4x3x3xf8E4M3FN> into tensor<8x36xf8E4M3FN>
// CHECK-DAG:     %[[SWK:.+]] = tensor.collapse_shape %[[SW]] {{\[}}[0], [1, 2, 3]] : tensor<8x1x1x1xf32> into tensor<8x1xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[IM2COL]], {{.+}}]{{.*}} ins(%[[X]] : tensor<1x4x8x8xf8E4M3FN>) outs(%{{.+}} : tensor<4x3x3x4x4xf8E4M3FN>)
// CHECK-DAG:     %[[B:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0, 1, 2], [3, 4]] : tensor<4x3x3x4x4xf8E4M3FN> into tensor<36x16xf8E4M3FN>
// CHECK-DAG:     %[[ACC:.+]] = tensor.collapse_shape %[[C]] {{\[}}[0, 1], [2, 3]] : tensor<1x8x4x4xf32> into tensor<8x16xf32>
// CHECK:         %[[R:.+]] = fp8.scaled_matmul %[[WK]], %[[B]] scales(%[[SWK]], %[[SX]]) into %[[ACC]] : tensor<8x36xf8E4M3FN>, tensor<36x16xf8E4M3FN>, tensor<8x1xf32>, tensor<f32> into tensor<8x16xf32>
// CHECK:         tensor.expand_shape %[[R]] {{\[}}[0, 1], [2, 3]] output_shape [1, 8, 4, 4] : tensor<8x16xf32> into tensor<1x8x4x4xf32>
// CHECK-NOT:     linalg.conv_2d
func.func @nchw_fchw_dilation2(%x: tensor<1x4x8x8xf8E4M3FN>, %sx: tensor<f32>, %w: tensor<8x4x3x3xf8E4M3FN>, %sw: tensor<8x1x1x1xf32>, %c: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %ex = tensor.empty() : tensor<1x4x8x8xf32>
  %dx = fp8.dequantize %x, %sx into %ex : tensor<1x4x8x8xf8E4M3FN>, tensor<f32> into tensor<1x4x8x8xf32>
  %ew = tensor.empty() : tensor<8x4x3x3xf32>
  %dw = fp8.dequantize %w, %sw into %ew : tensor<8x4x3x3xf8E4M3FN>, tensor<8x1x1x1xf32> into tensor<8x4x3x3xf32>
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>}
      ins(%dx, %dw : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) outs(%c : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// NCHW / FCHW, two images, stride 2, per-tensor filter scale: a loop over
// the images, one scaled matmul each on its slices of the im2col and of C.

// CHECK-DAG:   #[[IM2COL:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0 floordiv 3, d0 mod 3, d3 * 2 + d1, d4 * 2 + d2)>
// CHECK-DAG:   #[[FIRST:.+]] = affine_map<(d0) -> (d0 * 3)>
// CHECK-LABEL: func.func @nchw_fchw_batch2(
// CHECK-SAME:    %[[C:[a-z0-9_]+]]: tensor<2x8x4x4xf32>)
// CHECK-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.+]] = arith.constant 2 : index
// CHECK:         %[[COLS:.+]] = linalg.generic {indexing_maps = [#[[IM2COL]], {{.+}}]{{.*}} outs(%{{.+}} : tensor<6x3x3x4x4xf8E4M3FN>)
// CHECK:         %[[Y:.+]] = scf.for %[[I:.+]] = %[[C0]] to %[[C2]] step %[[C1]] iter_args(%[[R:.+]] = %[[C]]) -> (tensor<2x8x4x4xf32>) {
// CHECK:           %[[ACC:.+]] = tensor.extract_slice %[[R]][%[[I]], 0, 0, 0] [1, 8, 4, 4] [1, 1, 1, 1] : tensor<2x8x4x4xf32> to tensor<8x4x4xf32>
// CHECK:           %[[ACC2:.+]] = tensor.collapse_shape %[[ACC]] {{\[}}[0], [1, 2]] : tensor<8x4x4xf32> into tensor<8x16xf32>
// CHECK:           %[[FIRSTC:.+]] = affine.apply #[[FIRST]](%[[I]])
// CHECK:           %[[COLSI:.+]] = tensor.extract_slice %[[COLS]][%[[FIRSTC]], 0, 0, 0, 0] [3, 3, 3, 4, 4] [1, 1, 1, 1, 1]
// CHECK:           %[[B:.+]] = tensor.collapse_shape %[[COLSI]] {{\[}}[0, 1, 2], [3, 4]] : tensor<3x3x3x4x4xf8E4M3FN> into tensor<27x16xf8E4M3FN>
// CHECK:           %[[P:.+]] = fp8.scaled_matmul %{{.+}}, %[[B]] scales(%{{.+}}, %{{.+}}) into %[[ACC2]] : tensor<8x27xf8E4M3FN>, tensor<27x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<8x16xf32>
// CHECK:           %[[PE:.+]] = tensor.expand_shape %[[P]]
// CHECK:           %[[U:.+]] = tensor.insert_slice %[[PE]] into %[[R]][%[[I]], 0, 0, 0] [1, 8, 4, 4] [1, 1, 1, 1]
// CHECK:           scf.yield %[[U]]
// CHECK-NOT:     linalg.conv_2d
// CHECK:         return %[[Y]]
func.func @nchw_fchw_batch2(%x: tensor<2x3x9x9xf8E4M3FN>, %s: tensor<f32>, %w: tensor<8x3x3x3xf8E4M3FN>, %c: tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32> {
  %ex = tensor.empty() : tensor<2x3x9x9xf32>
  %dx = fp8.dequantize %x, %s into %ex : tensor<2x3x9x9xf8E4M3FN>, tensor<f32> into tensor<2x3x9x9xf32>
  %ew = tensor.empty() : tensor<8x3x3x3xf32>
  %dw = fp8.dequantize %w, %s into %ew : tensor<8x3x3x3xf8E4M3FN>, tensor<f32> into tensor<8x3x3x3xf32>
  %y = linalg.conv_2d_nchw_fchw {strides = dense<2> : tensor<2xi64>}
      ins(%dx, %dw : tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>) outs(%c : tensor<2x8x4x4xf32>) -> tensor<2x8x4x4xf32>
  return %y : tensor<2x8x4x4xf32>
}

// -----

// Padding as torch-mlir writes it (tensor.pad before the convolution) and
// fp8-quantize quantizes it (QDQ on the padded tensor): the im2col reads the
// padded FP8 codes.

// CHECK-LABEL: func.func @padded(
// CHECK:         %[[P:.+]] = tensor.pad
// CHECK:         %[[Q:.+]] = fp8.quantize %[[P]]
// CHECK:         linalg.generic {{.+}} ins(%[[Q]] : tensor<1x6x6x4xf8E4M3FN>)
// CHECK:         fp8.scaled_matmul
// CHECK-NOT:     linalg.conv_2d
func.func @padded(%x: tensor<1x4x4x4xf32>, %s: tensor<f32>, %w: tensor<3x3x4x8xf8E4M3FN>, %c: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x4xf32> to tensor<1x6x6x4xf32>
  %eq = tensor.empty() : tensor<1x6x6x4xf8E4M3FN>
  %q = fp8.quantize %p, %s into %eq : tensor<1x6x6x4xf32>, tensor<f32> into tensor<1x6x6x4xf8E4M3FN>
  %ex = tensor.empty() : tensor<1x6x6x4xf32>
  %dx = fp8.dequantize %q, %s into %ex : tensor<1x6x6x4xf8E4M3FN>, tensor<f32> into tensor<1x6x6x4xf32>
  %ew = tensor.empty() : tensor<3x3x4x8xf32>
  %dw = fp8.dequantize %w, %s into %ew : tensor<3x3x4x8xf8E4M3FN>, tensor<f32> into tensor<3x3x4x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf ins(%dx, %dw : tensor<1x6x6x4xf32>, tensor<3x3x4x8xf32>) outs(%c : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// QDQ before the pad (as a QDQ model's importer may write it): the zero pad
// moves onto the codes (code 0 decodes to +0 whatever the scale).

// CHECK-LABEL: func.func @pad_after_dequantize(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<1x4x4x4xf8E4M3FN>
// CHECK:         %[[Z:.+]] = arith.constant 0.000000e+00 : f8E4M3FN
// CHECK:         %[[P:.+]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:           tensor.yield %[[Z]] : f8E4M3FN
// CHECK:         } : tensor<1x4x4x4xf8E4M3FN> to tensor<1x6x6x4xf8E4M3FN>
// CHECK:         linalg.generic {{.+}} ins(%[[P]] : tensor<1x6x6x4xf8E4M3FN>)
// CHECK:         fp8.scaled_matmul
// CHECK-NOT:     linalg.conv_2d
func.func @pad_after_dequantize(%x: tensor<1x4x4x4xf8E4M3FN>, %s: tensor<f32>, %w: tensor<3x3x4x8xf8E4M3FN>, %c: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %ex = tensor.empty() : tensor<1x4x4x4xf32>
  %dx = fp8.dequantize %x, %s into %ex : tensor<1x4x4x4xf8E4M3FN>, tensor<f32> into tensor<1x4x4x4xf32>
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %dx low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x4xf32> to tensor<1x6x6x4xf32>
  %ew = tensor.empty() : tensor<3x3x4x8xf32>
  %dw = fp8.dequantize %w, %s into %ew : tensor<3x3x4x8xf8E4M3FN>, tensor<f32> into tensor<3x3x4x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf ins(%p, %dw : tensor<1x6x6x4xf32>, tensor<3x3x4x8xf32>) outs(%c : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// Not fused (they stay dequantized f32 convolutions): an input scale per
// channel, block-scaled filters (their K blocks are not blocks of the
// collapsed K), a depthwise convolution, dynamic shapes, padding with 1.0
// after the dequantize.

// CHECK-LABEL: func.func @not_fused(
// CHECK-NOT:     fp8.scaled_matmul
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK:         linalg.depthwise_conv_2d_nhwc_hwc
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK-NOT:     fp8.scaled_matmul
func.func @not_fused(%x: tensor<1x6x6x4xf8E4M3FN>, %s: tensor<f32>, %sc: tensor<1x1x1x4xf32>,
                     %w: tensor<3x3x4x8xf8E4M3FN>, %sb: tensor<1x1x2x4xf32>, %wd: tensor<3x3x4xf8E4M3FN>,
                     %xd: tensor<?x6x6x4xf8E4M3FN>, %c: tensor<1x4x4x8xf32>, %cd: tensor<1x4x4x4xf32>, %cn: tensor<?x4x4x8xf32>)
    -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x4xf32>, tensor<?x4x4x8xf32>, tensor<1x6x6x8xf32>) {
  %ex = tensor.empty() : tensor<1x6x6x4xf32>
  %dx = fp8.dequantize %x, %s into %ex : tensor<1x6x6x4xf8E4M3FN>, tensor<f32> into tensor<1x6x6x4xf32>
  %dxc = fp8.dequantize %x, %sc into %ex : tensor<1x6x6x4xf8E4M3FN>, tensor<1x1x1x4xf32> into tensor<1x6x6x4xf32>
  %ew = tensor.empty() : tensor<3x3x4x8xf32>
  %dw = fp8.dequantize %w, %s into %ew : tensor<3x3x4x8xf8E4M3FN>, tensor<f32> into tensor<3x3x4x8xf32>
  %dwb = fp8.dequantize %w, %sb into %ew : tensor<3x3x4x8xf8E4M3FN>, tensor<1x1x2x4xf32> into tensor<3x3x4x8xf32>
  %y0 = linalg.conv_2d_nhwc_hwcf ins(%dxc, %dw : tensor<1x6x6x4xf32>, tensor<3x3x4x8xf32>) outs(%c : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %y1 = linalg.conv_2d_nhwc_hwcf ins(%dx, %dwb : tensor<1x6x6x4xf32>, tensor<3x3x4x8xf32>) outs(%c : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %ed = tensor.empty() : tensor<3x3x4xf32>
  %dwd = fp8.dequantize %wd, %s into %ed : tensor<3x3x4xf8E4M3FN>, tensor<f32> into tensor<3x3x4xf32>
  %y2 = linalg.depthwise_conv_2d_nhwc_hwc ins(%dx, %dwd : tensor<1x6x6x4xf32>, tensor<3x3x4xf32>) outs(%cd : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %xd, %c0 : tensor<?x6x6x4xf8E4M3FN>
  %exd = tensor.empty(%n) : tensor<?x6x6x4xf32>
  %dxd = fp8.dequantize %xd, %s into %exd : tensor<?x6x6x4xf8E4M3FN>, tensor<f32> into tensor<?x6x6x4xf32>
  %y3 = linalg.conv_2d_nhwc_hwcf ins(%dxd, %dw : tensor<?x6x6x4xf32>, tensor<3x3x4x8xf32>) outs(%cn : tensor<?x4x4x8xf32>) -> tensor<?x4x4x8xf32>
  %one = arith.constant 1.0 : f32
  %p = tensor.pad %dx low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):
    tensor.yield %one : f32
  } : tensor<1x6x6x4xf32> to tensor<1x8x8x4xf32>
  %c6 = tensor.empty() : tensor<1x6x6x8xf32>
  %y4 = linalg.conv_2d_nhwc_hwcf ins(%p, %dw : tensor<1x8x8x4xf32>, tensor<3x3x4x8xf32>) outs(%c6 : tensor<1x6x6x8xf32>) -> tensor<1x6x6x8xf32>
  return %y0, %y1, %y2, %y3, %y4 : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x4xf32>, tensor<?x4x4x8xf32>, tensor<1x6x6x8xf32>
}
