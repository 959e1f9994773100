// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s
// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s --check-prefix=NOFP8

// fp8.dequantize becomes one elementwise linalg.generic: the FP8 element is
// bitcast to its i8 code, decoded to f32 (its bits shifted into an f16,
// extended to f32 and scaled by an exact power of two), multiplied by
// the f32 scale, and rounded to the result type (truncf for f16, integer
// ops for bf16).

// NOFP8-NOT: fp8.dequantize
// NOFP8-NOT: arith.extf {{.*}}f8E
// NOFP8-NOT: arith.{{[a-z]+}}f {{[^:]*}}: f8E
// NOFP8-NOT: arith.truncf {{.*}}f8E
// NOFP8-NOT: call @
// NOFP8-NOT: apfloat

// CHECK-DAG:   #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[SCALAR:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @dequantize_f32(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<4x256xf8E4M3FN>, %[[S:[a-z0-9_]+]]: tensor<f32>, %[[I:[a-z0-9_]+]]: tensor<4x256xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[SCALAR]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[Q]], %[[S]] : tensor<4x256xf8E4M3FN>, tensor<f32>) outs(%[[I]] : tensor<4x256xf32>)
// CHECK:         ^bb0(%[[IN:.+]]: f8E4M3FN, %[[SC:.+]]: f32, %{{.+}}: f32):
// CHECK:           %[[CODE:.+]] = arith.bitcast %[[IN]] : f8E4M3FN to i8
// CHECK:           arith.extui %[[CODE]] : i8 to i16
// CHECK:           arith.bitcast %{{.+}} : i16 to f16
// CHECK-NEXT:      arith.extf %{{.+}} : f16 to f32
// CHECK:           %[[DEC:.+]] = arith.bitcast %{{.+}} : i32 to f32
// CHECK-NEXT:      %[[REAL:.+]] = arith.mulf %[[DEC]], %[[SC]] : f32
// CHECK-NEXT:      linalg.yield %[[REAL]] : f32
// CHECK:         return %[[R]]
func.func @dequantize_f32(%q: tensor<4x256xf8E4M3FN>, %s: tensor<f32>, %i: tensor<4x256xf32>) -> tensor<4x256xf32> {
  %x = fp8.dequantize %q, %s into %i : tensor<4x256xf8E4M3FN>, tensor<f32> into tensor<4x256xf32>
  return %x : tensor<4x256xf32>
}

// -----

// f16 results: one f32 product rounded once with truncf (f32 to f16).
// CHECK-DAG:   #[[BLOCK:.+]] = affine_map<(d0, d1) -> (d0 floordiv 128, d1 floordiv 128)>
// CHECK-LABEL: func.func @dequantize_f16_blocks(
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[BLOCK]], #{{.+}}], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%{{.+}}, %{{.+}} : tensor<256x256xf8E5M2>, tensor<2x2xf32>) outs(%{{.+}} : tensor<256x256xf16>)
// CHECK:         ^bb0(%[[IN:.+]]: f8E5M2, %[[SC:.+]]: f32, %{{.+}}: f16):
// CHECK:           arith.bitcast %[[IN]] : f8E5M2 to i8
// CHECK:           %[[REAL:.+]] = arith.mulf %{{.+}}, %[[SC]] : f32
// CHECK-NEXT:      %[[H:.+]] = arith.truncf %[[REAL]] : f32 to f16
// CHECK-NEXT:      linalg.yield %[[H]] : f16
func.func @dequantize_f16_blocks(%q: tensor<256x256xf8E5M2>, %s: tensor<2x2xf32>, %i: tensor<256x256xf16>) -> tensor<256x256xf16> {
  %x = fp8.dequantize %q, %s into %i : tensor<256x256xf8E5M2>, tensor<2x2xf32> into tensor<256x256xf16>
  return %x : tensor<256x256xf16>
}

// -----

// bf16 results are rounded to nearest even with integer ops on the f32
// bits (no truncf); f8E8M0FNU per-row scales are decoded from i8.
// CHECK-DAG:   #[[ROW:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @dequantize_bf16_e8m0(
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[ROW]], #{{.+}}], iterator_types = ["parallel", "parallel"]}
// CHECK:         ^bb0(%[[IN:.+]]: f8E4M3FNUZ, %[[SC:.+]]: f8E8M0FNU, %{{.+}}: bf16):
// CHECK:           arith.bitcast %[[IN]] : f8E4M3FNUZ to i8
// CHECK:           arith.bitcast %[[SC]] : f8E8M0FNU to i8
// CHECK:           %[[SF32:.+]] = arith.bitcast %{{.+}} : i32 to f32
// CHECK-NEXT:      %[[REAL:.+]] = arith.mulf %{{.+}}, %[[SF32]] : f32
// CHECK-NEXT:      arith.bitcast %[[REAL]] : f32 to i32
// CHECK-NOT:       arith.truncf
// CHECK:           %[[HIGH:.+]] = arith.trunci %{{.+}} : i32 to i16
// CHECK-NEXT:      %[[B:.+]] = arith.bitcast %[[HIGH]] : i16 to bf16
// CHECK-NEXT:      linalg.yield %[[B]] : bf16
func.func @dequantize_bf16_e8m0(%q: tensor<4x32xf8E4M3FNUZ>, %s: tensor<4x1xf8E8M0FNU>, %i: tensor<4x32xbf16>) -> tensor<4x32xbf16> {
  %x = fp8.dequantize %q, %s into %i : tensor<4x32xf8E4M3FNUZ>, tensor<4x1xf8E8M0FNU> into tensor<4x32xbf16>
  return %x : tensor<4x32xbf16>
}

// -----

// Dynamic shapes and every builtin storage format.
// CHECK-LABEL: func.func @dequantize_formats(
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%{{.+}}, %{{.+}} : tensor<?xf8E3M4>, tensor<f32>) outs(%{{.+}} : tensor<?xf32>)
// CHECK:           arith.bitcast %{{.+}} : f8E3M4 to i8
// CHECK:         linalg.generic
// CHECK:           arith.bitcast %{{.+}} : f8E4M3 to i8
// CHECK:         linalg.generic
// CHECK:           arith.bitcast %{{.+}} : f8E5M2FNUZ to i8
// CHECK:         linalg.generic
// CHECK:           arith.bitcast %{{.+}} : f8E4M3B11FNUZ to i8
func.func @dequantize_formats(%a: tensor<?xf8E3M4>, %b: tensor<?xf8E4M3>, %c: tensor<?xf8E5M2FNUZ>, %d: tensor<?xf8E4M3B11FNUZ>, %s: tensor<f32>, %i: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fp8.dequantize %a, %s into %i : tensor<?xf8E3M4>, tensor<f32> into tensor<?xf32>
  %1 = fp8.dequantize %b, %s into %0 : tensor<?xf8E4M3>, tensor<f32> into tensor<?xf32>
  %2 = fp8.dequantize %c, %s into %1 : tensor<?xf8E5M2FNUZ>, tensor<f32> into tensor<?xf32>
  %3 = fp8.dequantize %d, %s into %2 : tensor<?xf8E4M3B11FNUZ>, tensor<f32> into tensor<?xf32>
  return %3 : tensor<?xf32>
}
