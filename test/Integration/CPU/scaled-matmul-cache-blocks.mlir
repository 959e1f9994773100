// The FMA kernel's cache-blocked loop nest (k in blocks of 256 by up to 26
// register tiles of rows on the generic target, 512 by 4 on avx512; taken
// when a tile's rows of A over all of K outgrow L1): M = 203 (blocks of
// rows, the last partial), N = 70 (a partial panel). Each case is
// bit-identical to the numerics library. K = 3000 and 2944 are not
// multiples of a block (B packed whole):
//   1. one chunk (the sums cross blocks through a buffer), nonzero init;
//   2. chunk 1024, B as [N, K] with per-channel scales (chunks of blocks,
//      the last one partial: the sums restart at each chunk);
//   3. f16 accumulation, chunk 32 (chunks a block, the last partial);
//   4. 1x128 / 128x128 block scales with a bias, K = 2944.
// K = 2560 is: B is decoded one block of k at a time, just before the
// block's tiles (a kn B row by row, an nk B by the block's columns):
//   5. one chunk, nonzero init;
//   6. chunk 512, B as [N, K], per-channel scales;
//   7. chunk 128 (whole chunks a block) with 1x128 / 128x128 block scales;
//   8. f16 accumulation, chunk 64.
//
// RUN: fp8-opt %s --fp8-cpu-pipeline=target=generic | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: %if avx512 %{ fp8-opt %s --fp8-cpu-pipeline=target=avx512 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s %}

// CHECK-NOT: mismatch at
// CHECK: scaled_matmul e4m3 x e5m2 acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul e4m3 x e5m2 acc=f32 chunk=1024 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul e4m3 x e5m2 acc=f16 chunk=32 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul e4m3 x e5m2 acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul e4m3 x e5m2 acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul e4m3 x e5m2 acc=f32 chunk=512 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul e4m3 x e5m2 acc=f32 chunk=128 out=f32: 0 bit mismatches, 0 bound violations
// CHECK-NEXT: scaled_matmul e4m3 x e5m2 acc=f16 chunk=64 out=f32: 0 bit mismatches, 0 bound violations

func.func private @fp8_fill_codes(memref<*xf8E4M3FN>, i32, i64, f32) attributes {llvm.emit_c_interface}
func.func private @fp8_fill_codes_b(memref<*xf8E5M2>, i32, i64, f32) attributes {llvm.emit_c_interface}
func.func private @fp8_fill_scales(memref<*xf32>, i32, i64) attributes {llvm.emit_c_interface}
func.func private @fp8_check_scaled_matmul(tensor<*xf8E4M3FN> {bufferization.access = "read"}, tensor<*xf8E5M2> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, i32, i32, i32, i32, i32, i32, i64, i32) attributes {llvm.emit_c_interface}

