// RUN: fp8-opt %s --convert-fp8-to-vector=target=avx512 --fp8-vectorize-elementwise=target=avx512 -split-input-file | FileCheck %s --check-prefix=AVX512
// RUN: fp8-opt %s --convert-fp8-to-vector=target=generic --fp8-vectorize-elementwise=target=generic -split-input-file | FileCheck %s --check-prefix=GENERIC
// RUN: fp8-opt %s --convert-fp8-to-vector=target=avx512fp16 --fp8-vectorize-elementwise=target=avx512fp16 -split-input-file | FileCheck %s --check-prefix=FP16

// f32 accumulation with static shapes takes the register-blocked kernel:
// B decoded into packed panels of two vectors, A into f32 rows, an
// MR x 2-vector block of FMA accumulators per chunk (without promotion: 8
// rows on AVX-512, 16 accumulators; 6 rows with the 16 registers of the
// generic target, 12), then the epilogue. Each block of rows x panel is one
// tile of an scf.forall (the threads' unit of work).

// AVX512-LABEL: func.func @per_channel(
// AVX512:         tensor.empty() : tensor<3x64x32xf32>
// AVX512:         scf.forall ({{.*}}) = (0, 0) to (40, 96) step (8, 32)
// AVX512:           scf.for
// AVX512:             scf.for
// AVX512:               vector.transfer_read %{{.+}} : tensor<3x64x32xf32>, vector<16xf32>
// AVX512-COUNT-16:      vector.fma {{.*}} : vector<16xf32>
// AVX512:               scf.yield
// AVX512:           scf.forall.in_parallel
// AVX512-NOT:     fp8.scaled_matmul
// GENERIC-LABEL: func.func @per_channel(
// GENERIC:         tensor.empty() : tensor<6x64x16xf32>
// GENERIC:         scf.forall ({{.*}}) = (0, 0) to (42, 96) step (6, 16)
// GENERIC-COUNT-12: vector.fma {{.*}} : vector<8xf32>
// GENERIC-NOT:      vector.fma
// GENERIC:          scf.yield
func.func @per_channel(%a: tensor<40x64xf8E4M3FN>, %b: tensor<64x96xf8E5M2>, %sa: tensor<40x1xf32>, %sb: tensor<1x96xf32>, %c: tensor<40x96xf32>) -> tensor<40x96xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<40x64xf8E4M3FN>, tensor<64x96xf8E5M2>, tensor<40x1xf32>, tensor<1x96xf32> into tensor<40x96xf32>
  return %r : tensor<40x96xf32>
}

// -----

// One block of rows (M <= 8): B is not packed; each k step reads the
// panel's FP8 codes of row k (one 32-byte vector, decoded together) and
// decodes them in registers; the kernel has M rows (here 2: 4
// accumulators). Groups of panels are the parallel tiles (here all 3
// panels: up to 2 KiB of each row of B a tile); k is blocked outside
// the panels (8 rows of B read across the group's panels, so that each row
// is read in order), the chunk sums kept in a [rows, columns] tensor.

// AVX512-LABEL: func.func @small_m(
// AVX512-NOT:     tensor<{{.*}}x64x32xf32>
// AVX512:         scf.forall ({{.*}}) = (0, 0) to (2, 96) step (2, 96)
// AVX512:           scf.for {{.*}} step %c2 iter_args({{.*}}) -> (tensor<2x96xf32>)
// AVX512:             scf.for {{.*}} iter_args({{.*}}) -> (tensor<2x96xf32>)
// AVX512:               scf.for {{.*}} step %c8 iter_args({{.*}}) -> (tensor<2x96xf32>)
// AVX512:                 scf.for {{.*}} to %c3 step %c1 iter_args({{.*}}) -> (tensor<2x96xf32>)
// AVX512:                   scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// AVX512:                     vector.transfer_read %{{.+}} : tensor<64x96xf8E5M2>, vector<32xf8E5M2>
// AVX512:                     arith.bitcast %{{.+}} : vector<32xf8E5M2> to vector<32xi8>
// AVX512-COUNT-4:             vector.fma {{.*}} : vector<16xf32>
// AVX512:                     scf.yield
func.func @small_m(%a: tensor<2x64xf8E4M3FN>, %b: tensor<64x96xf8E5M2>, %sa: tensor<2x1xf32>, %sb: tensor<1x96xf32>, %c: tensor<2x96xf32>) -> tensor<2x96xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c : tensor<2x64xf8E4M3FN>, tensor<64x96xf8E5M2>, tensor<2x1xf32>, tensor<1x96xf32> into tensor<2x96xf32>
  return %r : tensor<2x96xf32>
}

