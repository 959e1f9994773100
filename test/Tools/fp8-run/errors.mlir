// Every error is one line "fp8-run: error: ..." that names the file or
// option, the exit code is 1 (not a crash: `not` fails on signals), and no
// result file is left behind.
//
// RUN: rm -rf %t && mkdir -p %t/samples_a %t/samples_b
// RUN: %python -c "import numpy as np; a = np.arange(6, dtype=np.float32).reshape(2, 3); np.save('%t/a.npy', a); np.save('%t/f64.npy', a.astype(np.float64)); np.save('%t/rank1.npy', a.ravel()); np.save('%t/shape.npy', a.reshape(3, 2)); np.save('%t/fortran.npy', np.asfortranarray(a)); np.save('%t/complex.npy', a.astype(np.complex64)); data = open('%t/a.npy', 'rb').read(); open('%t/truncated.npy', 'wb').write(data[:-4]); open('%t/header.npy', 'wb').write(data[:40]); open('%t/magic.npy', 'wb').write(b'PK' + data[2:]); [np.save(d + '/' + str(i) + '.npy', a) for d, n in (('%t/samples_a', 3), ('%t/samples_b', 2)) for i in range(n)]"

// RUN: not fp8-run %s --entry add --input %t/missing.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: fp8-run: error: {{.*}}missing.npy: cannot read: No such file or directory
// RUN: not fp8-run %s --entry add --input %t/f64.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: fp8-run: error: {{.*}}f64.npy: input 0 of @add expects tensor<2x3xf32> (dtype <f4), found <f8 array of shape (2, 3)
// RUN: not fp8-run %s --entry add --input %t/a.npy --input %t/rank1.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: fp8-run: error: {{.*}}rank1.npy: input 1 of @add expects tensor<2x3xf32> (dtype <f4), found <f4 array of shape (6,)
// RUN: not fp8-run %s --entry add --input %t/shape.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: fp8-run: error: {{.*}}shape.npy: input 0 of @add expects tensor<2x3xf32> (dtype <f4), found <f4 array of shape (3, 2)
// RUN: not fp8-run %s --entry add --input %t/fortran.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: fp8-run: error: {{.*}}fortran.npy: array is in Fortran order (fortran_order: True); only C-order arrays are supported
// RUN: not fp8-run %s --entry add --input %t/truncated.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: fp8-run: error: {{.*}}truncated.npy: truncated data: shape (2, 3) of <f4 needs 24 bytes, the file holds 20
// RUN: not fp8-run %s --entry add --input %t/header.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=HEADER
// HEADER: fp8-run: error: {{.*}}header.npy: truncated header: 118 bytes announced, 30 present
// RUN: not fp8-run %s --entry add --input %t/magic.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: fp8-run: error: {{.*}}magic.npy: not a .npy file (bad magic)
// RUN: not fp8-run %s --entry add --input %t/complex.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=BAD-DTYPE
// BAD-DTYPE: fp8-run: error: {{.*}}complex.npy: unsupported dtype '<c8'; supported: <f2, <f4, <f8, |i1, |u1, <i4, <i8, |b1
// RUN: not fp8-run %s --entry add --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=COUNT-INPUTS
// COUNT-INPUTS: fp8-run: error: @add takes 2 input(s), 1 --input given
// RUN: not fp8-run %s --entry add --input %t/samples_a --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=DIRECTORY
// DIRECTORY: fp8-run: error: --input {{.*}}samples_a is a directory; directories of samples are for --calibrate
// RUN: not ls %t/out

// The entry and the signature.
// RUN: not fp8-run %s --entry sub --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=ENTRY
// ENTRY: fp8-run: error: {{.*}}errors.mlir: no function @sub (functions: @add, @scalar, @bf16)
// RUN: not fp8-run %s --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=NO-ENTRY
// NO-ENTRY: fp8-run: error: {{.*}}errors.mlir: --entry is required (functions: @add, @scalar, @bf16)
// RUN: not fp8-run %s --entry scalar --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: fp8-run: error: {{.*}}errors.mlir: input 0 of @scalar has type i32: fp8-run passes ranked tensors only
// RUN: not fp8-run %s --entry bf16 --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=BF16
// BF16: fp8-run: error: {{.*}}errors.mlir: input 0 of @bf16 has type tensor<2x3xbf16>: NumPy has no bf16 dtype; take f32 and truncate in the module

