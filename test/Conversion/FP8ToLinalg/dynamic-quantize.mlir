// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s
// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s --check-prefix=NOFP8

// fp8.dynamic_quantize becomes: an amax reduction into the scale shape (the
// scale indexing map implements the blocks), an elementwise generic that
// turns amax into the scale, an E8M0 encoding generic for f8E8M0FNU scales,
// and the quantization generic, which reads the f32 scales.

// NOFP8-NOT: fp8.dynamic_quantize
// NOFP8-NOT: arith.extf {{.*}}f8E
// NOFP8-NOT: arith.{{[a-z]+}}f {{[^:]*}}: f8E
// NOFP8-NOT: arith.truncf {{.*}}f8E
// NOFP8-NOT: call @
// NOFP8-NOT: apfloat

// Per-tensor: amax reduces over both dimensions into a rank-0 tensor.
// CHECK-DAG:   #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[TO_SCALAR:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG:   #[[SCALAR:.+]] = affine_map<() -> ()>
// CHECK-LABEL: func.func @dynamic_quantize_per_tensor(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x256xf16>, %[[QI:[a-z0-9_]+]]: tensor<4x256xf8E4M3FN>, %[[SI:[a-z0-9_]+]]: tensor<f32>)
// CHECK-DAG:     %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.+]] = tensor.empty() : tensor<f32>
// CHECK:         %[[FILL:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<f32>) -> tensor<f32>
// CHECK:         %[[AMAX:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[TO_SCALAR]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<4x256xf16>) outs(%[[FILL]] : tensor<f32>)
// CHECK:         ^bb0(%[[IN:.+]]: f16, %[[ACC:.+]]: f32):
// CHECK:           %[[W:.+]] = arith.extf %[[IN]] : f16 to f32
// CHECK:           %[[ABS:.+]] = math.absf %[[W]] : f32
// CHECK:           %[[MAX:.+]] = arith.maximumf %[[ACC]], %[[ABS]] : f32
// CHECK:           linalg.yield %[[MAX]] : f32
// CHECK:         %[[SCALE:.+]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]], iterator_types = []}
// CHECK-SAME:        ins(%[[AMAX]] : tensor<f32>) outs(%[[SI]] : tensor<f32>)
// CHECK:           %[[MAXF:.+]] = arith.constant 4.480000e+02 : f32
// CHECK:           arith.divf %{{.+}}, %[[MAXF]] : f32
// CHECK-NOT:       arith.mulf
// CHECK:           linalg.yield %{{.+}} : f32
// CHECK:         %[[Q:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[TO_SCALAR]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[SCALE]] : tensor<4x256xf16>, tensor<f32>) outs(%[[QI]] : tensor<4x256xf8E4M3FN>)
// CHECK:           arith.divf
// CHECK:           arith.bitcast %{{.+}} : i8 to f8E4M3FN
// CHECK:         return %[[Q]], %[[SCALE]]
func.func @dynamic_quantize_per_tensor(%x: tensor<4x256xf16>, %qi: tensor<4x256xf8E4M3FN>, %si: tensor<f32>) -> (tensor<4x256xf8E4M3FN>, tensor<f32>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<4x256xf16> into tensor<4x256xf8E4M3FN>, tensor<f32>
  return %q, %s : tensor<4x256xf8E4M3FN>, tensor<f32>
}

// -----

// Per-row (per-token): the row dimension stays parallel; margin = 1 scales
// amax / max by 2^1.
// CHECK-DAG:   #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[ROW:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @dynamic_quantize_per_row(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<4x256xbf16>, %[[QI:[a-z0-9_]+]]: tensor<4x256xf8E5M2>, %[[SI:[a-z0-9_]+]]: tensor<4x1xf32>)
// CHECK:         %[[AMAX:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<4x256xbf16>) outs(%{{.+}} : tensor<4x1xf32>)
// CHECK:         %[[SCALE:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[AMAX]] : tensor<4x1xf32>) outs(%[[SI]] : tensor<4x1xf32>)
// CHECK:           %[[MAXF:.+]] = arith.constant 5.734400e+04 : f32
// CHECK:           %[[R:.+]] = arith.divf %{{.+}}, %[[MAXF]] : f32
// CHECK:           %[[TWO:.+]] = arith.constant 2.000000e+00 : f32
// CHECK:           arith.mulf %[[R]], %[[TWO]] : f32
// CHECK:         %[[Q:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[SCALE]] : tensor<4x256xbf16>, tensor<4x1xf32>) outs(%[[QI]] : tensor<4x256xf8E5M2>)
// CHECK:         return %[[Q]], %[[SCALE]]
func.func @dynamic_quantize_per_row(%x: tensor<4x256xbf16>, %qi: tensor<4x256xf8E5M2>, %si: tensor<4x1xf32>) -> (tensor<4x256xf8E5M2>, tensor<4x1xf32>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {margin = 1 : i64} : tensor<4x256xbf16> into tensor<4x256xf8E5M2>, tensor<4x1xf32>
  return %q, %s : tensor<4x256xf8E5M2>, tensor<4x1xf32>
}

