// The cases of scaled-matmul-avx512bf16.mlir (and its check lines) on the
// code that fp8-cpu-pipeline generates for target=amx: f32 accumulation
// with more rows than one register block on bf16 AMX tiles (TDPBF16PS),
// within the error bound of docs/Spec.md. The module first asks Linux for
// the AMX tile state (fp8_request_amx_permission, libfp8_runtime.so), as
// fp8-run does for target=amx.
//
// Not yet run on AMX hardware: until it has passed on one, it runs only when
// asked for, `lit -D fp8_amx_execution=1 build/test/Integration/CPU` on a
// machine with AMX (docs/Performance.md), so that an AMX machine running the
// suite does not fail on code nobody has executed yet.
//
// REQUIRES: amx, amx-execution
//
// RUN: sed -e 's/@TA@/f8E4M3FN/g' -e 's/@FA@/0/g' -e 's/@TB@/f8E5M2/g' -e 's/@FB@/1/g' -e 's/^func.func @main() {$/func.func private @fp8_request_amx_permission() -> i32\nfunc.func @main() {\n  %amx_refused = call @fp8_request_amx_permission() : () -> i32/' %S/../Reference/scaled-matmul.mlir | fp8-opt --fp8-cpu-pipeline=target=amx | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime,%fp8_runtime | FileCheck %S/scaled-matmul-avx512bf16.mlir --check-prefix=REF
// RUN: sed -e 's/@TA@/f8E4M3FNUZ/g' -e 's/@FA@/4/g' -e 's/@TB@/f8E5M2FNUZ/g' -e 's/@FB@/5/g' -e 's/^func.func @main() {$/func.func private @fp8_request_amx_permission() -> i32\nfunc.func @main() {\n  %amx_refused = call @fp8_request_amx_permission() : () -> i32/' %S/Inputs/scaled-matmul-blocks.mlir | fp8-opt --fp8-cpu-pipeline=target=amx | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime,%fp8_runtime | FileCheck %S/scaled-matmul-avx512bf16.mlir --check-prefix=BLOCKS
// RUN: sed -e 's/@TA@/f8E3M4/g' -e 's/@FA@/2/g' -e 's/@TB@/f8E4M3B11FNUZ/g' -e 's/@FB@/7/g' -e 's/^func.func @main() {$/func.func private @fp8_request_amx_permission() -> i32\nfunc.func @main() {\n  %amx_refused = call @fp8_request_amx_permission() : () -> i32/' %S/Inputs/scaled-matmul-blocks.mlir | fp8-opt --fp8-cpu-pipeline=target=amx | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%fp8_test_runtime,%fp8_runtime | FileCheck %S/scaled-matmul-avx512bf16.mlir --check-prefix=BLOCKS
