// Bad .npy inputs given to fp8-run: one line "fp8-run: error: <file>: ...",
// exit code 1 (`not` fails on a crash), no result and no table written.
//
// test/Tools/fp8-run/errors.mlir has the common ones: a missing file, wrong
// dtype (f64, complex), wrong rank and shape, Fortran order, truncated data,
// a header longer than the file, bad magic. These are the files that lie.
//
// RUN: rm -rf %t && mkdir -p %t/samples %t/bad_samples/x.npy
// RUN: %python %S/Inputs/make_bad_npy.py %t

// An empty file.
// RUN: not fp8-run %s --entry add --input %t/empty.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: fp8-run: error: {{.*}}empty.npy: empty file, not a .npy array

// A header announcing 2^40 elements over 24 bytes of data: rejected before
// anything is allocated (it used to abort with "LLVM ERROR: out of memory").
// RUN: not fp8-run %s --entry add --input %t/huge_shape.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: fp8-run: error: {{.*}}huge_shape.npy: truncated data: shape (1099511627776,) of <f4 needs 4398046511104 bytes, the file holds 24

// A shape whose byte size does not fit in 64 bits.
// RUN: not fp8-run %s --entry add --input %t/overflow_shape.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: fp8-run: error: {{.*}}overflow_shape.npy: shape too large

// More data than the shape needs.
// RUN: not fp8-run %s --entry add --input %t/short_shape.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: fp8-run: error: {{.*}}short_shape.npy: size mismatch: shape (2, 2) of <f4 needs 16 bytes, the file holds 24

// A header that says Fortran order for an array that np.save wrote in C
// order (errors.mlir has a real Fortran array).
// RUN: not fp8-run %s --entry add --input %t/fortran_header.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: fp8-run: error: {{.*}}fortran_header.npy: array is in Fortran order (fortran_order: True); only C-order arrays are supported (save np.ascontiguousarray(a))

// Negative and non-numeric dimensions, a header that is not a dict, a
// version this reader does not know, big-endian and structured dtypes.
// RUN: not fp8-run %s --entry add --input %t/negative_dim.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: fp8-run: error: {{.*}}negative_dim.npy: malformed header: expected a non-negative integer in 'shape'
// RUN: not fp8-run %s --entry add --input %t/huge_dim.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=HUGE-DIM
// HUGE-DIM: fp8-run: error: {{.*}}huge_dim.npy: malformed header: dimension too large in 'shape'
// RUN: not fp8-run %s --entry add --input %t/not_dict.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=NOT-DICT
// NOT-DICT: fp8-run: error: {{.*}}not_dict.npy: malformed header: expected '{'
// RUN: not fp8-run %s --entry add --input %t/no_shape.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=NO-SHAPE
// NO-SHAPE: fp8-run: error: {{.*}}no_shape.npy: malformed header: needs 'descr', 'fortran_order' and 'shape'
// RUN: not fp8-run %s --entry add --input %t/version9.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: fp8-run: error: {{.*}}version9.npy: unsupported .npy version 9.0 (supported: 1.0, 2.0, 3.0)
// RUN: not fp8-run %s --entry add --input %t/big_endian.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=BIG-ENDIAN
// BIG-ENDIAN: fp8-run: error: {{.*}}big_endian.npy: unsupported dtype '>f4' (big-endian); supported: <f2, <f4, <f8, |i1, |u1, <i4, <i8, |b1
// RUN: not fp8-run %s --entry add --input %t/structured.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=STRUCTURED
// STRUCTURED: fp8-run: error: {{.*}}structured.npy: unsupported dtype (structured arrays are not supported); supported: <f2, <f4, <f8, |i1, |u1, <i4, <i8, |b1

// Binary garbage after a valid magic, and only the magic.
// RUN: not fp8-run %s --entry add --input %t/garbage.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: fp8-run: error: {{.*}}garbage.npy: malformed header: expected '{'
// RUN: not fp8-run %s --entry add --input %t/magic_only.npy --input %t/a.npy --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=MAGIC-ONLY
// MAGIC-ONLY: fp8-run: error: {{.*}}magic_only.npy: truncated header (no version)

// One line each.
// RUN: not fp8-run %s --entry add --input %t/huge_shape.npy --input %t/a.npy --output-dir %t/out 2>&1 | count 1
// RUN: not fp8-run %s --entry add --input %t/garbage.npy --input %t/a.npy --output-dir %t/out 2>&1 | count 1
// RUN: not ls %t/out

// Calibration: a bad sample in the middle of a directory names the sample,
// and no table is written. So does a directory named like a sample.
// RUN: not fp8-run %s --entry add --input %t/samples --input %t/a.npy --calibrate %t/table.json 2>&1 | FileCheck %s --check-prefix=SAMPLE
// SAMPLE: fp8-run: error: {{.*}}samples{{/|\\}}1.npy: truncated data: shape (2, 3) of <f4 needs 24 bytes, the file holds 20
// RUN: not fp8-run %s --entry add --input %t/bad_samples --input %t/a.npy --calibrate %t/table.json 2>&1 | FileCheck %s --check-prefix=SAMPLE-DIR
// SAMPLE-DIR: fp8-run: error: {{.*}}bad_samples{{/|\\}}x.npy: cannot read: Is a directory
// RUN: not ls %t/table.json
// RUN: ls %t | not grep -e tmp -e temp

func.func @add(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %r = linalg.add ins(%x, %y : tensor<2x3xf32>, tensor<2x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
