// The checks of ../Reference/scaled-matmul.mlir (results bit-identical to the numerics
// library, and for scaled_matmul within the error bound of docs/Spec.md) on
// the vectorized code that fp8-cpu-pipeline generates for target=avx512fp16
// (f16 accumulation on 32 halves a vector: vfmadd231ph)
// (convert-fp8-to-vector).
//
// REQUIRES: avx512fp16
//
// RUN: sed -e 's/@TA@/f8E4M3FN/g' -e 's/@FA@/0/g' -e 's/@TB@/f8E5M2/g' -e 's/@FB@/1/g' %S/../Reference/scaled-matmul.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512fp16 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %S/../Reference/scaled-matmul.mlir
// RUN: sed -e 's/@TA@/!fp8.e3m4fn/g' -e 's/@FA@/3/g' -e 's/@TB@/f8E4M3FN/g' -e 's/@FB@/0/g' %S/../Reference/scaled-matmul.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512fp16 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %S/../Reference/scaled-matmul.mlir
// RUN: sed -e 's/@TA@/f8E4M3FNUZ/g' -e 's/@FA@/4/g' -e 's/@TB@/f8E5M2FNUZ/g' -e 's/@FB@/5/g' %S/../Reference/scaled-matmul.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512fp16 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %S/../Reference/scaled-matmul.mlir
