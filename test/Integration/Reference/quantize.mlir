// Bit-exact check of the reference lowering of fp8.quantize against the
// numerics library, for every format, rounding and saturation mode: 2^20 f32
// bit patterns (every sign, exponent and top 9 mantissa bits, which holds
// every rounding midpoint of every format, with the low bits 0, 1, all ones
// or pseudo-random), every f16 and every bf16 value, per-tensor and block
// scales. The template is instantiated per format with sed.
//
// RUN: sed -e 's/@TYPE@/f8E4M3FN/g' -e 's/@FORMAT@/0/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E5M2/g' -e 's/@FORMAT@/1/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E3M4/g' -e 's/@FORMAT@/2/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/!fp8.e3m4fn/g' -e 's/@FORMAT@/3/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E4M3FNUZ/g' -e 's/@FORMAT@/4/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E5M2FNUZ/g' -e 's/@FORMAT@/5/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E4M3/g' -e 's/@FORMAT@/6/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s
// RUN: sed -e 's/@TYPE@/f8E4M3B11FNUZ/g' -e 's/@FORMAT@/7/g' %s | fp8-opt --convert-fp8-to-linalg %reference-to-llvm | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s

// CHECK-NOT: mismatch at
// CHECK: quantize [[FMT:[a-z0-9]+]] nearest_even saturate=1: 0 mismatches in 1048576
// CHECK-NEXT: quantize [[FMT]] nearest_even saturate=0: 0 mismatches in 1048576
// CHECK-NEXT: quantize [[FMT]] toward_zero saturate=1: 0 mismatches in 1048576
// CHECK-NEXT: quantize [[FMT]] toward_zero saturate=0: 0 mismatches in 1048576
// CHECK-NEXT: quantize [[FMT]] stochastic saturate=1: 0 mismatches in 1048576
// CHECK-NEXT: quantize [[FMT]] stochastic saturate=0: 0 mismatches in 1048576
// CHECK-NEXT: quantize [[FMT]] nearest_even saturate=1: 0 mismatches in 1048576
// CHECK-NEXT: quantize [[FMT]] stochastic saturate=1: 0 mismatches in 1048576
// CHECK-NEXT: quantize [[FMT]] nearest_even saturate=1: 0 mismatches in 65536
// CHECK-NEXT: quantize [[FMT]] nearest_even saturate=0: 0 mismatches in 65536

#id = affine_map<(d0, d1) -> (d0, d1)>

func.func private @fp8_check_quantize(tensor<*xf32> {bufferization.access = "read"}, tensor<*xf32> {bufferization.access = "read"}, tensor<*x@TYPE@> {bufferization.access = "read"}, i32, i32, i32, i64) attributes {llvm.emit_c_interface}

func.func @check(%x: tensor<1024x1024xf32>, %s: tensor<*xf32>, %q: tensor<1024x1024x@TYPE@>, %rounding: i32, %saturate: i32, %seed: i64) {
  %xu = tensor.cast %x : tensor<1024x1024xf32> to tensor<*xf32>
  %qu = tensor.cast %q : tensor<1024x1024x@TYPE@> to tensor<*x@TYPE@>
  %format = arith.constant @FORMAT@ : i32
  call @fp8_check_quantize(%xu, %s, %qu, %format, %rounding, %saturate, %seed) : (tensor<*xf32>, tensor<*xf32>, tensor<*x@TYPE@>, i32, i32, i32, i64) -> ()
  return
}

// f32 patterns: bits 31..14 from the element index, bits 13..0 chosen by the
// low two index bits.
func.func @f32_patterns() -> tensor<1024x1024xf32> {
  %e = tensor.empty() : tensor<1024x1024xf32>
  %x = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<1024x1024xf32>) {
  ^bb0(%out: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %c1024 = arith.constant 1024 : index
    %row = arith.muli %i0, %c1024 : index
    %index = arith.addi %row, %i1 : index
    %i = arith.index_cast %index : index to i32
    %c2 = arith.constant 2 : i32
    %c3 = arith.constant 3 : i32
    %c12 = arith.constant 12 : i32
    %c14 = arith.constant 14 : i32
    %top = arith.shrui %i, %c2 : i32
    %high = arith.shli %top, %c14 : i32
    %golden = arith.constant -1640531535 : i32
    %hash = arith.muli %i, %golden : i32
    %random = arith.shrui %hash, %c12 : i32
    %mask = arith.constant 16383 : i32
    %random14 = arith.andi %random, %mask : i32
    %selector = arith.andi %i, %c3 : i32
    %zero = arith.constant 0 : i32
    %one = arith.constant 1 : i32
    %is0 = arith.cmpi eq, %selector, %zero : i32
    %is1 = arith.cmpi eq, %selector, %one : i32
    %is2 = arith.cmpi eq, %selector, %c2 : i32
    %low2 = arith.select %is2, %mask, %random14 : i32
    %low1 = arith.select %is1, %one, %low2 : i32
    %low = arith.select %is0, %zero, %low1 : i32
    %bits = arith.ori %high, %low : i32
    %value = arith.bitcast %bits : i32 to f32
    linalg.yield %value : f32
  } -> tensor<1024x1024xf32>
  return %x : tensor<1024x1024xf32>
}