// Modules and options.
// RUN: not fp8-run %S/Inputs/bad.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: bad.mlir:4:10: error: use of value '%y' expects different type than prior uses: 'tensor<3xf32>' vs 'tensor<2xf32>'
// PARSE: fp8-run: error: {{.*}}bad.mlir: cannot parse the module (see the diagnostic above)
// RUN: not fp8-run %t/missing.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=NO-MODULE
// NO-MODULE: fp8-run: error: {{.*}}missing.mlir: cannot read: No such file or directory
// RUN: not fp8-run %s --entry add --input %t/a.npy --input %t/a.npy --frobnicate 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: fp8-run: error: Unknown command line argument '--frobnicate'.
// RUN: not fp8-run %s --entry add --input %t/a.npy --input %t/a.npy --target avx9 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: error: fp8-cpu-pipeline: unknown target 'avx9'; expected host, generic, avx512, avx512fp16, avx512bf16 or amx
// TARGET: fp8-run: error: {{.*}}errors.mlir: fp8-cpu-pipeline failed on @add (see the diagnostics above)
// RUN: not fp8-run %s --entry add --input %t/a.npy --input %t/a.npy --scheme fancy 2>&1 | FileCheck %s --check-prefix=SCHEME
// SCHEME: fp8-run: error: --scheme fancy: expected standard or extended

// One line, for a few of the above.
// RUN: not fp8-run %s --entry add --input %t/f64.npy --input %t/a.npy 2>&1 | count 1
// RUN: not fp8-run %s --entry add --input %t/fortran.npy --input %t/a.npy 2>&1 | count 1
// RUN: not fp8-run %s --entry sub --input %t/a.npy 2>&1 | count 1

// Calibration: sample counts, and nothing written on an error.
// RUN: not fp8-run %s --entry add --input %t/samples_a --input %t/samples_b --calibrate %t/table.json 2>&1 | FileCheck %s --check-prefix=SAMPLES
// SAMPLES: fp8-run: error: --input {{.*}}samples_b holds 2 .npy files but --input {{.*}}samples_a holds 3; every directory needs the same number
// RUN: not ls %t/table.json

// A result that cannot be written (its name is taken by a directory) leaves
// no temporary file behind.
// RUN: mkdir -p %t/taken/add_result0.npy
// RUN: not fp8-run %s --entry add --input %t/a.npy --input %t/a.npy --output-dir %t/taken 2>&1 | FileCheck %s --check-prefix=WRITE
// WRITE: fp8-run: error: {{.*}}add_result0.npy: cannot write: {{.+}}
// RUN: ls %t/taken | count 1

// --merge errors.
// RUN: not fp8-run --merge %t/merged.json %t/missing.json 2>&1 | FileCheck %s --check-prefix=MERGE-MISSING
// MERGE-MISSING: fp8-run: error: {{.*}}missing.json
// RUN: not fp8-run --merge %t/merged.json %t/a.npy 2>&1 | FileCheck %s --check-prefix=MERGE-BAD
// MERGE-BAD: fp8-run: error: {{.*}}a.npy
// RUN: not fp8-run --merge %t/merged.json 2>&1 | FileCheck %s --check-prefix=MERGE-NONE
// MERGE-NONE: fp8-run: error: --merge needs calibration tables to merge
// RUN: not ls %t/merged.json

func.func @add(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %r = linalg.add ins(%x, %y : tensor<2x3xf32>, tensor<2x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @scalar(%x: i32) -> i32 {
  return %x : i32
}

func.func @bf16(%x: tensor<2x3xbf16>) -> tensor<2x3xbf16> {
  return %x : tensor<2x3xbf16>
}
