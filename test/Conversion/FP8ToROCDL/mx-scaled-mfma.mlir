// RUN: fp8-opt %s --split-input-file --convert-fp8-to-rocdl=chip=gfx950 --canonicalize --cse | FileCheck %s --check-prefix=GFX950-MX
// RUN: fp8-opt %s --split-input-file --convert-fp8-to-rocdl=chip=gfx950 | fp8-opt --split-input-file --convert-amdgpu-to-rocdl=chipset=gfx950 | FileCheck %s --check-prefix=GFX950-ROCDL
// RUN: sed -e 's/f8E4M3FN>/f8E4M3FNUZ>/g' -e 's/f8E5M2>/f8E5M2FNUZ>/g' %s | fp8-opt --split-input-file --convert-fp8-to-rocdl=chip=gfx942 --canonicalize --cse | FileCheck %s --check-prefix=GFX942

// MX scaled matmuls (f8E8M0FNU scales in 1x32 blocks along K) on gfx950 take
// amdgpu.scaled_mfma 16x16x128: the lane's E8M0 scale goes to the instruction
// and the f32 accumulators run over all of K with no promotion. gfx942 (and
// every other case on gfx950) keeps the chunked amdgpu.mfma 16x16x32 kernel or
// the SIMT kernel. The third RUN line rewrites the operands to FNUZ for gfx942.

// K = 256: two 128-element steps, two 16x16 tiles per wave sharing A.
// Lane l (group g = l / 16) holds the K elements 16 g + 0..15 and
// 64 + 16 g + 0..15 of the step, and the scale of K block g (K 32 g).
// GFX950-MX-LABEL: func.func @mx_gemm(
// GFX950-MX-SAME:      %[[A:[^:]+]]: memref<64x256xf8E4M3FN>, %[[B:[^:]+]]: memref<256x32xf8E4M3FN>,
// GFX950-MX-SAME:      %[[SA:[^:]+]]: memref<64x8xf8E8M0FNU>, %[[SB:[^:]+]]: memref<8x32xf8E8M0FNU>
// GFX950-MX:         gpu.launch
// GFX950-MX:           %[[LANE:.+]] = arith.remui %{{.+}}, %c64 : index
// GFX950-MX:           %[[GROUP:.+]] = arith.divui %[[LANE]], %c16 : index
// GFX950-MX:           %[[GROUP_K:.+]] = arith.muli %[[GROUP]], %c16 : index
// GFX950-MX:           arith.addi %[[GROUP_K]], %c15 : index
// GFX950-MX-NEXT:      arith.addi %[[GROUP_K]], %c64 : index
// GFX950-MX:           arith.addi %[[GROUP_K]], %c79 : index
// GFX950-MX-NEXT:      %[[SCALE_K:.+]] = arith.muli %[[GROUP]], %c32 : index
// GFX950-MX-NEXT:      scf.for %[[STEP:.+]] = %c0 to %c2 step %c1 iter_args(%[[ACC0:.+]] = %{{.+}}, %[[ACC1:.+]] = %{{.+}}) -> (vector<4xf32>, vector<4xf32>)
// GFX950-MX:             %[[K0:.+]] = arith.muli %[[STEP]], %c128 : index
// GFX950-MX-COUNT-32:    memref.load %{{.+}} : memref<64x256xf8E4M3FN>
// GFX950-MX:             %[[A_FRAG:.+]] = arith.bitcast %{{.+}} : vector<32xi8> to vector<32xf8E4M3FN>
// GFX950-MX:             %[[SA_K:.+]] = arith.addi %[[K0]], %[[SCALE_K]] : index
// GFX950-MX:             %[[SA_BLOCK:.+]] = arith.divui %{{.+}}, %c32 : index
// GFX950-MX:             %[[SA_RAW:.+]] = memref.load %{{.+}}[%{{.+}}, %[[SA_BLOCK]]] : memref<64x8xf8E8M0FNU>
// GFX950-MX:             %[[SA_CODE:.+]] = arith.bitcast %[[SA_RAW]] : f8E8M0FNU to i8
// GFX950-MX:             %[[SA_SEL:.+]] = arith.select %{{.+}}, %[[SA_CODE]], %c127_i8 : i8
// GFX950-MX:             %[[SCALE_A:.+]] = arith.bitcast %[[SA_SEL]] : i8 to f8E8M0FNU
// GFX950-MX-COUNT-32:    memref.load %{{.+}} : memref<256x32xf8E4M3FN>
// GFX950-MX:             %[[B0:.+]] = arith.bitcast %{{.+}} : vector<32xi8> to vector<32xf8E4M3FN>
// GFX950-MX:             %[[SB0_RAW:.+]] = memref.load %{{.+}} : memref<8x32xf8E8M0FNU>
// GFX950-MX:             %[[SB0_CODE:.+]] = arith.bitcast %[[SB0_RAW]] : f8E8M0FNU to i8
// GFX950-MX:             %[[SB0_SEL:.+]] = arith.select %{{.+}}, %[[SB0_CODE]], %c127_i8 : i8
// GFX950-MX:             %[[SCALE_B0:.+]] = arith.bitcast %[[SB0_SEL]] : i8 to f8E8M0FNU
// GFX950-MX:             %[[D0:.+]] = amdgpu.scaled_mfma 16x16x128 (%[[SCALE_A]][0] * %[[A_FRAG]]) * (%[[SCALE_B0]][0] * %[[B0]]) + %[[ACC0]] : f8E8M0FNU, vector<32xf8E4M3FN>, f8E8M0FNU, vector<32xf8E4M3FN>, vector<4xf32>
// GFX950-MX-COUNT-32:    memref.load %{{.+}} : memref<256x32xf8E4M3FN>
// GFX950-MX:             %[[B1:.+]] = arith.bitcast %{{.+}} : vector<32xi8> to vector<32xf8E4M3FN>
// GFX950-MX:             %[[SCALE_B1:.+]] = arith.bitcast %{{.+}} : i8 to f8E8M0FNU
// GFX950-MX:             %[[D1:.+]] = amdgpu.scaled_mfma 16x16x128 (%[[SCALE_A]][0] * %[[A_FRAG]]) * (%[[SCALE_B1]][0] * %[[B1]]) + %[[ACC1]]
// GFX950-MX-NEXT:        scf.yield %[[D0]], %[[D1]] : vector<4xf32>, vector<4xf32>
// No promotion: the epilogue adds the accumulator to C as it is.
// GFX950-MX-NOT:       arith.mulf
// GFX950-MX-COUNT-8:   memref.store
// GFX950-MX-NOT:       amdgpu.mfma

