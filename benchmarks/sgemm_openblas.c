// OpenBLAS sgemm (C = A B, row major), timed for benchmarks/run.sh.
//
// OpenBLAS 0.3.21 (Debian) picks its kernels from a CPU table that predates
// recent CPUs and falls back to old ones on CPUs it does not know (Prescott's
// SSE3 kernel on Emerald Rapids: 32 GFLOP/s instead of 152). run.sh runs this
// binary once per OPENBLAS_CORETYPE the CPU can execute (the variable is read
// when the library loads) and keeps the fastest; the core actually used is
// printed, from openblas_get_corename(), so a name OpenBLAS does not know
// shows up as the core it fell back to.
//
// Every operand is written before the warm-up call; the time is the median
// of REPEATS calls after it.
//
// usage: sgemm_openblas M N K REPEATS THREADS   prints "MEDIAN_MS CORE"
//        sgemm_openblas --check                 small odd shape against a naive
//                                               double-precision product:
//                                               "CORE max_err E bound B OK|FAIL"
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

// Deterministic values in [-1, 1).
static void fill(float *values, long count, unsigned long long seed) {
  unsigned long long state = seed * 0x9E3779B97F4A7C15ull + 1;
  for (long i = 0; i < count; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    values[i] = (float)(state >> 40) / (float)(1 << 23) - 1.0f;
  }
}

static void sgemm(int m, int n, int k, const float *a, const float *b,
                  float *c) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, k,
              b, n, 0.0f, c, n);
}

static int check(void) {
  const int m = 37, n = 53, k = 129;
  float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n),
        *c = malloc(sizeof(float) * m * n);
  fill(a, (long)m * k, 1);
  fill(b, (long)k * n, 2);
  sgemm(m, n, k, a, b, c);
  double max_err = 0, bound = 0;
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = 0, magnitude = 0;
      for (int p = 0; p < k; ++p) {
        double term = (double)a[i * k + p] * b[p * n + j];
        sum += term;
        magnitude += fabs(term);
      }
      double err = fabs(c[i * n + j] - sum);
      if (err > max_err)
        max_err = err;
      if (magnitude * k * 0x1p-24 > bound)
        bound = magnitude * k * 0x1p-24;
    }
  int ok = max_err <= bound;
  printf("%s max_err %.3g bound %.3g %s\n", openblas_get_corename(), max_err,
         bound, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--check"))
    return check();
  if (argc != 6) {
    fprintf(stderr, "usage: %s M N K REPEATS THREADS | --check\n", argv[0]);
    return 2;
  }
  int m = atoi(argv[1]), n = atoi(argv[2]), k = atoi(argv[3]);
  int repeats = atoi(argv[4]) > 0 ? atoi(argv[4]) : 1;
  openblas_set_num_threads(atoi(argv[5]));
  float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n),
        *c = malloc(sizeof(float) * m * n);
  double *times = malloc(sizeof(double) * repeats);
  if (!a || !b || !c || !times) {
    fprintf(stderr, "sgemm_openblas: out of memory\n");
    return 1;
  }
  fill(a, (long)m * k, 1);
  fill(b, (long)k * n, 2);
  memset(c, 0, sizeof(float) * m * n);
  sgemm(m, n, k, a, b, c); // warm-up
  for (int r = 0; r < repeats; ++r) {
    double start = now_ms();
    sgemm(m, n, k, a, b, c);
    times[r] = now_ms() - start;
  }
  qsort(times, repeats, sizeof(double), compare);
  printf("%.4f %s\n", times[repeats / 2], openblas_get_corename());
  return 0;
}
