// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s
// RUN: fp8-opt %s --convert-fp8-to-linalg -split-input-file | FileCheck %s --check-prefix=NOFP8

// fp8.scaled_matmul becomes three linalg.generic ops:
//   1. chunk sums in acc_type over (m, n, c, l), K split into (chunk c,
//      element l) by tensor.expand_shape (padded with FP8 zeros when chunk
//      does not divide K);
//   2. promotion over (m, n, c): total += f32(sum) * scale_a * scale_b, the
//      scales read at the first K index of the chunk (c * L floordiv block);
//   3. the epilogue: (init + total) + bias, rounded once.

// NOFP8-NOT: fp8.scaled_matmul
// NOFP8-NOT: fp8.batch_scaled_matmul
// NOFP8-NOT: arith.extf {{.*}}f8E
// NOFP8-NOT: arith.{{[a-z]+}}f {{[^:]*}}: f8E
// NOFP8-NOT: arith.truncf {{.*}}f8E
// NOFP8-NOT: call @
// NOFP8-NOT: apfloat

// Per-row / per-column scales, no chunking: a single chunk, no reshape.
// CHECK-DAG:   #[[A1:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
// CHECK-DAG:   #[[B1:.+]] = affine_map<(d0, d1, d2, d3) -> (d3, d1)>
// CHECK-DAG:   #[[SUMS1:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG:   #[[SUMS2:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[ROW:.+]] = affine_map<(d0, d1, d2) -> (d0, 0)>
// CHECK-DAG:   #[[COL:.+]] = affine_map<(d0, d1, d2) -> (0, d1)>
// CHECK-DAG:   #[[TOTAL:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @scaled_matmul_per_channel(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<?x64xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<64x?xf8E4M3FN>, %[[SA:[a-z0-9_]+]]: tensor<?x1xf32>, %[[SB:[a-z0-9_]+]]: tensor<1x?xf32>, %[[C:[a-z0-9_]+]]: tensor<?x?xf32>)
// CHECK-NOT:     tensor.expand_shape
// CHECK-DAG:     %[[M:.+]] = tensor.dim %[[C]], %{{.+}} : tensor<?x?xf32>
// CHECK-DAG:     %[[N:.+]] = tensor.dim %[[C]], %{{.+}} : tensor<?x?xf32>
// CHECK:         %[[E1:.+]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?x1xf32>
// CHECK:         %[[Z1:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E1]] : tensor<?x?x1xf32>)
// CHECK:         %[[SUMS:.+]] = linalg.generic {indexing_maps = [#[[A1]], #[[B1]], #[[SUMS1]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<?x64xf8E4M3FN>, tensor<64x?xf8E4M3FN>) outs(%[[Z1]] : tensor<?x?x1xf32>)
// CHECK:         ^bb0(%[[X:.+]]: f8E4M3FN, %[[Y:.+]]: f8E4M3FN, %[[ACC:.+]]: f32):
// CHECK:           arith.bitcast %[[X]] : f8E4M3FN to i8
// CHECK:           %[[DX:.+]] = arith.bitcast %{{.+}} : i32 to f32
// CHECK-NEXT:      arith.bitcast %[[Y]] : f8E4M3FN to i8
// CHECK:           %[[DY:.+]] = arith.bitcast %{{.+}} : i32 to f32
// CHECK-NEXT:      %[[P:.+]] = arith.mulf %[[DX]], %[[DY]] : f32
// CHECK-NEXT:      %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT:      linalg.yield %[[S]] : f32
// CHECK:         %[[E2:.+]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
// CHECK:         %[[Z2:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E2]] : tensor<?x?xf32>)
// CHECK:         %[[TOT:.+]] = linalg.generic {indexing_maps = [#[[SUMS2]], #[[ROW]], #[[COL]], #[[TOTAL]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[SUMS]], %[[SA]], %[[SB]] : tensor<?x?x1xf32>, tensor<?x1xf32>, tensor<1x?xf32>) outs(%[[Z2]] : tensor<?x?xf32>)
// CHECK:         ^bb0(%[[CS:.+]]: f32, %[[SCA:.+]]: f32, %[[SCB:.+]]: f32, %[[T:.+]]: f32):
// CHECK-NEXT:      %[[SC:.+]] = arith.mulf %[[SCA]], %[[SCB]] : f32
// CHECK-NEXT:      %[[PR:.+]] = arith.mulf %[[CS]], %[[SC]] : f32
// CHECK-NEXT:      %[[NT:.+]] = arith.addf %[[T]], %[[PR]] : f32
// CHECK-NEXT:      linalg.yield %[[NT]] : f32
// CHECK:         %[[E3:.+]] = tensor.empty(%{{.+}}, %{{.+}}) : tensor<?x?xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[TOT]], %[[C]] : tensor<?x?xf32>, tensor<?x?xf32>) outs(%[[E3]] : tensor<?x?xf32>)
// CHECK:         ^bb0(%[[IN:.+]]: f32, %[[INIT:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[O:.+]] = arith.addf %[[INIT]], %[[IN]] : f32
// CHECK-NEXT:      linalg.yield %[[O]] : f32
// CHECK:         return %[[R]]
func.func @scaled_matmul_per_channel(%a: tensor<?x64xf8E4M3FN>, %b: tensor<64x?xf8E4M3FN>, %sa: tensor<?x1xf32>, %sb: tensor<1x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<?x64xf8E4M3FN>, tensor<64x?xf8E4M3FN>, tensor<?x1xf32>, tensor<1x?xf32> into tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// DeepSeek-V3: 1x128 blocks for A, 128x128 for B (nk), chunk = 128, f16
// accumulation, mixed E4M3 x E5M2, bf16 bias and output.
// CHECK-DAG:   #[[A4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG:   #[[BNK:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>
// CHECK-DAG:   #[[SUMS:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG:   #[[SA_MAP:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[SB_MAP:.+]] = affine_map<(d0, d1, d2) -> (d1 floordiv 128, d2)>
// CHECK-DAG:   #[[BIAS_MAP:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @scaled_matmul_deepseek_blocks(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<256x512xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<384x512xf8E5M2>, %[[SA:[a-z0-9_]+]]: tensor<256x4xf32>, %[[SB:[a-z0-9_]+]]: tensor<3x4xf32>, %[[BIAS:[a-z0-9_]+]]: tensor<384xbf16>, %[[C:[a-z0-9_]+]]: tensor<256x384xbf16>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[AX:.+]] = tensor.expand_shape %[[A]] {{\[}}[0], [1, 2]] output_shape [256, 4, 128] : tensor<256x512xf8E4M3FN> into tensor<256x4x128xf8E4M3FN>
// CHECK:         %[[BX:.+]] = tensor.expand_shape %[[B]] {{\[}}[0], [1, 2]] output_shape [384, 4, 128] : tensor<384x512xf8E5M2> into tensor<384x4x128xf8E5M2>
// CHECK:         %[[E1:.+]] = tensor.empty() : tensor<256x384x4xf16>
// CHECK:         %[[Z1:.+]] = linalg.fill ins(%{{.+}} : f16) outs(%[[E1]] : tensor<256x384x4xf16>)
// CHECK:         %[[SUMS_V:.+]] = linalg.generic {indexing_maps = [#[[A4]], #[[BNK]], #[[SUMS]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[AX]], %[[BX]] : tensor<256x4x128xf8E4M3FN>, tensor<384x4x128xf8E5M2>) outs(%[[Z1]] : tensor<256x384x4xf16>)
// CHECK:         ^bb0(%[[X:.+]]: f8E4M3FN, %[[Y:.+]]: f8E5M2, %[[ACC:.+]]: f16):
// CHECK:           arith.bitcast %[[X]] : f8E4M3FN to i8
// CHECK:           %[[DX:.+]] = arith.bitcast %{{.+}} : i32 to f32
// CHECK-NEXT:      arith.bitcast %[[Y]] : f8E5M2 to i8
// CHECK:           %[[DY:.+]] = arith.bitcast %{{.+}} : i32 to f32
// CHECK-NEXT:      %[[P:.+]] = arith.mulf %[[DX]], %[[DY]] : f32
// CHECK-NEXT:      %[[ACC32:.+]] = arith.extf %[[ACC]] : f16 to f32
// CHECK-NEXT:      %[[S:.+]] = arith.addf %[[ACC32]], %[[P]] : f32
// CHECK-NEXT:      %[[S16:.+]] = arith.truncf %[[S]] : f32 to f16
// CHECK-NEXT:      linalg.yield %[[S16]] : f16
// CHECK:         %[[TOT:.+]] = linalg.generic {indexing_maps = [#{{.+}}, #[[SA_MAP]], #[[SB_MAP]], #{{.+}}], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[SUMS_V]], %[[SA]], %[[SB]] : tensor<256x384x4xf16>, tensor<256x4xf32>, tensor<3x4xf32>) outs(%{{.+}} : tensor<256x384xf32>)
// CHECK:         ^bb0(%[[CS:.+]]: f16, %{{.+}}: f32, %{{.+}}: f32, %{{.+}}: f32):
// CHECK:           arith.extf %[[CS]] : f16 to f32
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#{{.+}}, #{{.+}}, #[[BIAS_MAP]], #{{.+}}], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[TOT]], %[[C]], %[[BIAS]] : tensor<256x384xf32>, tensor<256x384xbf16>, tensor<384xbf16>) outs(%{{.+}} : tensor<256x384xbf16>)
// CHECK:         ^bb0(%[[IN:.+]]: f32, %[[OUT:.+]]: bf16, %[[BV:.+]]: bf16, %{{.+}}: bf16):
// CHECK-NEXT:      %[[OUT32:.+]] = arith.extf %[[OUT]] : bf16 to f32
// CHECK-NEXT:      %[[SUM:.+]] = arith.addf %[[OUT32]], %[[IN]] : f32
// CHECK-NEXT:      %[[BV32:.+]] = arith.extf %[[BV]] : bf16 to f32
// CHECK-NEXT:      %[[WITH_BIAS:.+]] = arith.addf %[[SUM]], %[[BV32]] : f32
// CHECK-NEXT:      arith.bitcast %[[WITH_BIAS]] : f32 to i32
// CHECK:           %[[RES:.+]] = arith.bitcast %{{.+}} : i16 to bf16
// CHECK-NEXT:      linalg.yield %[[RES]] : bf16
// CHECK:         return %[[R]]
func.func @scaled_matmul_deepseek_blocks(%a: tensor<256x512xf8E4M3FN>, %b: tensor<384x512xf8E5M2>, %sa: tensor<256x4xf32>, %sb: tensor<3x4xf32>, %bias: tensor<384xbf16>, %c: tensor<256x384xbf16>) -> tensor<256x384xbf16> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) bias(%bias : tensor<384xbf16>) into %c {acc_type = f16, b_layout = #fp8.layout<nk>, chunk = 128 : i64} : tensor<256x512xf8E4M3FN>, tensor<384x512xf8E5M2>, tensor<256x4xf32>, tensor<3x4xf32> into tensor<256x384xbf16>
  return %r : tensor<256x384xbf16>
}

