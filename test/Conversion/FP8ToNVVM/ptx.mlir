// RUN: fp8-opt %s --fp8-nvvm-pipeline="chip=sm_89 format=isa" | %extract-gpu-assembly | FileCheck %s --check-prefix=SM89
// RUN: fp8-opt %s --fp8-nvvm-pipeline="chip=sm_90a format=isa" | %extract-gpu-assembly | FileCheck %s --check-prefix=SM90A

// The PTX of each kernel: FP8 conversions with cvt (satfinite, RNE), the
// FP8 MMA through the LLVM intrinsic (PTX 8.4).

// SM89-LABEL: .entry quantize_kernel
// SM89:         cvt.rn.satfinite.e4m3x2.f32
// SM90A-LABEL: .entry quantize_kernel
// SM90A:        cvt.rn.satfinite.e4m3x2.f32
func.func @quantize(%x: tensor<64x32xf32>, %s: tensor<64x1xf32>) -> tensor<64x32xf8E4M3FN> {
  %e = tensor.empty() : tensor<64x32xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<64x32xf32>, tensor<64x1xf32> into tensor<64x32xf8E4M3FN>
  return %q : tensor<64x32xf8E4M3FN>
}

// SM89-LABEL: .entry quantize_e5m2_kernel
// SM89:         cvt.rn.satfinite.e5m2x2.f32
func.func @quantize_e5m2(%x: tensor<64x32xf32>, %s: tensor<f32>) -> tensor<64x32xf8E5M2> {
  %e = tensor.empty() : tensor<64x32xf8E5M2>
  %q = fp8.quantize %x, %s into %e : tensor<64x32xf32>, tensor<f32> into tensor<64x32xf8E5M2>
  return %q : tensor<64x32xf8E5M2>
}

// Non-saturating quantization has no cvt equivalent: the integer codec.
// SM89-LABEL: .entry quantize_nonsaturating_kernel
// SM89-NOT:     cvt.rn.satfinite
// SM89:         ret;
func.func @quantize_nonsaturating(%x: tensor<64x32xf32>, %s: tensor<f32>) -> tensor<64x32xf8E4M3FN> {
  %e = tensor.empty() : tensor<64x32xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e {saturate = false}
      : tensor<64x32xf32>, tensor<f32> into tensor<64x32xf8E4M3FN>
  return %q : tensor<64x32xf8E4M3FN>
}

// SM89-LABEL: .entry dequantize_kernel
// SM89:         cvt.rn.f16x2.e4m3x2
// SM89:         cvt.f32.f16
func.func @dequantize(%q: tensor<64x32xf8E4M3FN>, %s: tensor<64x1xf32>) -> tensor<64x32xf32> {
  %e = tensor.empty() : tensor<64x32xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<64x32xf8E4M3FN>, tensor<64x1xf32> into tensor<64x32xf32>
  return %d : tensor<64x32xf32>
}

// SM89-LABEL: .entry dynamic_quantize_kernel
// SM89:         cvt.rn.satfinite.e4m3x2.f32
func.func @dynamic_quantize(%x: tensor<4x256xf32>) -> (tensor<4x256xf8E4M3FN>, tensor<4x2xf32>) {
  %q = tensor.empty() : tensor<4x256xf8E4M3FN>
  %s = tensor.empty() : tensor<4x2xf32>
  %r:2 = fp8.dynamic_quantize %x into %q, %s
      : tensor<4x256xf32> into tensor<4x256xf8E4M3FN>, tensor<4x2xf32>
  return %r#0, %r#1 : tensor<4x256xf8E4M3FN>, tensor<4x2xf32>
}

