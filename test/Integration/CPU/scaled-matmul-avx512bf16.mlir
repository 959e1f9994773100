// The scaled matmuls of ../Reference/scaled-matmul.mlir and
// Inputs/scaled-matmul-blocks.mlir on the code that fp8-cpu-pipeline
// generates for target=avx512bf16: with f32 accumulation and more rows than
// one register block, VDPBF16PS on bf16 pairs of k (convert-fp8-to-vector).
// The pairs change the summation order, so bits may differ from the
// reference; the error bound of docs/Spec.md must hold. Every other case
// (f16/bf16 accumulation, few rows, odd chunks, batches) is bit-identical.
// ../CPU/scaled-matmul-amx.mlir checks the AMX kernel with these lines.
//
// REQUIRES: avx512bf16
//
// RUN: sed -e 's/@TA@/f8E4M3FN/g' -e 's/@FA@/0/g' -e 's/@TB@/f8E5M2/g' -e 's/@FB@/1/g' %S/../Reference/scaled-matmul.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512bf16 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s --check-prefix=REF
// RUN: sed -e 's/@TA@/!fp8.e3m4fn/g' -e 's/@FA@/3/g' -e 's/@TB@/f8E4M3FN/g' -e 's/@FB@/0/g' %S/../Reference/scaled-matmul.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512bf16 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s --check-prefix=REF
// RUN: sed -e 's/@TA@/f8E4M3FNUZ/g' -e 's/@FA@/4/g' -e 's/@TB@/f8E5M2FNUZ/g' -e 's/@FB@/5/g' %S/Inputs/scaled-matmul-blocks.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512bf16 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s --check-prefix=BLOCKS
// RUN: sed -e 's/@TA@/f8E3M4/g' -e 's/@FA@/2/g' -e 's/@TB@/f8E4M3B11FNUZ/g' -e 's/@FB@/7/g' %S/Inputs/scaled-matmul-blocks.mlir | fp8-opt --fp8-cpu-pipeline=target=avx512bf16 | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime | FileCheck %s --check-prefix=BLOCKS

// Cases 1 and 6 (16 rows, f32 accumulation) take the new kernel.
// REF: scaled_matmul [[A:[a-z0-9]+]] x [[B:[a-z0-9]+]] acc=f32 chunk=0 out=f32: {{[0-9]+}} bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f16 chunk=64 out=f32: 0 bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=bf16 chunk=32 out=bf16: 0 bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f16 chunk=0 out=f16: 0 bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f16 chunk=64 out=f32: 0 bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f16 chunk=64 out=f32: 0 bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f32 chunk=0 out=f32: {{[0-9]+}} bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f32 chunk=128 out=f32: 0 bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f32 chunk=128 out=f32: 0 bit mismatches, 0 bound violations
// REF: scaled_matmul [[A]] x [[B]] acc=f32 chunk=0 out=f32: 0 bit mismatches, 0 bound violations
// REF-NOT: scaled_matmul

// BLOCKS: scaled_matmul [[A:[a-z0-9]+]] x [[B:[a-z0-9]+]] acc=f32 chunk=0 out=f32: {{[0-9]+}} bit mismatches, 0 bound violations
// BLOCKS: scaled_matmul [[A]] x [[B]] acc=f32 chunk=64 out=f32: {{[0-9]+}} bit mismatches, 0 bound violations
// BLOCKS: scaled_matmul [[A]] x [[B]] acc=f32 chunk=0 out=bf16: {{[0-9]+}} bit mismatches, 0 bound violations
// BLOCKS: scaled_matmul [[A]] x [[B]] acc=f32 chunk=0 out=f16: {{[0-9]+}} bit mismatches, 0 bound violations
// BLOCKS: scaled_matmul [[A]] x [[B]] acc=f32 chunk=25 out=f32: 0 bit mismatches, 0 bound violations
// BLOCKS: scaled_matmul [[A]] x [[B]] acc=f32 chunk=128 out=f32: {{[0-9]+}} bit mismatches, 0 bound violations
// BLOCKS-NOT: scaled_matmul
