// The quickstart example through fp8-cpu-pipeline and mlir-runner: the FP8
// matmul (per-token E4M3 activations, per-channel E4M3 weights) stays within
// 5% of max |Y| of the f32 result (3 mantissa bits: relative rounding error
// 2^-4 per operand; the measured value is about 0.039).
//
// RUN: fp8-opt %S/../../../examples/quickstart/matmul.mlir --fp8-cpu-pipeline | mlir-runner -e main -entry-point-result=void %mlir-runner-libs | FileCheck %s
// RUN: fp8-opt %S/../../../examples/quickstart/matmul.mlir --fp8-cpu-pipeline=target=generic | mlir-runner -e main -entry-point-result=void %mlir-runner-libs | FileCheck %s
// RUN: not fp8-opt %S/../../../examples/quickstart/matmul.mlir --fp8-cpu-pipeline=target=avx9 -o /dev/null 2>&1 | FileCheck %s --check-prefix=ERR

// CHECK: Y = X W in f32
// CHECK: the same with E4M3 operands
// CHECK: max |Y8 - Y32| / max |Y32| = 0.0{{[0-4][0-9]*}}
// ERR: error: fp8-cpu-pipeline: unknown target 'avx9'; expected host, generic, avx512, avx512fp16, avx512bf16 or amx