// SM89-LABEL: .entry gemm_kernel
// SM89-COUNT-4: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// sm_90a: the warpgroup kernel (PTX block order: the promotion of a chunk,
// scale_a * scale_b times the chunk sum plus the total, without FMA
// contraction, then the stage: 16-byte shared stores, the proxy fence, 4
// wgmma, commit, wait; 16-byte global loads).
// SM90A-LABEL: .entry gemm_kernel
// SM90A:         .shared .align 1 .b8 {{.+}}[25600];
// SM90A-NOT:     mma.sync
// SM90A:         mul.rn.f32 [[SCALE:%r[0-9]+]], %r{{[0-9]+}}, %r{{[0-9]+}};
// SM90A-NEXT:    mul.rn.f32 [[SCALED:%r[0-9]+]], %r{{[0-9]+}}, [[SCALE]];
// SM90A-NEXT:    add.rn.f32 %r{{[0-9]+}}, %r{{[0-9]+}}, [[SCALED]];
// SM90A:         st.shared.v4.b32
// SM90A-NEXT:    fence.proxy.async.shared::cta;
// SM90A-NEXT:    bar.sync 0;
// SM90A-NEXT:    wgmma.fence.sync.aligned;
// SM90A-COUNT-4: wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
// SM90A:         wgmma.commit_group.sync.aligned;
// SM90A-NEXT:    wgmma.wait_group.sync.aligned 0;
// SM90A:         ld.global.v4.b32
// SM90A-NOT:     mma.sync
// SM90A-LABEL: .entry gemm_mixed_kernel
func.func @gemm(%a: tensor<256x512xf8E4M3FN>, %b: tensor<384x512xf8E4M3FN>,
                %sa: tensor<256x4xf32>, %sb: tensor<3x4xf32>) -> tensor<256x384xbf16> {
  %zero = arith.constant 0.0 : bf16
  %empty = tensor.empty() : tensor<256x384xbf16>
  %init = linalg.fill ins(%zero : bf16) outs(%empty : tensor<256x384xbf16>) -> tensor<256x384xbf16>
  %c = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %init
      {b_layout = #fp8.layout<nk>, chunk = 128}
      : tensor<256x512xf8E4M3FN>, tensor<384x512xf8E4M3FN>,
        tensor<256x4xf32>, tensor<3x4xf32> into tensor<256x384xbf16>
  return %c : tensor<256x384xbf16>
}

// SM89-LABEL: .entry gemm_mixed_kernel
// SM89-COUNT-4: mma.sync.aligned.m16n8k32.row.col.f32.e5m2.e4m3.f32
// SM90A:        wgmma.mma_async.sync.aligned.m64n64k32.f32.e5m2.e4m3
func.func @gemm_mixed(%a: tensor<64x256xf8E5M2>, %b: tensor<256x32xf8E4M3FN>,
                      %sa: tensor<64x1xf32>, %sb: tensor<1x32xf32>,
                      %c: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      : tensor<64x256xf8E5M2>, tensor<256x32xf8E4M3FN>,
        tensor<64x1xf32>, tensor<1x32xf32> into tensor<64x32xf32>
  return %r : tensor<64x32xf32>
}

// B as [K, N] (transposed into the K-major tile), promotion every 64: two
// wgmma groups per stage.
// SM89-LABEL: .entry gemm_kn_chunk64_kernel
// SM89:         mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e5m2.f32
// SM90A-LABEL: .entry gemm_kn_chunk64_kernel
// SM90A:         wgmma.fence.sync.aligned;
// SM90A-COUNT-2: wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e5m2
// SM90A:         wgmma.commit_group.sync.aligned;
// SM90A-NEXT:    wgmma.wait_group.sync.aligned 0;
// SM90A:         wgmma.fence.sync.aligned;
// SM90A-COUNT-2: wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e5m2
// SM90A:         wgmma.commit_group.sync.aligned;
// SM90A-NEXT:    wgmma.wait_group.sync.aligned 0;
func.func @gemm_kn_chunk64(%a: tensor<200x320xf8E4M3FN>, %b: tensor<320x136xf8E5M2>,
                           %sa: tensor<f32>, %sb: tensor<1x136xf32>,
                           %c: tensor<200x136xf32>) -> tensor<200x136xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 64}
      : tensor<200x320xf8E4M3FN>, tensor<320x136xf8E5M2>,
        tensor<f32>, tensor<1x136xf32> into tensor<200x136xf32>
  return %r : tensor<200x136xf32>
}