// -----

// chunk = 32 does not divide K = 100: A and B are padded with FP8 zeros to
// 128 = 4 chunks. bf16 accumulation, f16 result.
// CHECK-DAG:   #[[A4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG:   #[[BKN:.+]] = affine_map<(d0, d1, d2, d3) -> (d2, d3, d1)>
// CHECK-LABEL: func.func @scaled_matmul_pad(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<16x100xf8E5M2>, %[[B:[a-z0-9_]+]]: tensor<100x8xf8E4M3FNUZ>
// CHECK-DAG:     %[[ZERO_CODE:.+]] = arith.constant 0 : i8
// CHECK:         %[[AZ:.+]] = arith.bitcast %{{.+}} : i8 to f8E5M2
// CHECK:         %[[AP:.+]] = tensor.pad %[[A]] low[0, 0] high[0, 28]
// CHECK:           tensor.yield %[[AZ]] : f8E5M2
// CHECK:         } : tensor<16x100xf8E5M2> to tensor<16x128xf8E5M2>
// CHECK:         %[[BZ:.+]] = arith.bitcast %{{.+}} : i8 to f8E4M3FNUZ
// CHECK:         %[[BP:.+]] = tensor.pad %[[B]] low[0, 0] high[28, 0]
// CHECK:           tensor.yield %[[BZ]] : f8E4M3FNUZ
// CHECK:         } : tensor<100x8xf8E4M3FNUZ> to tensor<128x8xf8E4M3FNUZ>
// CHECK:         %[[AX:.+]] = tensor.expand_shape %[[AP]] {{\[}}[0], [1, 2]] output_shape [16, 4, 32] : tensor<16x128xf8E5M2> into tensor<16x4x32xf8E5M2>
// CHECK:         %[[BX:.+]] = tensor.expand_shape %[[BP]] {{\[}}[0, 1], [2]] output_shape [4, 32, 8] : tensor<128x8xf8E4M3FNUZ> into tensor<4x32x8xf8E4M3FNUZ>
// CHECK:         linalg.generic {indexing_maps = [#[[A4]], #[[BKN]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[AX]], %[[BX]] : tensor<16x4x32xf8E5M2>, tensor<4x32x8xf8E4M3FNUZ>) outs(%{{.+}} : tensor<16x8x4xbf16>)
// CHECK:           arith.extf %{{.+}} : bf16 to f32
// CHECK:           arith.bitcast %{{.+}} : i16 to bf16
// CHECK:         linalg.generic
// CHECK:         linalg.generic
// CHECK-SAME:        outs(%{{.+}} : tensor<16x8xf16>)
// CHECK:           arith.truncf %{{.+}} : f32 to f16
func.func @scaled_matmul_pad(%a: tensor<16x100xf8E5M2>, %b: tensor<100x8xf8E4M3FNUZ>, %s: tensor<f32>, %c: tensor<16x8xf16>) -> tensor<16x8xf16> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {acc_type = bf16, chunk = 32 : i64} : tensor<16x100xf8E5M2>, tensor<100x8xf8E4M3FNUZ>, tensor<f32>, tensor<f32> into tensor<16x8xf16>
  return %r : tensor<16x8xf16>
}

