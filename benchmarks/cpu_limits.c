// The machine's limits for benchmarks/run.sh: the FMA peak of each vector
// type the CPU has and its DRAM read bandwidth, on one thread and on all.
//
// FMA peaks: chains of independent accumulators (more than the FMA latency
// times the FMA ports, so every port issues every cycle) running
// acc = acc * x + y. Each kernel has its own target attribute, so one binary
// runs everywhere and skips what the CPU lacks (__builtin_cpu_supports):
//   f32 ymm   vfmadd231ps on 256 bits (AVX2 + FMA):   16 flop / instruction
//   f32 zmm   vfmadd231ps on 512 bits (AVX512F):      32 flop / instruction
//   f16 zmm   vfmadd231ph (AVX512-FP16):              64 flop / instruction
//   bf16 zmm  vdpbf16ps (AVX512-BF16), two products and two additions a
//             lane:                                   64 flop / instruction
// Each figure is the best of 9 runs of about 0.05 s (a limit: the best the
// machine did, not a typical run; on a busy machine, a run that had the
// cores to itself).
//
// DRAM read: a buffer far larger than the last-level cache (1 GiB, or 8x the
// LLC if that is larger), written first, then read in full (in one slice a
// thread) with vector loads folded by XOR into independent accumulators;
// GB/s of the best of 5 passes.
//
// usage: cpu_limits [--dram-bytes N]
// Prints one line per figure: "NAME THREADS VALUE", with NAME in
// fma_f32_ymm fma_f32_zmm fma_f16_zmm fma_bf16_zmm (GFLOP/s) and dram_read
// (GB/s); a kernel the CPU cannot run prints "NAME - unsupported".
#include <immintrin.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

// Runs 12 (ymm, 16 registers) or 24 (zmm, 32 registers) chains. An empty asm
// statement takes every accumulator in a register after every step, so the
// compiler can neither drop nor merge chains.
#define CHAINS12(OP)                                                           \
  OP(0) OP(1) OP(2) OP(3) OP(4) OP(5) OP(6) OP(7) OP(8) OP(9) OP(10) OP(11)
#define CHAINS24(OP)                                                           \
  CHAINS12(OP) OP(12) OP(13) OP(14) OP(15) OP(16) OP(17) OP(18) OP(19)         \
      OP(20) OP(21) OP(22) OP(23)

__attribute__((target("avx2,fma"))) static float fma_f32_ymm(long iterations) {
  __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-6f);
