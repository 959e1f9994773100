// The quickstart under mlir-runner with the kernels on OpenMP threads
// (fp8-cpu-pipeline threads=2, or 0: the runtime's default), which then
// needs libomp among the shared libraries: the same printout as one thread.
//
// REQUIRES: openmp
// RUN: fp8-opt %S/../../../examples/quickstart/matmul.mlir --fp8-cpu-pipeline=target=generic | mlir-runner -e main -entry-point-result=void %mlir-runner-libs > %t.one
// RUN: fp8-opt %S/../../../examples/quickstart/matmul.mlir --fp8-cpu-pipeline="target=generic threads=2" | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%openmp-runtime > %t.two
// RUN: fp8-opt %S/../../../examples/quickstart/matmul.mlir --fp8-cpu-pipeline="target=generic threads=0" | mlir-runner -e main -entry-point-result=void %mlir-runner-libs,%openmp-runtime > %t.all
// RUN: grep -v base@ %t.one > %t.one.values && grep -v base@ %t.two > %t.two.values && grep -v base@ %t.all > %t.all.values
// RUN: diff %t.one.values %t.two.values && diff %t.one.values %t.all.values
// RUN: FileCheck %s < %t.two
// CHECK: the same with E4M3 operands (fp8.scaled_matmul):