// -----

// MX: 1x32 f8E8M0FNU scales along K; with chunk = 0 the promotion length is
// the K block (32). The E8M0 scales are decoded from i8.
// CHECK-DAG:   #[[SA_MAP:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[SB_MAP:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @scaled_matmul_mx(
// CHECK:         tensor.expand_shape %{{.+}} {{\[}}[0], [1, 2]] output_shape [32, 8, 32] : tensor<32x256xf8E4M3FN> into tensor<32x8x32xf8E4M3FN>
// CHECK:         tensor.expand_shape %{{.+}} {{\[}}[0], [1, 2]] output_shape [64, 8, 32] : tensor<64x256xf8E5M2> into tensor<64x8x32xf8E5M2>
// CHECK:         linalg.generic
// CHECK-SAME:        outs(%{{.+}} : tensor<32x64x8xf32>)
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[SA_MAP]], #[[SB_MAP]], #{{.+}}]
// CHECK-SAME:        tensor<32x8xf8E8M0FNU>, tensor<64x8xf8E8M0FNU>
// CHECK:         ^bb0(%{{.+}}: f32, %[[SCA:.+]]: f8E8M0FNU, %[[SCB:.+]]: f8E8M0FNU, %{{.+}}: f32):
// CHECK:           arith.bitcast %[[SCA]] : f8E8M0FNU to i8
// CHECK:           arith.bitcast %[[SCB]] : f8E8M0FNU to i8
func.func @scaled_matmul_mx(%a: tensor<32x256xf8E4M3FN>, %b: tensor<64x256xf8E5M2>, %sa: tensor<32x8xf8E8M0FNU>, %sb: tensor<64x8xf8E8M0FNU>, %c: tensor<32x64xf32>) -> tensor<32x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>} : tensor<32x256xf8E4M3FN>, tensor<64x256xf8E5M2>, tensor<32x8xf8E8M0FNU>, tensor<64x8xf8E8M0FNU> into tensor<32x64xf32>
  return %r : tensor<32x64xf32>
}

