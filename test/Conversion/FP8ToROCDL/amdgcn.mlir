// RUN: fp8-opt %s --fp8-rocdl-pipeline="chip=gfx942 format=isa" | %extract-gpu-assembly | FileCheck %s --check-prefix=GFX942
// RUN: sed -e 's/f8E4M3FNUZ/f8E4M3FN/g' -e 's/f8E5M2FNUZ/f8E5M2/g' %s | fp8-opt --fp8-rocdl-pipeline="chip=gfx950 format=isa" | %extract-gpu-assembly | FileCheck %s --check-prefix=GFX950

// gfx942 runs the FNUZ formats, gfx950 the OCP ones (the second RUN line
// rewrites the types): packed conversions and 16x16x32 FP8 MFMAs; MX scales
// (E8M0, 1x32 blocks) take the scaled 16x16x128 MFMA on gfx950.

// GFX942-LABEL: quantize_kernel:
// GFX942:         v_cvt_pk_fp8_f32
// GFX950-LABEL: quantize_kernel:
// GFX950:         v_cvt_pk_fp8_f32
func.func @quantize(%x: tensor<64x32xf32>, %s: tensor<64x1xf32>) -> tensor<64x32xf8E4M3FNUZ> {
  %e = tensor.empty() : tensor<64x32xf8E4M3FNUZ>
  %q = fp8.quantize %x, %s into %e : tensor<64x32xf32>, tensor<64x1xf32> into tensor<64x32xf8E4M3FNUZ>
  return %q : tensor<64x32xf8E4M3FNUZ>
}

// GFX942-LABEL: quantize_e5m2_kernel:
// GFX942:         v_cvt_pk_bf8_f32
// GFX950-LABEL: quantize_e5m2_kernel:
// GFX950:         v_cvt_pk_bf8_f32
func.func @quantize_e5m2(%x: tensor<64x32xf32>, %s: tensor<f32>) -> tensor<64x32xf8E5M2FNUZ> {
  %e = tensor.empty() : tensor<64x32xf8E5M2FNUZ>
  %q = fp8.quantize %x, %s into %e : tensor<64x32xf32>, tensor<f32> into tensor<64x32xf8E5M2FNUZ>
  return %q : tensor<64x32xf8E5M2FNUZ>
}

// GFX942-LABEL: dequantize_kernel:
// GFX942:         v_cvt_f32_fp8
// GFX950-LABEL: dequantize_kernel:
// GFX950:         v_cvt_f32_fp8
func.func @dequantize(%q: tensor<64x32xf8E4M3FNUZ>, %s: tensor<64x1xf32>) -> tensor<64x32xf32> {
  %e = tensor.empty() : tensor<64x32xf32>
  %d = fp8.dequantize %q, %s into %e : tensor<64x32xf8E4M3FNUZ>, tensor<64x1xf32> into tensor<64x32xf32>
  return %d : tensor<64x32xf32>
}

// GFX942-LABEL: gemm_kernel:
// GFX942-COUNT-2: v_mfma_f32_16x16x32_fp8_fp8
// GFX950-LABEL: gemm_kernel:
// GFX950-COUNT-2: v_mfma_f32_16x16x32_fp8_fp8
func.func @gemm(%a: tensor<256x512xf8E4M3FNUZ>, %b: tensor<384x512xf8E4M3FNUZ>,
                %sa: tensor<256x4xf32>, %sb: tensor<3x4xf32>) -> tensor<256x384xbf16> {
  %zero = arith.constant 0.0 : bf16
  %empty = tensor.empty() : tensor<256x384xbf16>
  %init = linalg.fill ins(%zero : bf16) outs(%empty : tensor<256x384xbf16>) -> tensor<256x384xbf16>
  %c = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %init
      {b_layout = #fp8.layout<nk>, chunk = 128}
      : tensor<256x512xf8E4M3FNUZ>, tensor<384x512xf8E4M3FNUZ>,
        tensor<256x4xf32>, tensor<3x4xf32> into tensor<256x384xbf16>
  return %c : tensor<256x384xbf16>
}

// GFX942-LABEL: gemm_mixed_kernel:
// GFX942-COUNT-2: v_mfma_f32_16x16x32_fp8_bf8
// GFX950-LABEL: gemm_mixed_kernel:
// GFX950-COUNT-2: v_mfma_f32_16x16x32_fp8_bf8
func.func @gemm_mixed(%a: tensor<64x256xf8E4M3FNUZ>, %b: tensor<256x32xf8E5M2FNUZ>,
                      %sa: tensor<64x1xf32>, %sb: tensor<1x32xf32>,
                      %c: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 128}
      : tensor<64x256xf8E4M3FNUZ>, tensor<256x32xf8E5M2FNUZ>,
        tensor<64x1xf32>, tensor<1x32xf32> into tensor<64x32xf32>
  return %r : tensor<64x32xf32>
}

// MX: gfx942 promotes every 32 after 16x16x32 MFMAs; gfx950 hands the E8M0
// scales (one VGPR each, byte 0) to v_mfma_scale_f32_16x16x128_f8f6f4.
// GFX942-LABEL: gemm_mx_kernel:
// GFX942-NOT:     v_mfma_scale_f32_
// GFX942-COUNT-2: v_mfma_f32_16x16x32_fp8_fp8
// GFX942-NOT:     v_mfma_scale_f32_
// GFX950-LABEL: gemm_mx_kernel:
// GFX950-NOT:     v_mfma_f32_16x16x32
// GFX950-COUNT-2: v_mfma_scale_f32_16x16x128_f8f6f4 v[{{[0-9]+:[0-9]+}}], v[{{[0-9]+:[0-9]+}}], v[{{[0-9]+:[0-9]+}}], v[{{[0-9]+:[0-9]+}}], v{{[0-9]+}}, v{{[0-9]+}}
// GFX950-NOT:     v_mfma_f32_16x16x32
func.func @gemm_mx(%a: tensor<64x256xf8E4M3FNUZ>, %b: tensor<256x32xf8E4M3FNUZ>,
                   %sa: tensor<64x8xf8E8M0FNU>, %sb: tensor<8x32xf8E8M0FNU>,
                   %c: tensor<64x32xf32>) -> tensor<64x32xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c
      : tensor<64x256xf8E4M3FNUZ>, tensor<256x32xf8E4M3FNUZ>,
        tensor<64x8xf8E8M0FNU>, tensor<8x32xf8E8M0FNU> into tensor<64x32xf32>
  return %r : tensor<64x32xf32>
}