// Every 16-bit pattern, as f16 or bf16, widened to f32 for the check.
func.func @f16_patterns() -> (tensor<256x256xf16>, tensor<256x256xbf16>) {
  %e = tensor.empty() : tensor<256x256xf16>
  %eb = tensor.empty() : tensor<256x256xbf16>
  %x:2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} outs(%e, %eb : tensor<256x256xf16>, tensor<256x256xbf16>) {
  ^bb0(%out: f16, %outb: bf16):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %c256 = arith.constant 256 : index
    %row = arith.muli %i0, %c256 : index
    %index = arith.addi %row, %i1 : index
    %i = arith.index_cast %index : index to i16
    %h = arith.bitcast %i : i16 to f16
    %b = arith.bitcast %i : i16 to bf16
    linalg.yield %h, %b : f16, bf16
  } -> (tensor<256x256xf16>, tensor<256x256xbf16>)
  return %x#0, %x#1 : tensor<256x256xf16>, tensor<256x256xbf16>
}

func.func @main() {
  %x = call @f32_patterns() : () -> tensor<1024x1024xf32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %one_u = tensor.cast %one : tensor<f32> to tensor<*xf32>
  %e = tensor.empty() : tensor<1024x1024x@TYPE@>
  %seed = arith.constant 1234 : i64
  %no_seed = arith.constant 0 : i64
  %ne = arith.constant 0 : i32
  %sr = arith.constant 1 : i32
  %tz = arith.constant 2 : i32
  %sat = arith.constant 1 : i32
  %nosat = arith.constant 0 : i32

  %q0 = fp8.quantize %x, %one into %e : tensor<1024x1024xf32>, tensor<f32> into tensor<1024x1024x@TYPE@>
  call @check(%x, %one_u, %q0, %ne, %sat, %no_seed) : (tensor<1024x1024xf32>, tensor<*xf32>, tensor<1024x1024x@TYPE@>, i32, i32, i64) -> ()
  %q1 = fp8.quantize %x, %one into %e {saturate = false} : tensor<1024x1024xf32>, tensor<f32> into tensor<1024x1024x@TYPE@>
  call @check(%x, %one_u, %q1, %ne, %nosat, %no_seed) : (tensor<1024x1024xf32>, tensor<*xf32>, tensor<1024x1024x@TYPE@>, i32, i32, i64) -> ()
  %q2 = fp8.quantize %x, %one into %e {rounding = #fp8.rounding<toward_zero>} : tensor<1024x1024xf32>, tensor<f32> into tensor<1024x1024x@TYPE@>
  call @check(%x, %one_u, %q2, %tz, %sat, %no_seed) : (tensor<1024x1024xf32>, tensor<*xf32>, tensor<1024x1024x@TYPE@>, i32, i32, i64) -> ()
  %q3 = fp8.quantize %x, %one into %e {rounding = #fp8.rounding<toward_zero>, saturate = false} : tensor<1024x1024xf32>, tensor<f32> into tensor<1024x1024x@TYPE@>
  call @check(%x, %one_u, %q3, %tz, %nosat, %no_seed) : (tensor<1024x1024xf32>, tensor<*xf32>, tensor<1024x1024x@TYPE@>, i32, i32, i64) -> ()
  %q4 = fp8.quantize %x, %one into %e {rounding = #fp8.rounding<stochastic>, seed = 1234} : tensor<1024x1024xf32>, tensor<f32> into tensor<1024x1024x@TYPE@>
  call @check(%x, %one_u, %q4, %sr, %sat, %seed) : (tensor<1024x1024xf32>, tensor<*xf32>, tensor<1024x1024x@TYPE@>, i32, i32, i64) -> ()
  %q5 = fp8.quantize %x, %one seed(%seed : i64) into %e {rounding = #fp8.rounding<stochastic>, saturate = false} : tensor<1024x1024xf32>, tensor<f32> into tensor<1024x1024x@TYPE@>
  call @check(%x, %one_u, %q5, %sr, %nosat, %seed) : (tensor<1024x1024xf32>, tensor<*xf32>, tensor<1024x1024x@TYPE@>, i32, i32, i64) -> ()

  // Block scales: blocks of 128 x 256 (an 8x4 scale grid).
  %blocks = arith.constant dense<[[1.0, 0.1, 3.75, 1.0e-3], [250.0, 0.5, 7.0, 1.5e-5],
                                  [2.0, 0.3, 1.0e3, 0.0625], [1.0e-7, 6.5e4, 0.75, 3.0],
                                  [0.2, 0.4, 0.6, 0.8], [1.25, 2.5, 5.0, 10.0],
                                  [1.0e10, 1.0e-10, 0.999, 1.001], [3.14159, 2.71828, 1.41421, 0.57721]]> : tensor<8x4xf32>
  %blocks_u = tensor.cast %blocks : tensor<8x4xf32> to tensor<*xf32>
  %q6 = fp8.quantize %x, %blocks into %e : tensor<1024x1024xf32>, tensor<8x4xf32> into tensor<1024x1024x@TYPE@>
  call @check(%x, %blocks_u, %q6, %ne, %sat, %no_seed) : (tensor<1024x1024xf32>, tensor<*xf32>, tensor<1024x1024x@TYPE@>, i32, i32, i64) -> ()
  %q7 = fp8.quantize %x, %blocks into %e {rounding = #fp8.rounding<stochastic>, seed = 1234} : tensor<1024x1024xf32>, tensor<8x4xf32> into tensor<1024x1024x@TYPE@>
  call @check(%x, %blocks_u, %q7, %sr, %sat, %seed) : (tensor<1024x1024xf32>, tensor<*xf32>, tensor<1024x1024x@TYPE@>, i32, i32, i64) -> ()

  // Every f16 and every bf16 value (65536 each, placed in the top-left
  // 256x256 corner; the checker sees them as the first 65536 elements of a
  // 256x256 tensor).
  %h:2 = call @f16_patterns() : () -> (tensor<256x256xf16>, tensor<256x256xbf16>)
  %eh = tensor.empty() : tensor<256x256x@TYPE@>
  %qh = fp8.quantize %h#0, %one into %eh : tensor<256x256xf16>, tensor<f32> into tensor<256x256x@TYPE@>
  %qb = fp8.quantize %h#1, %one into %eh {saturate = false} : tensor<256x256xbf16>, tensor<f32> into tensor<256x256x@TYPE@>
  %ef = tensor.empty() : tensor<256x256xf32>
  %w:2 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%h#0, %h#1 : tensor<256x256xf16>, tensor<256x256xbf16>) outs(%ef, %ef : tensor<256x256xf32>, tensor<256x256xf32>) {
  ^bb0(%hv: f16, %bv: bf16, %o: f32, %ob: f32):
    %hw = arith.extf %hv : f16 to f32
    %bw = arith.extf %bv : bf16 to f32
    linalg.yield %hw, %bw : f32, f32
  } -> (tensor<256x256xf32>, tensor<256x256xf32>)
  %fmt = arith.constant @FORMAT@ : i32
  %wh = tensor.cast %w#0 : tensor<256x256xf32> to tensor<*xf32>
  %wb = tensor.cast %w#1 : tensor<256x256xf32> to tensor<*xf32>
  %qhu = tensor.cast %qh : tensor<256x256x@TYPE@> to tensor<*x@TYPE@>
  %qbu = tensor.cast %qb : tensor<256x256x@TYPE@> to tensor<*x@TYPE@>
  call @fp8_check_quantize(%wh, %one_u, %qhu, %fmt, %ne, %sat, %no_seed) : (tensor<*xf32>, tensor<*xf32>, tensor<*x@TYPE@>, i32, i32, i32, i64) -> ()
  call @fp8_check_quantize(%wb, %one_u, %qbu, %fmt, %ne, %nosat, %no_seed) : (tensor<*xf32>, tensor<*xf32>, tensor<*x@TYPE@>, i32, i32, i32, i64) -> ()
  return
}
