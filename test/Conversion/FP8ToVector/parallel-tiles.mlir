// The kernels' parallel loops: convert-fp8-to-vector writes each result as
// scf.forall tiles, one thread per tile (so every thread count gives the
// same bits): blocks of rows x panels for the register-blocked matmul, groups
// of panels for the streamed GEMV (B's rows read as runs of up to 2 KiB),
// groups of rows of B's block of k decoded by the cache-blocked kernel,
// one row per tile for elementwise ops of 32Ki elements or more (the
// outermost loop that is not a batch of one).
// fp8-cpu-pipeline lowers them to sequential loops for threads=1 (its
// default: no runtime needed) and to OpenMP otherwise.
//
// RUN: fp8-opt %s --convert-fp8-to-vector=target=generic --fp8-vectorize-elementwise=target=generic | FileCheck %s
// RUN: fp8-opt %s --fp8-cpu-pipeline="target=generic threads=2" | FileCheck %s --check-prefix=OMP
// RUN: fp8-opt %s --fp8-cpu-pipeline="target=generic threads=0" | FileCheck %s --check-prefix=OMP-DEFAULT
// RUN: fp8-opt %s --fp8-cpu-pipeline=target=generic | FileCheck %s --check-prefix=SERIAL

// CHECK-LABEL: func.func @matmul
// The 6-row x 16-column register tiles of the generic target:
// CHECK:         scf.forall (%[[ROW:.*]], %[[COLUMN:.*]]) = (0, 0) to (66, 64) step (6, 16) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<66x64xf32>)
// CHECK:           tensor.extract_slice %[[OUT]][%[[ROW]], %[[COLUMN]]] [6, 16] [1, 1]
// CHECK:           vector.fma
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%[[ROW]], %[[COLUMN]]] [6, 16] [1, 1]

// CHECK-LABEL: func.func @gemv
// 4096 columns in groups of 64 panels of 32 (2048 columns):
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (1, 4096) step (1, 2048)

// CHECK-LABEL: func.func @quantize
// CHECK:         scf.forall (%[[R:.*]], %{{.*}}) = (0, 0) to (256, 256) step (1, 256)
// CHECK-LABEL: func.func @batch_of_one_quantize
// CHECK:         scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0) to (1, 64, 1024) step (1, 1, 1024)
// CHECK-LABEL: func.func @cache_blocked
// Each block of 256 k (an scf.for): B's 256 rows decoded into 4 x 16-column
// panels, 64 rows a tile, then the register tiles of the block.
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c256
// CHECK:           scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0) to (4, 256, 16) step (4, 64, 16)
// CHECK:             vector.transfer_read %{{.*}} : tensor<2048x64xf8E4M3FN>, vector<16xf8E4M3FN>
// CHECK:           scf.forall.in_parallel
// The chunk sums that each block of k reads and writes are panel-major: a
// block's tiles are one run in memory. The totals are the result's rows.
// CHECK:           scf.forall (%[[ROW:.*]], %[[COLUMN:.*]]) = (0, 0) to (66, 64) step (66, 16) shared_outs(%[[SUMS:.*]] = %{{.*}}, %[[TOTALS:.*]] = %{{.*}}) -> (tensor<4x66x16xf32>, tensor<66x64xf32>)
// CHECK:             %[[PANEL:.*]] = arith.divui %[[COLUMN]], %c16
// CHECK:             tensor.extract_slice %[[SUMS]][%[[PANEL]], %[[ROW]], 0] [1, 66, 16] [1, 1, 1] : tensor<4x66x16xf32> to tensor<66x16xf32>
// CHECK:             tensor.extract_slice %[[TOTALS]][%[[ROW]], %[[COLUMN]]] [66, 16] [1, 1] : tensor<66x64xf32> to tensor<66x16xf32>
// CHECK:             vector.fma
// CHECK:             tensor.parallel_insert_slice %{{.*}} into %[[SUMS]][%[[PANEL]], %[[ROW]], 0] [1, 66, 16] [1, 1, 1]
// CHECK-LABEL: func.func @small_quantize
// CHECK-NOT:     scf.forall
// CHECK:         return

// OMP-LABEL: llvm.func @matmul
// OMP:         omp.parallel num_threads(%{{.*}} : i32)
// OMP:           omp.wsloop
// OMP:             omp.loop_nest
// OMP-DEFAULT-LABEL: llvm.func @matmul
// OMP-DEFAULT:   omp.parallel {
// SERIAL-NOT: omp.
// SERIAL-NOT: scf.forall

func.func @matmul(%a: tensor<64x200xf8E4M3FN>, %b: tensor<200x64xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x200xf8E4M3FN>, tensor<200x64xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

func.func @gemv(%a: tensor<1x512xf8E4M3FN>, %b: tensor<512x4096xf8E4M3FN>, %s: tensor<f32>, %c: tensor<1x4096xf32>) -> tensor<1x4096xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<1x512xf8E4M3FN>, tensor<512x4096xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<1x4096xf32>
  return %r : tensor<1x4096xf32>
}

func.func @quantize(%x: tensor<256x256xf32>, %s: tensor<f32>) -> tensor<256x256xf8E4M3FN> {
  %e = tensor.empty() : tensor<256x256xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<256x256xf32>, tensor<f32> into tensor<256x256xf8E4M3FN>
  return %q : tensor<256x256xf8E4M3FN>
}

func.func @batch_of_one_quantize(%x: tensor<1x64x1024xf32>, %s: tensor<f32>) -> tensor<1x64x1024xf8E4M3FN> {
  %e = tensor.empty() : tensor<1x64x1024xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<1x64x1024xf32>, tensor<f32> into tensor<1x64x1024xf8E4M3FN>
  return %q : tensor<1x64x1024xf8E4M3FN>
}

func.func @cache_blocked(%a: tensor<64x2048xf8E4M3FN>, %b: tensor<2048x64xf8E4M3FN>, %s: tensor<f32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<64x2048xf8E4M3FN>, tensor<2048x64xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

func.func @small_quantize(%x: tensor<16x256xf32>, %s: tensor<f32>) -> tensor<16x256xf8E4M3FN> {
  %e = tensor.empty() : tensor<16x256xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<16x256xf32>, tensor<f32> into tensor<16x256xf8E4M3FN>
  return %q : tensor<16x256xf8E4M3FN>
}
