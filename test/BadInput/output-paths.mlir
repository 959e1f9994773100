// Output paths that cannot be written: one error naming the path, exit code
// 1, and no partial or temporary file left behind. (test/Tools/fp8-run/
// errors.mlir has a result whose name is taken by a directory.)
//
// RUN: rm -rf %t && mkdir -p %t/dir && touch %t/file
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.arange(6, dtype=np.float32).reshape(2, 3))"

// fp8-opt -o into a directory that does not exist, or onto a directory.
// RUN: not fp8-opt %s -o %t/missing/out.mlir 2>&1 | FileCheck %s --check-prefix=OPT-MISSING
// OPT-MISSING: cannot open output file '{{.*}}missing{{/|\\}}out.mlir': No such file or directory
// RUN: not fp8-opt %s -o %t/dir 2>&1 | FileCheck %s --check-prefix=OPT-DIR
// OPT-DIR: cannot open output file '{{.*}}dir': Is a directory
// RUN: not fp8-opt %s -o %t/file/out.mlir 2>&1 | FileCheck %s --check-prefix=OPT-FILE
// OPT-FILE: cannot open output file '{{.*}}file{{/|\\}}out.mlir': Not a directory
// RUN: not ls %t/missing
// RUN: ls %t/dir | count 0

// fp8-run --output-dir that is a file, or below a file: caught before
// compiling, nothing written.
// RUN: not fp8-run %s --entry two --input %t/a.npy --output-dir %t/file 2>&1 | FileCheck %s --check-prefix=RUN-FILE
// RUN-FILE: fp8-run: error: --output-dir {{.*}}file: exists and is not a directory
// RUN: not fp8-run %s --entry two --input %t/a.npy --output-dir %t/file/sub 2>&1 | FileCheck %s --check-prefix=RUN-BELOW-FILE
// RUN-BELOW-FILE: fp8-run: error: --output-dir {{.*}}file{{/|\\}}sub: cannot create: Not a directory
// RUN: not fp8-run %s --entry two --input %t/a.npy --output-dir %t/file 2>&1 | count 1
// RUN: test ! -s %t/file

// Results are written all or none: when the second cannot be written (its
// name is taken by a directory), the first is removed again.
// RUN: mkdir -p %t/taken/two_result1.npy
// RUN: not fp8-run %s --entry two --input %t/a.npy --output-dir %t/taken 2>&1 | FileCheck %s --check-prefix=SECOND
// SECOND: fp8-run: error: {{.*}}two_result1.npy: cannot write: Is a directory
// RUN: ls %t/taken | count 1

// fp8-run --calibrate and --merge into a missing directory, onto a
// directory, below a file.
// RUN: not fp8-run %s --entry two --input %t/a.npy --calibrate %t/missing/table.json 2>&1 | FileCheck %s --check-prefix=CAL-MISSING
// CAL-MISSING: fp8-run: error: {{.*}}missing{{/|\\}}table.json: cannot write calibration table: No such file or directory
// RUN: not fp8-run %s --entry two --input %t/a.npy --calibrate %t/dir 2>&1 | FileCheck %s --check-prefix=CAL-DIR
// CAL-DIR: fp8-run: error: {{.*}}dir: cannot write calibration table: Is a directory
// RUN: fp8-run %s --entry two --input %t/a.npy --calibrate %t/table.json 2>&1
// RUN: not fp8-run --merge %t/missing/merged.json %t/table.json 2>&1 | FileCheck %s --check-prefix=MERGE-MISSING
// MERGE-MISSING: fp8-run: error: {{.*}}missing{{/|\\}}merged.json: cannot write calibration table: No such file or directory
// RUN: not fp8-run --merge %t/dir %t/table.json 2>&1 | FileCheck %s --check-prefix=MERGE-DIR
// MERGE-DIR: fp8-run: error: {{.*}}dir: cannot write calibration table: Is a directory
// RUN: not fp8-run --merge %t/file/merged.json %t/table.json 2>&1 | FileCheck %s --check-prefix=MERGE-FILE
// MERGE-FILE: fp8-run: error: {{.*}}file{{/|\\}}merged.json: cannot write calibration table: Not a directory

// Nothing left behind: no temporary files next to the targets.
// RUN: not ls %t/missing
// RUN: ls %t/dir | count 0
// RUN: ls %t | not grep -e tmp -e temp

func.func @two(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %xo = fp8.observe %x {id = "x"} : tensor<2x3xf32>
  %init = tensor.empty() : tensor<2x3xf32>
  %r = linalg.add ins(%xo, %xo : tensor<2x3xf32>, tensor<2x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %xo, %r : tensor<2x3xf32>, tensor<2x3xf32>
}