// -----

// chunk = 64 inside K blocks of 128: chunk c starts at K index c * 64.
// CHECK-DAG:   #[[SA_MAP:.+]] = affine_map<(d0, d1, d2) -> (d0, (d2 * 64) floordiv 128)>
// CHECK-DAG:   #[[SB_MAP:.+]] = affine_map<(d0, d1, d2) -> ((d2 * 64) floordiv 128, 0)>
// CHECK-LABEL: func.func @scaled_matmul_chunk_inside_block(
// CHECK:         tensor.expand_shape %{{.+}} output_shape [16, 4, 64]
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #[[SA_MAP]], #[[SB_MAP]], #{{.+}}]
// CHECK-SAME:        ins(%{{.+}}, %{{.+}}, %{{.+}} : tensor<16x16x4xf32>, tensor<16x2xf32>, tensor<2x1xf32>)
func.func @scaled_matmul_chunk_inside_block(%a: tensor<16x256xf8E4M3FN>, %b: tensor<256x16xf8E4M3FN>, %sa: tensor<16x2xf32>, %sb: tensor<2x1xf32>, %c: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {chunk = 64 : i64} : tensor<16x256xf8E4M3FN>, tensor<256x16xf8E4M3FN>, tensor<16x2xf32>, tensor<2x1xf32> into tensor<16x16xf32>
  return %r : tensor<16x16xf32>
}