// -----

// 1x128 blocks with f8E8M0FNU scales and dynamic rows: the f32 scales go to
// a temporary, are encoded to E8M0 into the scale init, and the quantization
// reads the f32 temporary through the block map.
// CHECK-DAG:   #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[BLOCK:.+]] = affine_map<(d0, d1) -> (d0, d1 floordiv 128)>
// CHECK-LABEL: func.func @dynamic_quantize_blocks_e8m0(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<?x256xf32>, %[[QI:[a-z0-9_]+]]: tensor<?x256xf8E4M3FN>, %[[SI:[a-z0-9_]+]]: tensor<?x2xf8E8M0FNU>)
// CHECK:         %[[D:.+]] = tensor.dim %[[SI]], %{{.+}} : tensor<?x2xf8E8M0FNU>
// CHECK:         %[[E:.+]] = tensor.empty(%[[D]]) : tensor<?x2xf32>
// CHECK:         %[[FILL:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E]] : tensor<?x2xf32>)
// CHECK:         %[[AMAX:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[BLOCK]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x256xf32>) outs(%[[FILL]] : tensor<?x2xf32>)
// CHECK:         %[[TMP:.+]] = tensor.empty(%{{.+}}) : tensor<?x2xf32>
// CHECK:         %[[SCALE:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[AMAX]] : tensor<?x2xf32>) outs(%[[TMP]] : tensor<?x2xf32>)
// CHECK:           %[[QUARTER:.+]] = arith.constant 2.500000e-01 : f32
// CHECK:           arith.mulf %{{.+}}, %[[QUARTER]] : f32
// CHECK:         %[[E8M0:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[SCALE]] : tensor<?x2xf32>) outs(%[[SI]] : tensor<?x2xf8E8M0FNU>)
// CHECK:           arith.bitcast %{{.+}} : f32 to i32
// CHECK:           %[[CODE:.+]] = arith.bitcast %{{.+}} : i8 to f8E8M0FNU
// CHECK-NEXT:      linalg.yield %[[CODE]] : f8E8M0FNU
// CHECK:         %[[Q:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[BLOCK]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[SCALE]] : tensor<?x256xf32>, tensor<?x2xf32>) outs(%[[QI]] : tensor<?x256xf8E4M3FN>)
// CHECK:         return %[[Q]], %[[E8M0]]
func.func @dynamic_quantize_blocks_e8m0(%x: tensor<?x256xf32>, %qi: tensor<?x256xf8E4M3FN>, %si: tensor<?x2xf8E8M0FNU>) -> (tensor<?x256xf8E4M3FN>, tensor<?x2xf8E8M0FNU>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si {margin = -2 : i64, pow2_scale = true} : tensor<?x256xf32> into tensor<?x256xf8E4M3FN>, tensor<?x2xf8E8M0FNU>
  return %q, %s : tensor<?x256xf8E4M3FN>, tensor<?x2xf8E8M0FNU>
}

// -----

// The dialect storage type: the quantized result is i8.
// CHECK-LABEL: func.func @dynamic_quantize_e3m4fn(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<8x32xf32>, %[[QI:[a-z0-9_]+]]: tensor<8x32xi8>, %[[SI:[a-z0-9_]+]]: tensor<8x1xf32>) -> (tensor<8x32xi8>, tensor<8x1xf32>)
// CHECK:           %[[MAXF:.+]] = arith.constant 3.000000e+01 : f32
// CHECK:         %[[Q:.+]] = linalg.generic
// CHECK-SAME:        outs(%[[QI]] : tensor<8x32xi8>)
// CHECK:         ^bb0(%{{.+}}: f32, %{{.+}}: f32, %{{.+}}: i8):
// CHECK:           linalg.yield %{{.+}} : i8
func.func @dynamic_quantize_e3m4fn(%x: tensor<8x32xf32>, %qi: tensor<8x32x!fp8.e3m4fn>, %si: tensor<8x1xf32>) -> (tensor<8x32x!fp8.e3m4fn>, tensor<8x1xf32>) {
  %q, %s = fp8.dynamic_quantize %x into %qi, %si : tensor<8x32xf32> into tensor<8x32x!fp8.e3m4fn>, tensor<8x1xf32>
  return %q, %s : tensor<8x32x!fp8.e3m4fn>, tensor<8x1xf32>
}