// -----

// GEMV with B in nk layout (torch's Linear weights): one 16 x 16 byte tile
// a step (16 columns: fewer concurrent row streams than two tiles), one
// load per row n, transposed by a byte shuffle into one vector of columns
// per k; 16 k steps per iteration, 1 FMA each.

// AVX512-LABEL: func.func @gemv_nk(
// AVX512:         scf.for {{.*}} step %c16
// AVX512-COUNT-16:  vector.transfer_read %{{.+}} : tensor<64x128xf8E4M3FN>, vector<16xf8E4M3FN>
// AVX512:           vector.shuffle {{.*}} : vector<256xf8E4M3FN>, vector<256xf8E4M3FN>
// AVX512-COUNT-16:  vector.fma {{.*}} : vector<16xf32>
// AVX512-NOT:       vector.fma
// AVX512:           scf.yield
func.func @gemv_nk(%a: tensor<1x128xf8E4M3FN>, %b: tensor<64x128xf8E4M3FN>, %s: tensor<f32>, %c: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {b_layout = #fp8.layout<nk>} : tensor<1x128xf8E4M3FN>, tensor<64x128xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<1x64xf32>
  return %r : tensor<1x64xf32>
}

// -----

// With chunked promotion (1x128 / 128x128 block scales, chunk 64): 6 rows,
// 12 accumulators, and the promotion total += acc * (scale_a * scale_b).

// AVX512-LABEL: func.func @blocks(
// AVX512-COUNT-12: vector.fma {{.*}} : vector<16xf32>
// AVX512:         scf.yield
// AVX512-COUNT-12: arith.addf {{.*}} : vector<16xf32>
func.func @blocks(%a: tensor<12x256xf8E4M3FN>, %b: tensor<128x256xf8E4M3FN>, %sa: tensor<12x2xf32>, %sb: tensor<1x2xf32>, %c: tensor<12x128xbf16>) -> tensor<12x128xbf16> {
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %c {b_layout = #fp8.layout<nk>, chunk = 64} : tensor<12x256xf8E4M3FN>, tensor<128x256xf8E4M3FN>, tensor<12x2xf32>, tensor<1x2xf32> into tensor<12x128xbf16>
  return %r : tensor<12x128xbf16>
}

// -----

// f16 accumulation: the same kernel on f16 vectors (A and B decoded to f16,
// exact), each chunk sum extended to f32 at promotion. avx512fp16 fills a
// zmm with 32 halves (vfmadd231ph). Elsewhere each step is an f32 FMA
// rounded to f16 (the reference's rounding): LLVM would legalize an f16 FMA
// as a product rounded to f16 and a sum (fp8-sweep found the difference).

// AVX512-LABEL: func.func @f16_accumulation(
// AVX512:         tensor.empty() : tensor<1x64x32xf16>
// AVX512-COUNT-12:  vector.fma {{.*}} : vector<16xf32>
// AVX512-NOT:       vector.fma {{.*}} : vector<16xf16>
// AVX512:           arith.truncf {{.*}} : vector<16xf32> to vector<16xf16>
// AVX512:           scf.yield
// AVX512-COUNT-12:  arith.extf {{.*}} : vector<16xf16> to vector<16xf32>
// FP16-LABEL: func.func @f16_accumulation(
// FP16:         tensor.empty() : tensor<1x64x64xf16>
// FP16-COUNT-12:  vector.fma {{.*}} : vector<32xf16>
// FP16:           arith.extf {{.*}} : vector<32xf16> to vector<32xf32>
func.func @f16_accumulation(%a: tensor<40x64xf8E4M3FN>, %b: tensor<64x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<40x32xf32>) -> tensor<40x32xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c {acc_type = f16, chunk = 32} : tensor<40x64xf8E4M3FN>, tensor<64x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<40x32xf32>
  return %r : tensor<40x32xf32>
}

// -----

// A few blocks of rows (here 2 of 6 on the generic target) still stream a
// kn B: each block decodes B's codes again in registers, which costs less
// than packing B as f32 (4x the bytes) and reading it back per block.

// GENERIC-LABEL: func.func @stream_row_blocks(
// GENERIC-NOT:     tensor<{{.*}}x64x16xf32>
// GENERIC:         scf.forall ({{.*}}) = (0, 0) to (12, 96) step (12, 96)
// GENERIC:           scf.for {{.*}} to %c12 step %c6 iter_args({{.*}}) -> (tensor<12x96xf32>)
// GENERIC:             vector.transfer_read %{{.+}} : tensor<64x96xf8E4M3FN>, vector<16xf8E4M3FN>
// GENERIC:             arith.cmpi eq
// GENERIC-COUNT-12:    vector.fma {{.*}} : vector<8xf32>
func.func @stream_row_blocks(%a: tensor<12x64xf8E4M3FN>, %b: tensor<64x96xf8E4M3FN>, %s: tensor<f32>, %c: tensor<12x96xf32>) -> tensor<12x96xf32> {
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<12x64xf8E4M3FN>, tensor<64x96xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<12x96xf32>
  return %r : tensor<12x96xf32>
}

// -----

// Constant B (quantized weights) is laid out in panels at compile time
// ([panels, K, panel]: each panel one run in memory). Without NaN or
// infinity codes, its codes become f32 bits directly, no conversion. Four
// vectors of columns or more (M = 2: 4 x 8 columns) read four codes to a
// 32-bit lane and take each code's sign and magnitude by arithmetic shifts
// of 16-bit halves and a mask (the layout puts code 4 i + j in lane i of
// vector j); two vectors (M = 4) shift and mask 16-bit halves and
// interleave them with zero halves (x86's unpack order, matched by the
// layout). A is decoded times 2^64 (through its f16 embedding, which
// divides by 2^8: one multiply by 2^72), and each chunk sum is multiplied
// by 2^56 (E4M3: 2^(127 - 7 - 64)) before its promotion. One NaN code keeps
// the f16 decode and its NaN fix-up.

// GENERIC-LABEL: func.func @constant_b_without_nan(
// GENERIC-DAG:     %[[SUM_FACTOR:.+]] = arith.constant dense<7.2057594E+16> : vector<8xf32>
// GENERIC-DAG:     %[[PANELS:.+]] = arith.constant dense<1.500000e+00> : tensor<1x32x32xf8E4M3FN>
// GENERIC-DAG:     %[[FOUR:.+]] = arith.constant dense<4> : vector<16xi16>
// GENERIC-DAG:     %[[EIGHT:.+]] = arith.constant dense<8> : vector<16xi16>
// GENERIC-DAG:     %[[SIXTEEN:.+]] = arith.constant dense<16> : vector<8xi32>
// GENERIC-DAG:     %[[TOP_MASK:.+]] = arith.constant dense<-2014314496> : vector<8xi32>
// GENERIC:         %[[A_FACTOR:.+]] = arith.constant dense<4.72236648E+21> : vector<8xf32>
// GENERIC:         arith.mulf %{{.+}}, %[[A_FACTOR]] : vector<8xf32>
// GENERIC:         %[[CODES:.+]] = vector.transfer_read %[[PANELS]]{{.*}} : tensor<1x32x32xf8E4M3FN>, vector<32xf8E4M3FN>
// GENERIC-NEXT:    %[[BYTES:.+]] = arith.bitcast %[[CODES]]
// GENERIC-NEXT:    %[[HALVES:.+]] = vector.bitcast %[[BYTES]] : vector<32xi8> to vector<16xi16>
// GENERIC-NEXT:    %[[FROM_HIGH:.+]] = arith.shrsi %[[HALVES]], %[[FOUR]] : vector<16xi16>
// GENERIC-NEXT:    %[[LOW_UP:.+]] = arith.shli %[[HALVES]], %[[EIGHT]] : vector<16xi16>
// GENERIC-NEXT:    %[[FROM_LOW:.+]] = arith.shrsi %[[LOW_UP]], %[[FOUR]] : vector<16xi16>
// GENERIC-NEXT:    %[[HIGH:.+]] = vector.bitcast %[[FROM_HIGH]] : vector<16xi16> to vector<8xi32>
// GENERIC-NEXT:    %[[LOW:.+]] = vector.bitcast %[[FROM_LOW]] : vector<16xi16> to vector<8xi32>
// GENERIC-NEXT:    %[[BYTE0:.+]] = arith.shli %[[LOW]], %[[SIXTEEN]] : vector<8xi32>
// GENERIC-NEXT:    %[[BYTE0_BITS:.+]] = arith.andi %[[BYTE0]], %[[TOP_MASK]] : vector<8xi32>
// GENERIC-NEXT:    arith.bitcast %[[BYTE0_BITS]] : vector<8xi32> to vector<8xf32>
// GENERIC-NEXT:    %[[BYTE1:.+]] = arith.shli %[[HIGH]], %[[SIXTEEN]] : vector<8xi32>
// GENERIC-NEXT:    %[[BYTE1_BITS:.+]] = arith.andi %[[BYTE1]], %[[TOP_MASK]] : vector<8xi32>
// GENERIC-NEXT:    arith.bitcast %[[BYTE1_BITS]] : vector<8xi32> to vector<8xf32>
// GENERIC-NEXT:    %[[BYTE2_BITS:.+]] = arith.andi %[[LOW]], %[[TOP_MASK]] : vector<8xi32>
// GENERIC-NEXT:    arith.bitcast %[[BYTE2_BITS]] : vector<8xi32> to vector<8xf32>
// GENERIC-NEXT:    %[[BYTE3_BITS:.+]] = arith.andi %[[HIGH]], %[[TOP_MASK]] : vector<8xi32>
// GENERIC-NEXT:    arith.bitcast %[[BYTE3_BITS]] : vector<8xi32> to vector<8xf32>
// GENERIC-NOT:     arith.cmpi
// GENERIC-NOT:     vector.shuffle
// GENERIC:         vector.fma
// GENERIC:         arith.mulf %{{.+}}, %[[SUM_FACTOR]] : vector<8xf32>
func.func @constant_b_without_nan(%a: tensor<2x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<2x32xf32>) -> tensor<2x32xf32> {
  %b = arith.constant dense<1.5> : tensor<32x32xf8E4M3FN>
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<2x32xf8E4M3FN>, tensor<32x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<2x32xf32>
  return %r : tensor<2x32xf32>
}

// GENERIC-LABEL: func.func @constant_b_interleaved(
// GENERIC:         vector.transfer_read %{{.+}} : tensor<2x32x16xf8E4M3FN>, vector<16xf8E4M3FN>
// GENERIC-NEXT:    arith.bitcast
// GENERIC-NEXT:    arith.extsi
// GENERIC-NEXT:    arith.shli
// GENERIC-NEXT:    arith.andi
// GENERIC-NOT:     arith.cmpi
// GENERIC:         vector.shuffle %{{.+}}, %{{.+}} [0, 16, 0, 17, 0, 18, 0, 19, 0, 24, 0, 25, 0, 26, 0, 27] : vector<16xi16>, vector<16xi16>
// GENERIC-NEXT:    vector.bitcast %{{.+}} : vector<16xi16> to vector<8xf32>
// GENERIC-NEXT:    vector.shuffle %{{.+}}, %{{.+}} [0, 20, 0, 21, 0, 22, 0, 23, 0, 28, 0, 29, 0, 30, 0, 31] : vector<16xi16>, vector<16xi16>
// GENERIC:         vector.fma
func.func @constant_b_interleaved(%a: tensor<4x32xf8E4M3FN>, %s: tensor<f32>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %b = arith.constant dense<1.5> : tensor<32x32xf8E4M3FN>
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<4x32xf8E4M3FN>, tensor<32x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// GENERIC-LABEL: func.func @constant_b_with_nan(
// GENERIC:         vector.transfer_read %{{.+}} : tensor<1x2x32xf8E4M3FN>, vector<32xf8E4M3FN>
// GENERIC:         arith.cmpi eq, %{{.+}} : vector<32xi16>
// GENERIC:         arith.select
// GENERIC:         vector.fma
func.func @constant_b_with_nan(%a: tensor<2x2xf8E4M3FN>, %s: tensor<f32>, %c: tensor<2x32xf32>) -> tensor<2x32xf32> {
  %b = arith.constant dense<"0x7F383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838383838"> : tensor<2x32xf8E4M3FN>
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %c : tensor<2x2xf8E4M3FN>, tensor<2x32xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<2x32xf32>
  return %r : tensor<2x32xf32>
}