// -----

// batch_scaled_matmul: the batch dimension leads every map.
// CHECK-DAG:   #[[A5:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>
// CHECK-DAG:   #[[B5:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d4, d2)>
// CHECK-DAG:   #[[S5:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[SCALAR4:.+]] = affine_map<(d0, d1, d2, d3) -> ()>
// CHECK-DAG:   #[[SB4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, d2)>
// CHECK-DAG:   #[[BIAS3:.+]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @batch_scaled_matmul(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<2x16x64xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<2x64x8xf8E4M3FN>, %[[SA:[a-z0-9_]+]]: tensor<f32>, %[[SB:[a-z0-9_]+]]: tensor<2x1x8xf32>, %[[BIAS:[a-z0-9_]+]]: tensor<8xf32>, %[[C:[a-z0-9_]+]]: tensor<2x16x8xf32>)
// CHECK:         %[[AX:.+]] = tensor.expand_shape %[[A]] {{\[}}[0], [1], [2, 3]] output_shape [2, 16, 2, 32]
// CHECK:         %[[BX:.+]] = tensor.expand_shape %[[B]] {{\[}}[0], [1, 2], [3]] output_shape [2, 2, 32, 8]
// CHECK:         %[[SUMS:.+]] = linalg.generic {indexing_maps = [#[[A5]], #[[B5]], #[[S5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[AX]], %[[BX]] : tensor<2x16x2x32xf8E4M3FN>, tensor<2x2x32x8xf8E4M3FN>) outs(%{{.+}} : tensor<2x16x8x2xf32>)
// CHECK:         %[[TOT:.+]] = linalg.generic {indexing_maps = [#{{.+}}, #[[SCALAR4]], #[[SB4]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[SUMS]], %[[SA]], %[[SB]] : tensor<2x16x8x2xf32>, tensor<f32>, tensor<2x1x8xf32>) outs(%{{.+}} : tensor<2x16x8xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#{{.+}}, #{{.+}}, #[[BIAS3]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:        ins(%[[TOT]], %[[C]], %[[BIAS]] : tensor<2x16x8xf32>, tensor<2x16x8xf32>, tensor<8xf32>) outs(%{{.+}} : tensor<2x16x8xf32>)
// CHECK:         return %[[R]]
func.func @batch_scaled_matmul(%a: tensor<2x16x64xf8E4M3FN>, %b: tensor<2x64x8xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<2x1x8xf32>, %bias: tensor<8xf32>, %c: tensor<2x16x8xf32>) -> tensor<2x16x8xf32> {
  %r = fp8.batch_scaled_matmul %a, %b scales(%sa, %sb) bias(%bias : tensor<8xf32>) into %c {chunk = 32 : i64} : tensor<2x16x64xf8E4M3FN>, tensor<2x64x8xf8E4M3FN>, tensor<f32>, tensor<2x1x8xf32> into tensor<2x16x8xf32>
  return %r : tensor<2x16x8xf32>
}

