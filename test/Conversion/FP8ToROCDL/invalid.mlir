// RUN: not fp8-opt %s --split-input-file --fp8-rocdl-pipeline="chip=gfx942 format=isa" 2>&1 | FileCheck %s --check-prefix=GFX942
// RUN: not fp8-opt %s --split-input-file --fp8-rocdl-pipeline="chip=gfx950 format=isa" 2>&1 | FileCheck %s --check-prefix=GFX950
// RUN: not fp8-opt %s --split-input-file --convert-fp8-to-rocdl=chip=gfx90a 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not fp8-opt %s --split-input-file --fp8-rocdl-pipeline=chip=gfx1100 2>&1 | FileCheck %s --check-prefix=PIPELINE-CHIP

// CHIP: for the --chip option: 'gfx90a' is unknown; expected gfx942 or gfx950
// PIPELINE-CHIP: fp8-rocdl-pipeline: unknown chip 'gfx1100'; expected gfx942 or gfx950

// OCP FP8 on gfx942 (CDNA3 reads FP8 bits as FNUZ).
// GFX942: error: convert-fp8-to-rocdl: chip gfx942 does not support 'f8E4M3FN' (OCP FP8); its FP8 formats are f8E4M3FNUZ and f8E5M2FNUZ
func.func @ocp_on_gfx942(%x: tensor<16xf32>, %s: tensor<f32>) -> tensor<16xf8E4M3FN> {
  %e = tensor.empty() : tensor<16xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<16xf32>, tensor<f32> into tensor<16xf8E4M3FN>
  return %q : tensor<16xf8E4M3FN>
}

// -----

// FNUZ FP8 on gfx950 (CDNA4 uses the OCP formats).
// GFX950: error: convert-fp8-to-rocdl: chip gfx950 does not support 'f8E5M2FNUZ' (FNUZ FP8); its FP8 formats are f8E4M3FN and f8E5M2
func.func @fnuz_on_gfx950(%a: tensor<16x64xf8E5M2FNUZ>, %b: tensor<64x16xf8E5M2FNUZ>,
                          %s: tensor<f32>, %c: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c
      : tensor<16x64xf8E5M2FNUZ>, tensor<64x16xf8E5M2FNUZ>, tensor<f32>, tensor<f32> into tensor<16x16xf32>
  return %r : tensor<16x16xf32>
}
