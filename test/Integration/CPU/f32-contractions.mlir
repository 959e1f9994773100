// The f32 contractions that fp8-cpu-pipeline runs on the register-blocked
// kernel (fp8-vectorize-contractions), run by fp8-run: every result within
// f32 rounding of NumPy's f64 product (Inputs/f32_ops.py states
// the bound), and the same bits on one and two threads. Cases: padded rows
// and columns, transposed A and B, a GEMV (B read in place), a batch, a
// linear layer on a 3-D activation, a K long enough for cache blocks (6
// rows x 1500 f32 overflow L1), and convolutions (upstream's im2col, then
// the kernel): NCHW of one image and of three (a loop over the images, the
// filter shared), NHWC of two with stride 2.
//
// REQUIRES: openmp
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/f32_ops.py inputs contractions %t
// RUN: for e in matmul transposed gemv batch_matmul linear3d cache_blocked conv_nchw conv_nchw_images conv_nhwc; do fp8-run %s --entry $e --input %t/${e}_0.npy --input %t/${e}_1.npy --input %t/${e}_2.npy --output-dir %t/t1 --threads 1 && fp8-run %s --entry $e --input %t/${e}_0.npy --input %t/${e}_1.npy --input %t/${e}_2.npy --output-dir %t/t2 --threads 2 || exit 1; done
// RUN: %python %S/Inputs/f32_ops.py check contractions %t | FileCheck %s

// CHECK: matmul: shape (130, 70), within bound True, threads identical True
// CHECK-NEXT: transposed: shape (20, 40), within bound True, threads identical True
// CHECK-NEXT: gemv: shape (1, 64), within bound True, threads identical True
// CHECK-NEXT: batch_matmul: shape (3, 20, 40), within bound True, threads identical True
// CHECK-NEXT: linear3d: shape (2, 9, 24), within bound True, threads identical True
// CHECK-NEXT: cache_blocked: shape (100, 40), within bound True, threads identical True
// CHECK-NEXT: conv_nchw: shape (1, 8, 8, 8), within bound True, threads identical True
// CHECK-NEXT: conv_nchw_images: shape (3, 8, 8, 8), within bound True, threads identical True
// CHECK-NEXT: conv_nhwc: shape (2, 4, 4, 8), within bound True, threads identical True

func.func @matmul(%a: tensor<130x200xf32>, %b: tensor<200x70xf32>, %c: tensor<130x70xf32>) -> tensor<130x70xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<130x200xf32>, tensor<200x70xf32>) outs(%c : tensor<130x70xf32>) -> tensor<130x70xf32>
  return %r : tensor<130x70xf32>
}

func.func @transposed(%a: tensor<64x20xf32>, %b: tensor<40x64xf32>, %c: tensor<20x40xf32>) -> tensor<20x40xf32> {
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<64x20xf32>, tensor<40x64xf32>) outs(%c : tensor<20x40xf32>) -> tensor<20x40xf32>
  return %r : tensor<20x40xf32>
}

func.func @gemv(%a: tensor<1x300xf32>, %b: tensor<300x64xf32>, %c: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<1x300xf32>, tensor<300x64xf32>) outs(%c : tensor<1x64xf32>) -> tensor<1x64xf32>
  return %r : tensor<1x64xf32>
}

func.func @batch_matmul(%a: tensor<3x20x64xf32>, %b: tensor<3x64x40xf32>, %c: tensor<3x20x40xf32>) -> tensor<3x20x40xf32> {
  %r = linalg.batch_matmul ins(%a, %b : tensor<3x20x64xf32>, tensor<3x64x40xf32>) outs(%c : tensor<3x20x40xf32>) -> tensor<3x20x40xf32>
  return %r : tensor<3x20x40xf32>
}

func.func @linear3d(%a: tensor<2x9x32xf32>, %w: tensor<32x24xf32>, %c: tensor<2x9x24xf32>) -> tensor<2x9x24xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %w : tensor<2x9x32xf32>, tensor<32x24xf32>) outs(%c : tensor<2x9x24xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x9x24xf32>
  return %r : tensor<2x9x24xf32>
}

func.func @cache_blocked(%a: tensor<100x1500xf32>, %b: tensor<1500x40xf32>, %c: tensor<100x40xf32>) -> tensor<100x40xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<100x1500xf32>, tensor<1500x40xf32>) outs(%c : tensor<100x40xf32>) -> tensor<100x40xf32>
  return %r : tensor<100x40xf32>
}

func.func @conv_nchw(%x: tensor<1x16x10x10xf32>, %w: tensor<8x16x3x3xf32>, %c: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x10x10xf32>, tensor<8x16x3x3xf32>) outs(%c : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}

func.func @conv_nhwc(%x: tensor<2x10x10x16xf32>, %w: tensor<3x3x16x8xf32>, %c: tensor<2x4x4x8xf32>) -> tensor<2x4x4x8xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<2x10x10x16xf32>, tensor<3x3x16x8xf32>) outs(%c : tensor<2x4x4x8xf32>) -> tensor<2x4x4x8xf32>
  return %r : tensor<2x4x4x8xf32>
}

func.func @conv_nchw_images(%x: tensor<3x16x10x10xf32>, %w: tensor<8x16x3x3xf32>, %c: tensor<3x8x8x8xf32>) -> tensor<3x8x8x8xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<3x16x10x10xf32>, tensor<8x16x3x3xf32>) outs(%c : tensor<3x8x8x8xf32>) -> tensor<3x8x8x8xf32>
  return %r : tensor<3x8x8x8xf32>
}