// -----

// Dynamic K with chunk = 32: the number of chunks and the padding are
// computed at run time.
// CHECK-LABEL: func.func @scaled_matmul_dynamic_k_chunk(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<16x?xf8E4M3FN>, %[[B:[a-z0-9_]+]]: tensor<?x16xf8E4M3FN>
// CHECK:         %[[C1:.+]] = arith.constant 1 : index
// CHECK:         %[[K:.+]] = tensor.dim %[[A]], %[[C1]] : tensor<16x?xf8E4M3FN>
// CHECK:         %[[C32:.+]] = arith.constant 32 : index
// CHECK:         %[[NC:.+]] = arith.ceildivui %[[K]], %[[C32]] : index
// CHECK:         %[[KP:.+]] = arith.muli %[[NC]], %[[C32]] : index
// CHECK:         %[[EXTRA:.+]] = arith.subi %[[KP]], %[[K]] : index
// CHECK:         %[[AP:.+]] = tensor.pad %[[A]] low[0, 0] high[0, %[[EXTRA]]]
// CHECK:         } : tensor<16x?xf8E4M3FN> to tensor<16x?xf8E4M3FN>
// CHECK:         %[[BP:.+]] = tensor.pad %[[B]] low[0, 0] high[%[[EXTRA]], 0]
// CHECK:         } : tensor<?x16xf8E4M3FN> to tensor<?x16xf8E4M3FN>
// CHECK:         tensor.expand_shape %[[AP]] {{\[}}[0], [1, 2]] output_shape [16, %[[NC]], 32] : tensor<16x?xf8E4M3FN> into tensor<16x?x32xf8E4M3FN>
// CHECK:         tensor.expand_shape %[[BP]] {{\[}}[0, 1], [2]] output_shape [%[[NC]], 32, 16] : tensor<?x16xf8E4M3FN> into tensor<?x32x16xf8E4M3FN>
// CHECK:         tensor.empty(%[[NC]]) : tensor<16x16x?xf32>
func.func @scaled_matmul_dynamic_k_chunk(%a: tensor<16x?xf8E4M3FN>, %b: tensor<?x16xf8E4M3FN>, %s: tensor<f32>, %c: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {chunk = 32 : i64} : tensor<16x?xf8E4M3FN>, tensor<?x16xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<16x16xf32>
  return %r : tensor<16x16xf32>
}

// -----

// Dynamic K where only scale_b varies along K (one scale per K element):
// the promotion length is 1 and scale_b is read at (c, 0).
// CHECK-DAG:   #[[SB_MAP:.+]] = affine_map<(d0, d1, d2) -> (d2, 0)>
// CHECK-LABEL: func.func @scaled_matmul_dynamic_k_scale_b_per_k(
// CHECK:         tensor.expand_shape %{{.+}} {{\[}}[0], [1, 2]] output_shape [4, %{{.+}}, 1] : tensor<4x?xf8E4M3FN> into tensor<4x?x1xf8E4M3FN>
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}, #{{.+}}, #[[SB_MAP]], #{{.+}}]
// CHECK-SAME:        tensor<?x1xf32>
func.func @scaled_matmul_dynamic_k_scale_b_per_k(%a: tensor<4x?xf8E4M3FN>, %b: tensor<?x8xf8E4M3FN>, %sa: tensor<f32>, %sb: tensor<?x1xf32>, %c: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<4x?xf8E4M3FN>, tensor<?x8xf8E4M3FN>, tensor<f32>, tensor<?x1xf32> into tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}
