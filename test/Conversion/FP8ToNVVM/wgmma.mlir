// RUN: fp8-opt %s --split-input-file --convert-fp8-to-nvvm=chip=sm_90a --cse | FileCheck %s --check-prefix=SM90A
// RUN: fp8-opt %s --split-input-file --convert-fp8-to-nvvm=chip=sm_89 | FileCheck %s --check-prefix=SM89

// The sm_90a warpgroup kernel (WarpgroupMatmulKernel.cpp): 128 threads, a
// 64 x tileN block of C, A and B staged in 128-byte swizzled shared-memory
// tiles, wgmma.mma_async m64n{tileN}k32 with the fence / commit / wait
// protocol, f32 promotion between chunks. sm_89 never gets wgmma.
// SM89-NOT: nvvm.wgmma

// Shared memory: one static buffer, aligned at run time to 1024 bytes (the
// 128-byte swizzle repeats every 8 rows); 16-byte loads from global memory
// stored as chunk c ^ (row % 8); descriptors with LBO 16, SBO 1024, 128B
// swizzle: (1 << 16) | (64 << 32) | (1 << 62).
// SM90A-LABEL: func.func @deepgemm_layout
// SM90A:         gpu.launch async {{.+}} threads({{.+}}) in (%{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) workgroup(%[[SMEM:.+]] : memref<25600xi8, #gpu.address_space<workgroup>>)
// SM90A:           %[[BASE:.+]] = memref.extract_aligned_pointer_as_index %[[SMEM]]
// SM90A:           arith.remui %[[BASE]], %[[C1024:.+]] : index
// SM90A:           %[[A_TILE:.+]] = memref.view %[[SMEM]][%{{.+}}][] : memref<25600xi8, #gpu.address_space<workgroup>> to memref<8192xi8, #gpu.address_space<workgroup>>
// SM90A:           %[[B_TILE:.+]] = memref.view %[[SMEM]][%{{.+}}][] : memref<25600xi8, #gpu.address_space<workgroup>> to memref<16384xi8, #gpu.address_space<workgroup>>
// SM90A:           %[[FIELDS:.+]] = arith.constant 4611686293305360384 : i64
// SM90A:           arith.ori %{{.+}}, %[[FIELDS]] : i64
// SM90A:           gpu.barrier
// SM90A:           vector.load %{{.+}} {alignment = 16 : i64} : memref<256x1024xf8E4M3FN>, vector<16xf8E4M3FN>
// SM90A:           arith.xori
// SM90A:           vector.store %{{.+}}, %[[A_TILE]][%{{.+}}] {alignment = 16 : i64} : memref<8192xi8, #gpu.address_space<workgroup>>, vector<16xi8>
// SM90A:           vector.store %{{.+}}, %[[B_TILE]][%{{.+}}] {alignment = 16 : i64} : memref<16384xi8, #gpu.address_space<workgroup>>, vector<16xi8>
// SM90A:           nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// SM90A-NEXT:      gpu.barrier
// SM90A-NEXT:      nvvm.wgmma.fence.aligned
func.func @deepgemm_layout(%a: memref<256x1024xf8E4M3FN>, %b: memref<256x1024xf8E4M3FN>,
                           %sa: memref<256x8xf32>, %sb: memref<2x8xf32>,
                           %c: memref<256x256xbf16>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      {b_layout = #fp8.layout<nk>, chunk = 128}
      : memref<256x1024xf8E4M3FN>, memref<256x1024xf8E4M3FN>,
        memref<256x8xf32>, memref<2x8xf32> into memref<256x256xbf16>
  return
}

// -----

// chunk = 64: two chunks per 128-element stage, each its own wgmma group
// (2 x k32), waited for and promoted before the next.
// SM90A-LABEL: func.func @chunk_64
// SM90A:         scf.for
// SM90A:           scf.for
// SM90A:             nvvm.wgmma.fence.aligned
// SM90A-COUNT-2:     nvvm.wgmma.mma_async
// SM90A-NEXT:        nvvm.wgmma.commit.group.sync.aligned
// SM90A-NEXT:        nvvm.wgmma.wait.group.sync.aligned 0
// SM90A:             arith.mulf
// SM90A:             arith.addf
// SM90A:             nvvm.wgmma.fence.aligned
// SM90A-COUNT-2:     nvvm.wgmma.mma_async
// SM90A-NEXT:        nvvm.wgmma.commit.group.sync.aligned
// SM90A-NEXT:        nvvm.wgmma.wait.group.sync.aligned 0
// SM90A:             arith.mulf
// SM90A:             arith.addf
// SM90A:             scf.yield
func.func @chunk_64(%a: memref<128x256xf8E4M3FN>, %b: memref<128x256xf8E4M3FN>,
                    %sa: memref<f32>, %sb: memref<f32>, %c: memref<128x128xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      {b_layout = #fp8.layout<nk>, chunk = 64}
      : memref<128x256xf8E4M3FN>, memref<128x256xf8E4M3FN>,
        memref<f32>, memref<f32> into memref<128x128xf32>
  return
}

// -----

// No promotion (one chunk of all of K), mixed E5M2 x E4M3, N = 32: a 64 x 64
// tile (the smallest the kernel uses), shared memory 64 x 128 + 64 x 128.
// SM90A-LABEL: func.func @mixed_one_chunk
// SM90A:         workgroup(%{{.+}} : memref<17408xi8, #gpu.address_space<workgroup>>)
// SM90A:         nvvm.wgmma.mma_async {{.+}} <m = 64, n = 64, k = 32>, D[<f32>, <one>], A[<e5m2>, <one>, <row>], B[<e4m3>, <one>, <col>]
func.func @mixed_one_chunk(%a: memref<64x256xf8E5M2>, %b: memref<32x256xf8E4M3FN>,
                           %sa: memref<64x1xf32>, %sb: memref<32x1xf32>,
                           %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>}
      : memref<64x256xf8E5M2>, memref<32x256xf8E4M3FN>,
        memref<64x1xf32>, memref<32x1xf32> into memref<64x32xf32>
  return
}

// -----

// B as [K, N]: wgmma reads FP8 K-major only, so each 16-byte row piece of B
// is transposed into the K-major tile byte by byte.
// SM90A-LABEL: func.func @kn_layout
// SM90A:         vector.load %{{.+}} {alignment = 16 : i64} : memref<256x128xf8E4M3FN>, vector<16xf8E4M3FN>
// SM90A-COUNT-16: memref.store %{{.+}}, %{{.+}}[%{{.+}}] : memref<16384xi8, #gpu.address_space<workgroup>>
// SM90A:         nvvm.wgmma.mma_async {{.+}} <m = 64, n = 128, k = 32>
func.func @kn_layout(%a: memref<64x256xf8E4M3FN>, %b: memref<256x128xf8E4M3FN>,
                     %sa: memref<64x2xf32>, %sb: memref<2x1xf32>, %c: memref<64x128xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 128}
      : memref<64x256xf8E4M3FN>, memref<256x128xf8E4M3FN>,
        memref<64x2xf32>, memref<2x1xf32> into memref<64x128xf32>
  return
}