// The intrinsic takes the scale (zero-extended to i32) in byte 0 (op_sel 0).
// GFX950-ROCDL-LABEL: func.func @mx_gemm(
// GFX950-ROCDL-COUNT-2: rocdl.mfma.scale.f32.16x16x128.f8f6f4 %{{.+}} : (vector<8xi32>, vector<8xi32>, vector<4xf32>, i32, i32, i32, i32, i32, i32) -> vector<4xf32>

// gfx942 has no scaled MFMA: 8 chunks of 32 (the MX block), one 16x16x32
// step each (the one-step loop is canonicalized away), promoted with the
// decoded E8M0 scales.
// GFX942-LABEL: func.func @mx_gemm(
// GFX942-NOT:     amdgpu.scaled_mfma
// GFX942:         scf.for %{{.+}} = %c0 to %c8 step %c1
// GFX942-COUNT-2:     amdgpu.mfma 16x16x32 {{.+}} : vector<8xf8E4M3FNUZ>, vector<8xf8E4M3FNUZ>, vector<4xf32>
// GFX942:           arith.mulf
// GFX942-NOT:     amdgpu.scaled_mfma
func.func @mx_gemm(%a: memref<64x256xf8E4M3FN>, %b: memref<256x32xf8E4M3FN>,
                   %sa: memref<64x8xf8E8M0FNU>, %sb: memref<8x32xf8E8M0FNU>,
                   %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      : memref<64x256xf8E4M3FN>, memref<256x32xf8E4M3FN>,
        memref<64x8xf8E8M0FNU>, memref<8x32xf8E8M0FNU> into memref<64x32xf32>
  return
}