#define DECL(i) __m256 acc##i = _mm256_set1_ps((float)i);
#define STEP(i)                                                                \
  acc##i = _mm256_fmadd_ps(acc##i, x, y);                                      \
  __asm__("" : "+x"(acc##i));
#define SUM(i) total = _mm256_add_ps(total, acc##i);
  CHAINS12(DECL)
  for (long i = 0; i < iterations; ++i) {
    CHAINS12(STEP)
  }
  __m256 total = _mm256_setzero_ps();
  CHAINS12(SUM)
#undef DECL
#undef STEP
#undef SUM
  return _mm256_cvtss_f32(total);
}

__attribute__((target("avx512f"))) static float fma_f32_zmm(long iterations) {
  __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-6f);
#define DECL(i) __m512 acc##i = _mm512_set1_ps((float)i);
#define STEP(i)                                                                \
  acc##i = _mm512_fmadd_ps(acc##i, x, y);                                      \
  __asm__("" : "+v"(acc##i));
#define SUM(i) total = _mm512_add_ps(total, acc##i);
  CHAINS24(DECL)
  for (long i = 0; i < iterations; ++i) {
    CHAINS24(STEP)
  }
  __m512 total = _mm512_setzero_ps();
  CHAINS24(SUM)
#undef DECL
#undef STEP
#undef SUM
  return _mm512_reduce_add_ps(total);
}

__attribute__((target("avx512fp16,avx512bw,avx512vl,avx512dq,avx512f"))) static float
fma_f16_zmm(long iterations) {
  __m512h x = _mm512_set1_ph((_Float16)0.999f),
          y = _mm512_set1_ph((_Float16)0.001f);
#define DECL(i) __m512h acc##i = _mm512_set1_ph((_Float16)(i * 0.01f));
#define STEP(i)                                                                \
  acc##i = _mm512_fmadd_ph(acc##i, x, y);                                      \
  __asm__("" : "+v"(acc##i));
#define SUM(i) total = _mm512_add_ph(total, acc##i);
  CHAINS24(DECL)
  for (long i = 0; i < iterations; ++i) {
    CHAINS24(STEP)
  }
  __m512h total = _mm512_setzero_ph();
  CHAINS24(SUM)
#undef DECL
#undef STEP
#undef SUM
  return (float)_mm512_reduce_add_ph(total);
}

__attribute__((target("avx512bf16,avx512bw,avx512vl,avx512f"))) static float
fma_bf16_zmm(long iterations) {
  __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(1e-3f));
  __m512bh y = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(1e-3f));
#define DECL(i) __m512 acc##i = _mm512_set1_ps((float)i);
#define STEP(i)                                                                \
  acc##i = _mm512_dpbf16_ps(acc##i, x, y);                                     \
  __asm__("" : "+v"(acc##i));
#define SUM(i) total = _mm512_add_ps(total, acc##i);
  CHAINS24(DECL)
  for (long i = 0; i < iterations; ++i) {
    CHAINS24(STEP)
  }
  __m512 total = _mm512_setzero_ps();
  CHAINS24(SUM)
#undef DECL
#undef STEP
#undef SUM
  return _mm512_reduce_add_ps(total);
}

struct FmaKernel {
  const char *name;
  int supported;
  float (*run)(long);
  double flopPerIteration; // chains x lanes x flop per lane
};

static volatile float sink; // results land here: kernels are never dead

/// GFLOP/s of `kernel` on `threads` threads: best of 9 runs.
static double fma_peak(const struct FmaKernel *kernel, int threads) {
  // Calibrate to about 0.05 s on one thread.
  long iterations = 1 << 16;
  for (;;) {
    double start = now_s();
    sink = kernel->run(iterations);
    double seconds = now_s() - start;
    if (seconds > 0.02) {
      iterations = (long)(iterations * 0.05 / seconds) + 1;
      break;
    }
    iterations *= 4;
  }
  double best = 0;
  for (int trial = 0; trial < 9; ++trial) {
    double start = now_s();
#pragma omp parallel num_threads(threads)
    {
      float result = kernel->run(iterations);
      if (result == 12345.0f) // never true; keeps the result alive
        sink = result;
    }
    double seconds = now_s() - start;
    double gflops = threads * iterations * kernel->flopPerIteration / seconds / 1e9;
    if (gflops > best)
      best = gflops;
  }
  return best;
}

// Streaming reads: XOR of every 64-bit word into independent accumulators.
__attribute__((target("avx512f"))) static uint64_t read_avx512(const void *data,
                                                              size_t bytes) {
  const __m512i *p = data;
  __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
  for (size_t i = 0, e = bytes / 64; i + 4 <= e; i += 4) {
    a0 = _mm512_xor_si512(a0, _mm512_load_si512(p + i));
    a1 = _mm512_xor_si512(a1, _mm512_load_si512(p + i + 1));
    a2 = _mm512_xor_si512(a2, _mm512_load_si512(p + i + 2));
    a3 = _mm512_xor_si512(a3, _mm512_load_si512(p + i + 3));
  }
  a0 = _mm512_xor_si512(_mm512_xor_si512(a0, a1), _mm512_xor_si512(a2, a3));
  return (uint64_t)_mm512_reduce_or_epi64(a0);
}

__attribute__((target("avx2"))) static uint64_t read_avx2(const void *data,
                                                         size_t bytes) {
  const __m256i *p = data;
  __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
  for (size_t i = 0, e = bytes / 32; i + 4 <= e; i += 4) {
    a0 = _mm256_xor_si256(a0, _mm256_load_si256(p + i));
    a1 = _mm256_xor_si256(a1, _mm256_load_si256(p + i + 1));
    a2 = _mm256_xor_si256(a2, _mm256_load_si256(p + i + 2));
    a3 = _mm256_xor_si256(a3, _mm256_load_si256(p + i + 3));
  }
  a0 = _mm256_xor_si256(_mm256_xor_si256(a0, a1), _mm256_xor_si256(a2, a3));
  return (uint64_t)_mm256_extract_epi64(a0, 0) ^ (uint64_t)_mm256_extract_epi64(a0, 3);
}

static uint64_t read_sse2(const void *data, size_t bytes) {
  const __m128i *p = data;
  __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
  for (size_t i = 0, e = bytes / 16; i + 4 <= e; i += 4) {
    a0 = _mm_xor_si128(a0, _mm_load_si128(p + i));
    a1 = _mm_xor_si128(a1, _mm_load_si128(p + i + 1));
    a2 = _mm_xor_si128(a2, _mm_load_si128(p + i + 2));
    a3 = _mm_xor_si128(a3, _mm_load_si128(p + i + 3));
  }
  a0 = _mm_xor_si128(_mm_xor_si128(a0, a1), _mm_xor_si128(a2, a3));
  return (uint64_t)_mm_cvtsi128_si64(a0);
}

/// GB/s of reading `bytes` of `buffer` on `threads` threads (each a
/// contiguous slice, as it was written): best of 5 passes.
static double dram_read(unsigned char *buffer, size_t bytes, int threads) {
  uint64_t (*read)(const void *, size_t) = read_sse2;
  if (__builtin_cpu_supports("avx2"))
    read = read_avx2;
  if (__builtin_cpu_supports("avx512f"))
    read = read_avx512;
  size_t slice = bytes / threads / 256 * 256;
  double best = 0;
  for (int pass = 0; pass < 5; ++pass) {
    uint64_t folded = 0;
    double start = now_s();
#pragma omp parallel num_threads(threads) reduction(^ : folded)
    folded ^= read(buffer + omp_get_thread_num() * slice, slice);
    double seconds = now_s() - start;
    sink = (float)(folded & 1);
    double gbs = (double)slice * threads / seconds / 1e9;
    if (gbs > best)
      best = gbs;
  }
  return best;
}

int main(int argc, char **argv) {
  long llc = sysconf(_SC_LEVEL3_CACHE_SIZE);
  size_t bytes = (size_t)1 << 30;
  if (llc > 0 && (size_t)llc * 8 > bytes)
    bytes = (size_t)llc * 8;
  if (argc == 3 && !strcmp(argv[1], "--dram-bytes"))
    bytes = strtoull(argv[2], NULL, 0);
  else if (argc != 1) {
    fprintf(stderr, "usage: %s [--dram-bytes N]\n", argv[0]);
    return 2;
  }
  int all = omp_get_num_procs();
  int counts[2] = {1, all};
  int nCounts = all > 1 ? 2 : 1;

  __builtin_cpu_init();
  struct FmaKernel kernels[] = {
      {"fma_f32_ymm", __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"),
       fma_f32_ymm, 12 * 8 * 2},
      {"fma_f32_zmm", __builtin_cpu_supports("avx512f"), fma_f32_zmm, 24 * 16 * 2},
      {"fma_f16_zmm", __builtin_cpu_supports("avx512fp16"), fma_f16_zmm, 24 * 32 * 2},
      {"fma_bf16_zmm", __builtin_cpu_supports("avx512bf16"), fma_bf16_zmm, 24 * 16 * 4},
  };
  for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; ++i) {
    if (!kernels[i].supported) {
      printf("%s - unsupported\n", kernels[i].name);
      continue;
    }
    for (int c = 0; c < nCounts; ++c)
      printf("%s %d %.1f\n", kernels[i].name, counts[c],
             fma_peak(&kernels[i], counts[c]));
    fflush(stdout);
  }

  unsigned char *buffer = aligned_alloc(4096, bytes);
  if (!buffer) {
    fprintf(stderr, "cpu_limits: cannot allocate %zu bytes\n", bytes);
    return 1;
  }
  // Written once, by all threads (each the slice it reads in the all-thread
  // pass, so pages sit near it), with values that are not zero (no zero-page
  // or compression shortcuts).
  size_t written = bytes / all / 256 * 256;
#pragma omp parallel num_threads(all)
  {
    unsigned char *p = buffer + omp_get_thread_num() * written;
    for (size_t i = 0; i < written; i += 8)
      *(uint64_t *)(p + i) = i * 0x9E3779B97F4A7C15ull + 1;
  }
  for (int c = 0; c < nCounts; ++c) {
    printf("dram_read %d %.1f\n", counts[c],
           dram_read(buffer, written * all, counts[c]));
    fflush(stdout);
  }
  free(buffer);
  return 0;
}