func.func @codes_a(%seed: i64) -> tensor<203x3000xf8E4M3FN> {
  %m = memref.alloc() : memref<203x3000xf8E4M3FN>
  %u = memref.cast %m : memref<203x3000xf8E4M3FN> to memref<*xf8E4M3FN>
  %format = arith.constant 0 : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes(%u, %format, %seed, %limit) : (memref<*xf8E4M3FN>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<203x3000xf8E4M3FN> to tensor<203x3000xf8E4M3FN>
  return %t : tensor<203x3000xf8E4M3FN>
}

func.func @codes_b(%seed: i64) -> tensor<3000x70xf8E5M2> {
  %m = memref.alloc() : memref<3000x70xf8E5M2>
  %u = memref.cast %m : memref<3000x70xf8E5M2> to memref<*xf8E5M2>
  %format = arith.constant 1 : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes_b(%u, %format, %seed, %limit) : (memref<*xf8E5M2>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<3000x70xf8E5M2> to tensor<3000x70xf8E5M2>
  return %t : tensor<3000x70xf8E5M2>
}

func.func @codes_bt(%seed: i64) -> tensor<70x3000xf8E5M2> {
  %m = memref.alloc() : memref<70x3000xf8E5M2>
  %u = memref.cast %m : memref<70x3000xf8E5M2> to memref<*xf8E5M2>
  %format = arith.constant 1 : i32
  %limit = arith.constant 8.0 : f32
  call @fp8_fill_codes_b(%u, %format, %seed, %limit) : (memref<*xf8E5M2>, i32, i64, f32) -> ()
  %t = bufferization.to_tensor %m restrict : memref<70x3000xf8E5M2> to tensor<70x3000xf8E5M2>
  return %t : tensor<70x3000xf8E5M2>
}

// Positive values in [0.25, 4) for scales, init and bias.
func.func @values(%seed: i64) -> tensor<203x70xf32> {
  %m = memref.alloc() : memref<203x70xf32>
  %u = memref.cast %m : memref<203x70xf32> to memref<*xf32>
  %kind = arith.constant 0 : i32
  call @fp8_fill_scales(%u, %kind, %seed) : (memref<*xf32>, i32, i64) -> ()
  %t = bufferization.to_tensor %m restrict : memref<203x70xf32> to tensor<203x70xf32>
  return %t : tensor<203x70xf32>
}

func.func @main() {
  %fa = arith.constant 0 : i32
  %fb = arith.constant 1 : i32
  %f32 = arith.constant 0 : i32
  %f16 = arith.constant 1 : i32
  %kn = arith.constant 0 : i32
  %nk = arith.constant 1 : i32
  %c0 = arith.constant 0 : i64
  %c32 = arith.constant 32 : i64
  %c1024 = arith.constant 1024 : i64
  %s1 = arith.constant 21 : i64
  %s2 = arith.constant 22 : i64
  %s3 = arith.constant 23 : i64
  %s4 = arith.constant 24 : i64
  %s5 = arith.constant 25 : i64
  %a = call @codes_a(%s1) : (i64) -> tensor<203x3000xf8E4M3FN>
  %b = call @codes_b(%s2) : (i64) -> tensor<3000x70xf8E5M2>
  %bt = call @codes_bt(%s3) : (i64) -> tensor<70x3000xf8E5M2>
  %init = call @values(%s4) : (i64) -> tensor<203x70xf32>
  %values = call @values(%s5) : (i64) -> tensor<203x70xf32>
  %a_u = tensor.cast %a : tensor<203x3000xf8E4M3FN> to tensor<*xf8E4M3FN>
  %b_u = tensor.cast %b : tensor<3000x70xf8E5M2> to tensor<*xf8E5M2>
  %bt_u = tensor.cast %bt : tensor<70x3000xf8E5M2> to tensor<*xf8E5M2>
  %init_u = tensor.cast %init : tensor<203x70xf32> to tensor<*xf32>
  %zeros = arith.constant dense<0.0> : tensor<203x70xf32>
  %zeros_u = tensor.cast %zeros : tensor<203x70xf32> to tensor<*xf32>
  %no_bias = arith.constant dense<0.0> : tensor<0xf32>
  %no_bias_u = tensor.cast %no_bias : tensor<0xf32> to tensor<*xf32>
  %sa1 = arith.constant dense<0.75> : tensor<f32>
  %sb1 = arith.constant dense<3.0e-2> : tensor<f32>
  %sa1_u = tensor.cast %sa1 : tensor<f32> to tensor<*xf32>
  %sb1_u = tensor.cast %sb1 : tensor<f32> to tensor<*xf32>

  // 1. One chunk, per-tensor, nonzero init.
  %r1 = fp8.scaled_matmul %a, %b scales(%sa1, %sb1) into %init : tensor<203x3000xf8E4M3FN>, tensor<3000x70xf8E5M2>, tensor<f32>, tensor<f32> into tensor<203x70xf32>
  %r1_u = tensor.cast %r1 : tensor<203x70xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %b_u, %sa1_u, %sb1_u, %no_bias_u, %init_u, %r1_u, %fa, %fb, %f32, %f32, %kn, %f32, %c0, %f32) : (tensor<*xf8E4M3FN>, tensor<*xf8E5M2>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 2. Chunk 1024, per-channel scales, B as [N, K].
  %sa2 = tensor.extract_slice %values[0, 0] [203, 1] [1, 1] : tensor<203x70xf32> to tensor<203x1xf32>
  %sb2r = tensor.extract_slice %values[1, 0] [1, 70] [1, 1] : tensor<203x70xf32> to tensor<1x70xf32>
  %sb2v = tensor.collapse_shape %sb2r [[0, 1]] : tensor<1x70xf32> into tensor<70xf32>
  %sb2 = tensor.expand_shape %sb2v [[0, 1]] output_shape [70, 1] : tensor<70xf32> into tensor<70x1xf32>
  %sa2_u = tensor.cast %sa2 : tensor<203x1xf32> to tensor<*xf32>
  %sb2_u = tensor.cast %sb2 : tensor<70x1xf32> to tensor<*xf32>
  %r2 = fp8.scaled_matmul %a, %bt scales(%sa2, %sb2) into %zeros {b_layout = #fp8.layout<nk>, chunk = 1024} : tensor<203x3000xf8E4M3FN>, tensor<70x3000xf8E5M2>, tensor<203x1xf32>, tensor<70x1xf32> into tensor<203x70xf32>
  %r2_u = tensor.cast %r2 : tensor<203x70xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %bt_u, %sa2_u, %sb2_u, %no_bias_u, %zeros_u, %r2_u, %fa, %fb, %f32, %f32, %nk, %f32, %c1024, %f32) : (tensor<*xf8E4M3FN>, tensor<*xf8E5M2>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 3. f16 accumulation, chunk 32.
  %r3 = fp8.scaled_matmul %a, %b scales(%sa1, %sb1) into %zeros {acc_type = f16, chunk = 32} : tensor<203x3000xf8E4M3FN>, tensor<3000x70xf8E5M2>, tensor<f32>, tensor<f32> into tensor<203x70xf32>
  %r3_u = tensor.cast %r3 : tensor<203x70xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a_u, %b_u, %sa1_u, %sb1_u, %no_bias_u, %zeros_u, %r3_u, %fa, %fb, %f32, %f32, %kn, %f16, %c32, %f32) : (tensor<*xf8E4M3FN>, tensor<*xf8E5M2>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 4. 1x128 (A) and 128x128 (B) block scales, bias, K = 2944.
  %a4 = tensor.extract_slice %a[0, 0] [203, 2944] [1, 1] : tensor<203x3000xf8E4M3FN> to tensor<203x2944xf8E4M3FN>
  %b4 = tensor.extract_slice %b[0, 0] [2944, 70] [1, 1] : tensor<3000x70xf8E5M2> to tensor<2944x70xf8E5M2>
  %a4_u = tensor.cast %a4 : tensor<203x2944xf8E4M3FN> to tensor<*xf8E4M3FN>
  %b4_u = tensor.cast %b4 : tensor<2944x70xf8E5M2> to tensor<*xf8E5M2>
  %sa4 = tensor.extract_slice %values[0, 0] [203, 23] [1, 1] : tensor<203x70xf32> to tensor<203x23xf32>
  %sb4 = tensor.extract_slice %values[0, 20] [23, 1] [1, 1] : tensor<203x70xf32> to tensor<23x1xf32>
  %bias4r = tensor.extract_slice %values[2, 0] [1, 70] [1, 1] : tensor<203x70xf32> to tensor<1x70xf32>
  %bias4 = tensor.collapse_shape %bias4r [[0, 1]] : tensor<1x70xf32> into tensor<70xf32>
  %sa4_u = tensor.cast %sa4 : tensor<203x23xf32> to tensor<*xf32>
  %sb4_u = tensor.cast %sb4 : tensor<23x1xf32> to tensor<*xf32>
  %bias4_u = tensor.cast %bias4 : tensor<70xf32> to tensor<*xf32>
  %r4 = fp8.scaled_matmul %a4, %b4 scales(%sa4, %sb4) bias(%bias4 : tensor<70xf32>) into %zeros : tensor<203x2944xf8E4M3FN>, tensor<2944x70xf8E5M2>, tensor<203x23xf32>, tensor<23x1xf32> into tensor<203x70xf32>
  %r4_u = tensor.cast %r4 : tensor<203x70xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a4_u, %b4_u, %sa4_u, %sb4_u, %bias4_u, %zeros_u, %r4_u, %fa, %fb, %f32, %f32, %kn, %f32, %c0, %f32) : (tensor<*xf8E4M3FN>, tensor<*xf8E5M2>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()
  // K = 2560: B decoded per block of k.
  %c64 = arith.constant 64 : i64
  %c128 = arith.constant 128 : i64
  %c512 = arith.constant 512 : i64
  %a5 = tensor.extract_slice %a[0, 0] [203, 2560] [1, 1] : tensor<203x3000xf8E4M3FN> to tensor<203x2560xf8E4M3FN>
  %b5 = tensor.extract_slice %b[0, 0] [2560, 70] [1, 1] : tensor<3000x70xf8E5M2> to tensor<2560x70xf8E5M2>
  %bt5 = tensor.extract_slice %bt[0, 0] [70, 2560] [1, 1] : tensor<70x3000xf8E5M2> to tensor<70x2560xf8E5M2>
  %a5_u = tensor.cast %a5 : tensor<203x2560xf8E4M3FN> to tensor<*xf8E4M3FN>
  %b5_u = tensor.cast %b5 : tensor<2560x70xf8E5M2> to tensor<*xf8E5M2>
  %bt5_u = tensor.cast %bt5 : tensor<70x2560xf8E5M2> to tensor<*xf8E5M2>

  // 5. One chunk, per-tensor, nonzero init.
  %r5 = fp8.scaled_matmul %a5, %b5 scales(%sa1, %sb1) into %init : tensor<203x2560xf8E4M3FN>, tensor<2560x70xf8E5M2>, tensor<f32>, tensor<f32> into tensor<203x70xf32>
  %r5_u = tensor.cast %r5 : tensor<203x70xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a5_u, %b5_u, %sa1_u, %sb1_u, %no_bias_u, %init_u, %r5_u, %fa, %fb, %f32, %f32, %kn, %f32, %c0, %f32) : (tensor<*xf8E4M3FN>, tensor<*xf8E5M2>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 6. Chunk 512, per-channel scales, B as [N, K].
  %r6 = fp8.scaled_matmul %a5, %bt5 scales(%sa2, %sb2) into %zeros {b_layout = #fp8.layout<nk>, chunk = 512} : tensor<203x2560xf8E4M3FN>, tensor<70x2560xf8E5M2>, tensor<203x1xf32>, tensor<70x1xf32> into tensor<203x70xf32>
  %r6_u = tensor.cast %r6 : tensor<203x70xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a5_u, %bt5_u, %sa2_u, %sb2_u, %no_bias_u, %zeros_u, %r6_u, %fa, %fb, %f32, %f32, %nk, %f32, %c512, %f32) : (tensor<*xf8E4M3FN>, tensor<*xf8E5M2>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 7. Chunk 128 with 1x128 (A) and 128x128 (B) block scales.
  %sa7 = tensor.extract_slice %values[0, 0] [203, 20] [1, 1] : tensor<203x70xf32> to tensor<203x20xf32>
  %sb7 = tensor.extract_slice %values[0, 30] [20, 1] [1, 1] : tensor<203x70xf32> to tensor<20x1xf32>
  %sa7_u = tensor.cast %sa7 : tensor<203x20xf32> to tensor<*xf32>
  %sb7_u = tensor.cast %sb7 : tensor<20x1xf32> to tensor<*xf32>
  %r7 = fp8.scaled_matmul %a5, %b5 scales(%sa7, %sb7) into %zeros {chunk = 128} : tensor<203x2560xf8E4M3FN>, tensor<2560x70xf8E5M2>, tensor<203x20xf32>, tensor<20x1xf32> into tensor<203x70xf32>
  %r7_u = tensor.cast %r7 : tensor<203x70xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a5_u, %b5_u, %sa7_u, %sb7_u, %no_bias_u, %zeros_u, %r7_u, %fa, %fb, %f32, %f32, %kn, %f32, %c128, %f32) : (tensor<*xf8E4M3FN>, tensor<*xf8E5M2>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()

  // 8. f16 accumulation, chunk 64.
  %r8 = fp8.scaled_matmul %a5, %b5 scales(%sa1, %sb1) into %zeros {acc_type = f16, chunk = 64} : tensor<203x2560xf8E4M3FN>, tensor<2560x70xf8E5M2>, tensor<f32>, tensor<f32> into tensor<203x70xf32>
  %r8_u = tensor.cast %r8 : tensor<203x70xf32> to tensor<*xf32>
  call @fp8_check_scaled_matmul(%a5_u, %b5_u, %sa1_u, %sb1_u, %no_bias_u, %zeros_u, %r8_u, %fa, %fb, %f32, %f32, %kn, %f16, %c64, %f32) : (tensor<*xf8E4M3FN>, tensor<*xf8E5M2>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, i32, i32, i32, i32, i32, i32, i64, i32) -> ()
  return
}