// -----

// E5M2 x E4M3FN, B in [N, K] (b_layout = nk), a bias, a bf16 result and
// K = 96: one step whose last K block (K 96..127) reads zeros with scale 1.
// chunk = 32 is the MX block: the same computation as chunk = 0.
// (One step: canonicalization drops the loop.)
// GFX950-MX-LABEL: func.func @mx_gemm_mixed_nk_tail(
// GFX950-MX:         %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<4xf32>
// GFX950-MX:         gpu.launch
// GFX950-MX:           arith.cmpi ult, %{{.+}}, %c96 : index
// GFX950-MX:           memref.load %{{.+}} : memref<48x3xf8E8M0FNU>
// GFX950-MX:           %[[SB_BLOCK:.+]] = arith.divui %{{.+}}, %c32 : index
// GFX950-MX:           memref.load %{{.+}}[%{{.+}}, %[[SB_BLOCK]]] : memref<40x3xf8E8M0FNU>
// GFX950-MX:           amdgpu.scaled_mfma 16x16x128 ({{.+}}) * ({{.+}}) + %[[ZERO]] : f8E8M0FNU, vector<32xf8E5M2>, f8E8M0FNU, vector<32xf8E4M3FN>, vector<4xf32>
// GFX950-MX:           amdgpu.scaled_mfma 16x16x128
// GFX950-MX-NOT:     arith.mulf
// GFX950-MX:         memref.load %{{.+}} : memref<40xf32>
// GFX950-MX:         memref.store %{{.+}} : memref<48x40xbf16>

// GFX942-LABEL: func.func @mx_gemm_mixed_nk_tail(
// GFX942-NOT:     amdgpu.scaled_mfma
// GFX942:         amdgpu.mfma 16x16x32
// GFX942-NOT:     amdgpu.scaled_mfma
func.func @mx_gemm_mixed_nk_tail(%a: memref<48x96xf8E5M2>, %b: memref<40x96xf8E4M3FN>,
                                 %sa: memref<48x3xf8E8M0FNU>, %sb: memref<40x3xf8E8M0FNU>,
                                 %bias: memref<40xf32>, %c: memref<48x40xbf16>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) bias(%bias : memref<40xf32>) into %c
      {b_layout = #fp8.layout<nk>, chunk = 32}
      : memref<48x96xf8E5M2>, memref<40x96xf8E4M3FN>,
        memref<48x3xf8E8M0FNU>, memref<40x3xf8E8M0FNU> into memref<48x40xbf16>
  return
}

// -----

// The batched form: the batch index comes from the grid's z.
// GFX950-MX-LABEL: func.func @mx_batch(
// GFX950-MX:         gpu.launch
// GFX950-MX:           memref.load %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}] : memref<2x32x4xf8E8M0FNU>
// GFX950-MX:           amdgpu.scaled_mfma 16x16x128
// GFX950-MX-SAME:        vector<32xf8E4M3FN>, f8E8M0FNU, vector<32xf8E4M3FN>, vector<4xf32>
func.func @mx_batch(%a: memref<2x32x128xf8E4M3FN>, %b: memref<2x128x16xf8E4M3FN>,
                    %sa: memref<2x32x4xf8E8M0FNU>, %sb: memref<2x4x16xf8E8M0FNU>,
                    %c: memref<2x32x16xf32>) {
  fp8.batch_scaled_matmul %a, %b scales(%sa, %sb) into %c
      : memref<2x32x128xf8E4M3FN>, memref<2x128x16xf8E4M3FN>,
        memref<2x32x4xf8E8M0FNU>, memref<2x4x16xf8E8M0FNU> into memref<2x32x16xf32>
  return
}

// -----

// Fallbacks on gfx950: the scaled MFMA is the spec's computation only for
// E8M0 scales blocked by 32 along K, promotion every 32 and f32 acc_type.

