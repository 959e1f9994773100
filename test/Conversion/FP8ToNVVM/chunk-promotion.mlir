// RUN: fp8-opt %s --split-input-file --convert-fp8-to-nvvm=chip=sm_89 --cse | FileCheck %s --check-prefix=SM89
// RUN: fp8-opt %s --split-input-file --convert-fp8-to-nvvm=chip=sm_90a --cse | FileCheck %s --check-prefix=SM90A

// DeepGEMM scales (1x128 for A, 128x128 for B in [N, K] layout), promotion
// every 128 elements of K = 1024: 8 chunks of 4 m16n8k32 steps; each step
// runs the 4 MMA tiles of the warp; at every chunk end the 16 f32 chunk
// sums are multiplied by scale_a * scale_b and added to the f32 totals.

// SM89-LABEL: func.func @deepgemm
// SM89-DAG:     %[[C4:.+]] = arith.constant 4 : index
// SM89-DAG:     %[[C8:.+]] = arith.constant 8 : index
// SM89:         gpu.launch async
// SM89:         %[[TOTALS:.+]]:16 = scf.for %[[CHUNK:.+]] = %{{.+}} to %[[C8]] step %{{.+}} iter_args(%[[TOTAL0:[^ ]+]] = {{.+}}) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)
// SM89:           %[[SUMS:.+]]:16 = scf.for %{{.+}} = %{{.+}} to %[[C4]] step %{{.+}} iter_args(
// SM89-COUNT-4:     llvm.call_intrinsic "llvm.nvvm.mma.m16n8k32.row.col.f32.e4m3.e4m3.f32"
// SM89-NOT:         llvm.call_intrinsic
// SM89:             scf.yield
// SM89:           %[[SA:.+]] = memref.load
// SM89:           %[[SB:.+]] = memref.load
// SM89:           %[[SCALE:.+]] = arith.mulf %[[SA]], %[[SB]] : f32
// SM89:           %[[SCALED:.+]] = arith.mulf %[[SUMS]]#0, %[[SCALE]] : f32
// SM89:           arith.addf %[[TOTAL0]], %[[SCALED]] : f32
// SM89:           scf.yield
// SM89:         arith.addf %{{.+}}, %[[TOTALS]]#0 : f32
// SM89:         gpu.terminator

// sm_90a: the warpgroup kernel (wgmma.mlir has the details): per chunk one
// 128-element stage of 4 wgmma m64n128k32, then the same promotion.
// SM90A-LABEL: func.func @deepgemm
// SM90A:         gpu.launch async
// SM90A:         %[[TOTALS:.+]]:64 = scf.for %{{.+}} = %{{.+}} to %[[C8:.+]] step
// SM90A:           %[[CHUNK:.+]]:65 = scf.for
// SM90A:             nvvm.wgmma.fence.aligned
// SM90A-COUNT-4:     nvvm.wgmma.mma_async {{.+}} <m = 64, n = 128, k = 32>, D[<f32>, <one>], A[<e4m3>, <one>, <row>], B[<e4m3>, <one>, <col>]
// SM90A-NEXT:        nvvm.wgmma.commit.group.sync.aligned
// SM90A-NEXT:        nvvm.wgmma.wait.group.sync.aligned 0
// SM90A:           %[[SUM0:.+]] = llvm.extractvalue %[[CHUNK]]#0[0]
// SM90A:           %[[SCALE:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// SM90A:           %[[SCALED:.+]] = arith.mulf %[[SUM0]], %[[SCALE]] : f32
// SM90A:           arith.addf %[[CHUNK]]#1, %[[SCALED]] : f32
// SM90A:         arith.addf %{{.+}}, %[[TOTALS]]#0 : f32
func.func @deepgemm(%a: memref<256x1024xf8E4M3FN>, %b: memref<256x1024xf8E4M3FN>,
                    %sa: memref<256x8xf32>, %sb: memref<2x8xf32>,
                    %c: memref<256x256xbf16>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      {b_layout = #fp8.layout<nk>, chunk = 128}
      : memref<256x1024xf8E4M3FN>, memref<256x1024xf8E4M3FN>,
        memref<256x8xf32>, memref<2x8xf32> into memref<256x256xbf16>
  return
}

// -----

// Mixed E4M3 x E5M2, per-row / per-column scales.
// SM89-LABEL: func.func @mixed
// SM89:         llvm.call_intrinsic "llvm.nvvm.mma.m16n8k32.row.col.f32.e4m3.e5m2.f32"
func.func @mixed(%a: memref<64x256xf8E4M3FN>, %b: memref<256x32xf8E5M2>,
                 %sa: memref<64x1xf32>, %sb: memref<1x32xf32>,
                 %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 64}
      : memref<64x256xf8E4M3FN>, memref<256x32xf8E5M2>,
        memref<64x1xf32>, memref<1x32xf32> into memref<64x32xf32>
  return
}

// -----

// f16 chunk sums have no f16-accumulating FP8 MMA: one thread per output
// sums in f16 (arith.truncf after every addition) and promotes.
// SM89-LABEL: func.func @f16_accumulation
// SM89-NOT:     llvm.call_intrinsic
// SM89:         scf.for
// SM89:           scf.for
// SM89:             arith.truncf %{{.+}} : f32 to f16
func.func @f16_accumulation(%a: memref<64x256xf8E4M3FN>, %b: memref<256x32xf8E4M3FN>,
                            %sa: memref<f32>, %sb: memref<f32>,
                            %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {acc_type = f16, chunk = 64}
      : memref<64x256xf8E4M3FN>, memref<256x32xf8E4M3FN>,
        memref<f32>, memref<f32> into memref<64x32xf32>
  return
}
