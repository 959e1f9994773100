// fp8-pipeline-error: the pass a pipeline adds to report a bad option fails
// with its message at the root op's location, once, exit code != 0.
//
// RUN: not fp8-opt %s --fp8-pipeline-error="message='this option is wrong'" -o %t 2>&1 | FileCheck %s
// CHECK: pipeline-error.mlir:{{[0-9]+}}:{{[0-9]+}}: error: this option is wrong
// CHECK-NOT: error
// RUN: not ls %t

module {
}
