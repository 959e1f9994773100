// fp8-vectorize-contractions: the f32 contractions a model keeps (excluded
// layers, un-quantized models) on the scaled-matmul kernel's loop nest with
// wide operands: A read in place by rows (padded to whole blocks of rows;
// A^T transposed once), B packed by panels (or read in place for one block
// of rows and a [K, N] B), parallel register tiles of FMAs,
// then C + the sums. Batches loop around the kernel; convolutions are
// im2col and a contraction first. Other element types
// and dynamic shapes stay as they are. Numbers: test/Integration/CPU/f32-contractions.mlir.
//
// RUN: fp8-opt %s --fp8-vectorize-contractions=target=generic | FileCheck %s
// RUN: fp8-opt %s --fp8-vectorize-contractions=target=avx512 | FileCheck %s --check-prefix=AVX512
// RUN: not fp8-opt %s --fp8-vectorize-contractions=target=sse 2>&1 | FileCheck %s --check-prefix=BAD-TARGET

// BAD-TARGET: for the --target option: 'sse' is unknown; expected host, generic, avx512, avx512fp16, avx512bf16 or amx

// CHECK-LABEL: func.func @matmul
// CHECK-SAME:    (%[[A:.*]]: tensor<130x200xf32>, %[[B:.*]]: tensor<200x70xf32>)
// CHECK:         %[[C:.*]] = linalg.fill
// 130 rows padded to 22 blocks of 6, read in place:
// CHECK:         %[[APAD:.*]] = tensor.pad %[[A]] low[0, 0] high[2, 0]
// CHECK-NOT:     linalg.generic {{.*}} ins(%[[APAD]]
// 70 columns padded to 5 panels of 16, packed [panel, k, lane]:
// CHECK:         %[[BPAD:.*]] = tensor.pad %[[B]] low[0, 0] high[0, 10]
// CHECK:         %[[BSPLIT:.*]] = tensor.expand_shape %[[BPAD]] {{\[}}[0], [1, 2]] output_shape [200, 5, 16]
// CHECK:         %[[BPACKED:.*]] = linalg.generic {{.*}} ins(%[[BSPLIT]] : tensor<200x5x16xf32>) outs(%{{.*}} : tensor<5x200x16xf32>)
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (132, 80) step (6, 16)
// CHECK:           vector.transfer_read %[[BPACKED]]
// CHECK:           tensor.extract %[[APAD]]
// CHECK:           vector.fma
// CHECK:         %[[SUMS:.*]] = tensor.extract_slice %{{.*}}[0, 0] [130, 70] [1, 1]
// CHECK:         %[[RESULT:.*]] = linalg.generic {{.*}} ins(%[[SUMS]], %[[C]] : tensor<130x70xf32>, tensor<130x70xf32>)
// CHECK:           arith.addf
// CHECK:         return %[[RESULT]]
// AVX512-LABEL: func.func @matmul
// AVX512:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (136, 96) step (8, 32)
func.func @matmul(%a: tensor<130x200xf32>, %b: tensor<200x70xf32>) -> tensor<130x70xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<130x70xf32>
  %c = linalg.fill ins(%zero : f32) outs(%empty : tensor<130x70xf32>) -> tensor<130x70xf32>
  %r = linalg.matmul ins(%a, %b : tensor<130x200xf32>, tensor<200x70xf32>) outs(%c : tensor<130x70xf32>) -> tensor<130x70xf32>
  return %r : tensor<130x70xf32>
}

// Transposed operands by the indexing maps: A [K, M] and B [N, K].
// CHECK-LABEL: func.func @transposed
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<64x24xf32>) outs(%{{.*}} : tensor<24x64xf32>)
// CHECK:         tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [3, 16, 64] : tensor<48x64xf32> into tensor<3x16x64xf32>
// CHECK:         vector.fma
func.func @transposed(%a: tensor<64x20xf32>, %b: tensor<40x64xf32>, %c: tensor<20x40xf32>) -> tensor<20x40xf32> {
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<64x20xf32>, tensor<40x64xf32>) outs(%c : tensor<20x40xf32>) -> tensor<20x40xf32>
  return %r : tensor<20x40xf32>
}