// chunk = 16 promotes twice per MX block: the SIMT kernel.
// GFX950-MX-LABEL: func.func @mx_chunk16(
// GFX950-MX:         gpu.launch
// GFX950-MX-SAME:      threads({{.+}}) in ({{.+}} = %c16, {{.+}} = %c16, {{.+}} = %c1)
// GFX950-MX-NOT:     amdgpu.scaled_mfma
// GFX950-MX-NOT:     amdgpu.mfma
func.func @mx_chunk16(%a: memref<64x256xf8E4M3FN>, %b: memref<256x32xf8E4M3FN>,
                      %sa: memref<64x8xf8E8M0FNU>, %sb: memref<8x32xf8E8M0FNU>,
                      %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 16}
      : memref<64x256xf8E4M3FN>, memref<256x32xf8E4M3FN>,
        memref<64x8xf8E8M0FNU>, memref<8x32xf8E8M0FNU> into memref<64x32xf32>
  return
}

// -----

// f16 accumulation: the SIMT kernel.
// GFX950-MX-LABEL: func.func @mx_f16_acc(
// GFX950-MX-NOT:     amdgpu.scaled_mfma
// GFX950-MX:         arith.truncf %{{.+}} : f32 to f16
// GFX950-MX-NOT:     amdgpu.scaled_mfma
func.func @mx_f16_acc(%a: memref<64x256xf8E4M3FN>, %b: memref<256x32xf8E4M3FN>,
                      %sa: memref<64x8xf8E8M0FNU>, %sb: memref<8x32xf8E8M0FNU>,
                      %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {acc_type = f16}
      : memref<64x256xf8E4M3FN>, memref<256x32xf8E4M3FN>,
        memref<64x8xf8E8M0FNU>, memref<8x32xf8E8M0FNU> into memref<64x32xf32>
  return
}

// -----

// f32 scales in 1x32 blocks: not powers of two, so the chunked kernel.
// GFX950-MX-LABEL: func.func @f32_blocks(
// GFX950-MX-NOT:     amdgpu.scaled_mfma
// GFX950-MX:         amdgpu.mfma 16x16x32
// GFX950-MX-NOT:     amdgpu.scaled_mfma
func.func @f32_blocks(%a: memref<64x256xf8E4M3FN>, %b: memref<256x32xf8E4M3FN>,
                      %sa: memref<64x8xf32>, %sb: memref<8x32xf32>,
                      %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      : memref<64x256xf8E4M3FN>, memref<256x32xf8E4M3FN>,
        memref<64x8xf32>, memref<8x32xf32> into memref<64x32xf32>
  return
}

// -----

// E8M0 scales in 1x64 blocks, and per-row / per-column E8M0 scales: not the
// MX block, so the chunked kernel.
// GFX950-MX-LABEL: func.func @e8m0_block64(
// GFX950-MX-NOT:     amdgpu.scaled_mfma
// GFX950-MX:         amdgpu.mfma 16x16x32
// GFX950-MX-NOT:     amdgpu.scaled_mfma
func.func @e8m0_block64(%a: memref<64x256xf8E4M3FN>, %b: memref<256x32xf8E4M3FN>,
                        %sa: memref<64x4xf8E8M0FNU>, %sb: memref<4x32xf8E8M0FNU>,
                        %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      : memref<64x256xf8E4M3FN>, memref<256x32xf8E4M3FN>,
        memref<64x4xf8E8M0FNU>, memref<4x32xf8E8M0FNU> into memref<64x32xf32>
  return
}

// -----

// GFX950-MX-LABEL: func.func @e8m0_per_row(
// GFX950-MX-NOT:     amdgpu.scaled_mfma
// GFX950-MX:         amdgpu.mfma 16x16x32
// GFX950-MX-NOT:     amdgpu.scaled_mfma
func.func @e8m0_per_row(%a: memref<64x256xf8E4M3FN>, %b: memref<256x32xf8E4M3FN>,
                        %sa: memref<64x1xf8E8M0FNU>, %sb: memref<1x32xf8E8M0FNU>,
                        %c: memref<64x32xf32>) {
  fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      : memref<64x256xf8E4M3FN>, memref<256x32xf8E4M3FN>,
        memref<64x1xf8E8M0FNU>, memref<1x32xf8E8M0FNU> into memref<64x32xf32>
  return
}