// -----

// Batched, dynamic sizes: the grid's z is the batch; tileN 128.
// SM90A-LABEL: func.func @batched_dynamic
// SM90A:         nvvm.wgmma.mma_async {{.+}} <m = 64, n = 128, k = 32>
func.func @batched_dynamic(%a: memref<?x?x?xf8E4M3FN>, %b: memref<?x?x?xf8E4M3FN>,
                           %sa: memref<f32>, %sb: memref<f32>, %c: memref<?x?x?xf32>) {
  fp8.batch_scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>, chunk = 256}
      : memref<?x?x?xf8E4M3FN>, memref<?x?x?xf8E4M3FN>,
        memref<f32>, memref<f32> into memref<?x?x?xf32>
  return
}

// -----

// What wgmma cannot take falls back to a correct kernel:
// a promotion length of 96 (not 32, 64 or a multiple of 128): mma.sync;
// SM90A-LABEL: func.func @fallback_chunk_96
// SM90A-NOT:     nvvm.wgmma
// SM90A:         llvm.call_intrinsic "llvm.nvvm.mma.m16n8k32.row.col.f32.e4m3.e4m3.f32"
// SM90A-NOT:     nvvm.wgmma
// SM90A-LABEL: func.func @fallback_f16_accumulation
func.func @fallback_chunk_96(%a: memref<64x192xf8E4M3FN>, %b: memref<192x64xf8E4M3FN>,
                             %sa: memref<f32>, %sb: memref<f32>, %c: memref<64x64xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 96}
      : memref<64x192xf8E4M3FN>, memref<192x64xf8E4M3FN>,
        memref<f32>, memref<f32> into memref<64x64xf32>
  return
}

// f16 chunk sums (no FP8 wgmma accumulates in f16 the way the spec rounds):
// the one-thread-per-output kernel;
// SM90A-NOT:     llvm.call_intrinsic
// SM90A:         arith.truncf %{{.+}} : f32 to f16
// SM90A-NOT:     nvvm.wgmma
// SM90A-LABEL: func.func @fallback_ieee_e4m3
func.func @fallback_f16_accumulation(%a: memref<64x256xf8E4M3FN>, %b: memref<256x64xf8E4M3FN>,
                                     %sa: memref<f32>, %sb: memref<f32>, %c: memref<64x64xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {acc_type = f16, chunk = 64}
      : memref<64x256xf8E4M3FN>, memref<256x64xf8E4M3FN>,
        memref<f32>, memref<f32> into memref<64x64xf32>
  return
}

// formats without a tensor-core MMA (IEEE-like E4M3): decoded with the codec.
// SM90A-NOT:     nvvm.wgmma
// SM90A-NOT:     llvm.call_intrinsic
// SM90A:         gpu.terminator
func.func @fallback_ieee_e4m3(%a: memref<64x256xf8E4M3>, %b: memref<256x64xf8E4M3>,
                              %sa: memref<f32>, %sb: memref<f32>, %c: memref<64x64xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      : memref<64x256xf8E4M3>, memref<256x64xf8E4M3>,
        memref<f32>, memref<f32> into memref<64x64xf32>
  return
}
