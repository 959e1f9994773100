/*===- main.c - calls ahead-of-time compiled FP8 code from C --------------===*\
|*                                                                            *|
|* Part of the fp8-mlir project, under the Apache License v2.0 with LLVM      *|
|* Exceptions. See LICENSE for license information.                          *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
/* Calls forward.o (forward.mlir quantized to FP8 and compiled to an object
 * file, see README.md) through its C interface, prints the result and
 * checks it against the f32 product computed here. No MLIR library at run
 * time; the lowered code calls malloc and free only.
 *
 *   cc main.c forward.o -o forward -lm && ./forward
 */

#include <math.h>
#include <stdint.h>
#include <stdio.h>

enum { M = 4, K = 16, N = 8 };

/* A ranked memref descriptor as MLIR lays it out (StridedMemRefType<float,
 * 2> of mlir/ExecutionEngine/CRunnerUtils.h): the allocated and aligned
 * pointers, the offset, then sizes and strides in elements. */
typedef struct {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} MemRef2D;

/* forward(x: memref<4x16xf32>, out: memref<4x8xf32>): the wrapper that
 * llvm.emit_c_interface makes, with the result as an out-parameter
 * (fp8-cpu-pipeline{results-to-out-params=true}). */
void _mlir_ciface_forward(MemRef2D *x, MemRef2D *out);

static MemRef2D view(float *data, int64_t rows, int64_t cols) {
  MemRef2D m = {data, data, 0, {rows, cols}, {cols, 1}};
  return m;
}

int main(void) {
  float x[M][K], y[M][N];
  for (int m = 0; m < M; ++m)
    for (int k = 0; k < K; ++k)
      x[m][k] = (float)((7 * m + 2 * k) % 13 - 6) / 3.0f;

  MemRef2D xView = view(&x[0][0], M, K), yView = view(&y[0][0], M, N);
  _mlir_ciface_forward(&xView, &yView);

  /* The f32 product with forward.mlir's weights. */
  double largest = 0, error = 0;
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) {
      float sum = 0;
      for (int k = 0; k < K; ++k)
        sum += x[m][k] * ((float)((3 * k + 5 * n) % 11 - 5) / 4.0f);
      largest = fmax(largest, fabs(sum));
      error = fmax(error, fabs((double)y[m][n] - sum));
    }

  for (int m = 0; m < M; ++m) {
    printf("y[%d] =", m);
    for (int n = 0; n < N; ++n)
      printf(" %g", y[m][n]);
    printf("\n");
  }
  double relative = error / largest;
  printf("max |y8 - y32| / max |y32| = %.4f\n", relative);
  /* E4M3 keeps 3 mantissa bits: each operand is within 2^-4 of its value. */
  if (!(relative < 0.1)) {
    printf("error above 0.1\n");
    return 1;
  }
  return 0;
}