// One block of rows and a [K, N] B of whole panels: B read where it is.
// CHECK-LABEL: func.func @gemv
// CHECK-SAME:    %[[B:[a-z0-9]+]]: tensor<300x64xf32>
// CHECK-NOT:     tensor.pad
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (1, 64) step (1, 16)
// CHECK:           vector.transfer_read %[[B]]
// CHECK:           vector.fma
func.func @gemv(%a: tensor<1x300xf32>, %b: tensor<300x64xf32>, %c: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<1x300xf32>, tensor<300x64xf32>) outs(%c : tensor<1x64xf32>) -> tensor<1x64xf32>
  return %r : tensor<1x64xf32>
}

// CHECK-LABEL: func.func @batch_matmul
// CHECK:         scf.for %[[I:[a-z0-9]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<3x20x40xf32>)
// CHECK:           tensor.extract_slice %{{.*}}[%[[I]], 0, 0] [1, 20, 64] [1, 1, 1] : tensor<3x20x64xf32> to tensor<20x64xf32>
// CHECK:           scf.forall
// CHECK:           vector.fma
// CHECK:           tensor.insert_slice %{{.*}} into %[[ACC]][%[[I]], 0, 0] [1, 20, 40] [1, 1, 1]
func.func @batch_matmul(%a: tensor<3x20x64xf32>, %b: tensor<3x64x40xf32>, %c: tensor<3x20x40xf32>) -> tensor<3x20x40xf32> {
  %r = linalg.batch_matmul ins(%a, %b : tensor<3x20x64xf32>, tensor<3x64x40xf32>) outs(%c : tensor<3x20x40xf32>) -> tensor<3x20x40xf32>
  return %r : tensor<3x20x40xf32>
}

// A linear layer on [batch, seq, hidden] (torch-mlir's form): the batch and
// the rows are both M dimensions of A and C, collapsed into one.
// CHECK-LABEL: func.func @shared_weight
// CHECK:         tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x8x32xf32> into tensor<16x32xf32>
// CHECK:         tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x8x16xf32> into tensor<16x16xf32>
// CHECK:         vector.fma
// CHECK:         tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [2, 8, 16] : tensor<16x16xf32> into tensor<2x8x16xf32>
func.func @shared_weight(%a: tensor<2x8x32xf32>, %w: tensor<32x16xf32>, %c: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %w : tensor<2x8x32xf32>, tensor<32x16xf32>) outs(%c : tensor<2x8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x8x16xf32>
  return %r : tensor<2x8x16xf32>
}

// An f32 convolution: upstream's im2col copy, then the kernel on the filter
// [F, C*KH*KW] times the columns (the image's unit batch dropped).
// CHECK-LABEL: func.func @convolution
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<1x16x10x10xf32>) outs(%{{.*}} : tensor<1x144x64xf32>)
// CHECK-NOT:     linalg.conv_2d
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (12, 64) step (6, 16)
// CHECK:           vector.fma
func.func @convolution(%x: tensor<1x16x10x10xf32>, %w: tensor<8x16x3x3xf32>, %c: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x10x10xf32>, tensor<8x16x3x3xf32>) outs(%c : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}

// Not f32, or not static: left as they are.
// CHECK-LABEL: func.func @unchanged
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<8x16xf16>, tensor<16x8xf16>)
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<?x16xf32>, tensor<16x8xf32>)
// CHECK-NOT:     vector.fma
func.func @unchanged(%a: tensor<8x16xf16>, %b: tensor<16x8xf16>, %c: tensor<8x8xf16>, %d: tensor<?x16xf32>, %e: tensor<16x8xf32>, %f: tensor<?x8xf32>) -> (tensor<8x8xf16>, tensor<?x8xf32>) {
  %r = linalg.matmul ins(%a, %b : tensor<8x16xf16>, tensor<16x8xf16>) outs(%c : tensor<8x8xf16>) -> tensor<8x8xf16>
  %s = linalg.matmul ins(%d, %e : tensor<?x16xf32>, tensor<16x8xf32>) outs(%f : tensor<?x8xf32>) -> tensor<?x8xf32>
  return %r, %s : tensor<8x8xf16>, tensor<?x8xf32>
}
