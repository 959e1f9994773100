// Times single-threaded OpenBLAS sgemm (C = A B, row major) and prints the
// median milliseconds per call: the baseline of benchmarks/run.sh.
//
// usage: sgemm_openblas M N K REPEATS
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s M N K REPEATS\n", argv[0]);
    return 2;
  }
  int m = atoi(argv[1]), n = atoi(argv[2]), k = atoi(argv[3]);
  int repeats = atoi(argv[4]);
  openblas_set_num_threads(1);
  float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n),
        *c = malloc(sizeof(float) * m * n);
  for (long i = 0; i < (long)m * k; ++i)
    a[i] = (float)(i % 17) / 17.0f - 0.5f;
  for (long i = 0; i < (long)k * n; ++i)
    b[i] = (float)(i % 13) / 13.0f - 0.5f;
  double *times = malloc(sizeof(double) * repeats);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, k,
              b, n, 0.0f, c, n); // warm-up
  for (int r = 0; r < repeats; ++r) {
    double start = now_ms();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a,
                k, b, n, 0.0f, c, n);
    times[r] = now_ms() - start;
  }
  qsort(times, repeats, sizeof(double), compare);
  printf("%.4f\n", times[repeats / 2]);
  return 0;
}
