// The checks of ../Reference/quantize.mlir (results bit-identical to the numerics
// library, and for scaled_matmul within the error bound of docs/Spec.md) on
// the vectorized code that fp8-cpu-pipeline generates for target=avx512
// (convert-fp8-to-vector).
//
// REQUIRES: avx512
//
// RUN: sed -e 's/@TYPE@/f8E4M3FN/g' -e 's/@FORMAT@/0/g' %S/../Reference/quantize.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %S/../Reference/quantize.mlir
// RUN: sed -e 's/@TYPE@/f8E5M2/g' -e 's/@FORMAT@/1/g' %S/../Reference/quantize.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %S/../Reference/quantize.mlir
// RUN: sed -e 's/@TYPE@/!fp8.e3m4fn/g' -e 's/@FORMAT@/3/g' %S/../Reference/quantize.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %S/../Reference/quantize.mlir
// RUN: sed -e 's/@TYPE@/f8E4M3FNUZ/g' -e 's/@FORMAT@/4/g' %S/../Reference/quantize.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %S/../Reference/quantize.mlir
