// oneDNN matmul, the peer that CPU frameworks call: C[M,N] = A[M,K] B[K,N]
// with A and B in f32, bf16 or f16 and C in f32, timed as benchmarks/run.sh
// needs it.
//
// A is row-major (activations arrive plain from the previous layer); B, the
// weights, is in the layout oneDNN prefers (format_tag::any, reordered once
// before timing, as a framework does when it loads a model). A and B are
// generated in f32 and reordered to the type before timing, C is written by
// the warm-up call: no memory is touched for the first time while timed.
// Threads: oneDNN from Debian runs on OpenMP (libgomp), so OMP_NUM_THREADS.
//
// With BATCH, a batch matmul C[b] = A[b] B[b] (attention's QK^T and PV, where
// both operands are activations): A and B both plain row-major, no weight
// layout to prefer.
//
// usage: onednn_matmul M N K TYPE REPEATS [BATCH]   prints "MEDIAN_MS IMPL"
//        onednn_matmul --check TYPE [BATCH] small odd shape against a naive
//                                           double-precision product, prints
//                                           "IMPL max_err E bound B OK|FAIL"
//        onednn_matmul --info               prints "VERSION ISA"
// TYPE: f32 | bf16 | f16. When oneDNN has no implementation for TYPE on this
// CPU the line is "unsupported" (exit code 0).
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

static const char *isaName(cpu_isa isa) {
  switch (isa) {
  case cpu_isa::sse41: return "sse41";
  case cpu_isa::avx: return "avx";
  case cpu_isa::avx2: return "avx2";
  case cpu_isa::avx2_vnni: return "avx2_vnni";
  case cpu_isa::avx512_mic: return "avx512_mic";
  case cpu_isa::avx512_mic_4ops: return "avx512_mic_4ops";
  case cpu_isa::avx512_core: return "avx512_core";
  case cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
  case cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
  case cpu_isa::avx512_core_amx: return "avx512_core_amx";
  default: return "other";
  }
}

static bool parseType(const char *name, dt &type) {
  if (!strcmp(name, "f32")) type = dt::f32;
  else if (!strcmp(name, "bf16")) type = dt::bf16;
  else if (!strcmp(name, "f16")) type = dt::f16;
  else return false;
  return true;
}

/// Deterministic values in [-1, 1).
static void fill(std::vector<float> &values, uint64_t seed) {
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  for (float &value : values) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    value = static_cast<float>(state >> 40) / static_cast<float>(1 << 23) - 1.0f;
  }
}

/// One matmul primitive with its operands in place.
struct Matmul {
  engine eng{engine::kind::cpu, 0};
  stream strm{eng};
  memory::dim m, n, k;
  matmul::primitive_desc pd;
  matmul prim;
  memory a, b, c;
  std::vector<float> aUser, bUser;

  /// batch 0: a 2-D matmul with B (weights) in oneDNN's preferred layout;
  /// batch >= 1: a 3-D batch matmul with every operand plain.
  Matmul(memory::dim m, memory::dim n, memory::dim k, dt type,
         memory::dim batch = 0)
      : m(m), n(n), k(k), aUser(std::max<memory::dim>(batch, 1) * m * k),
        bUser(std::max<memory::dim>(batch, 1) * k * n) {
    auto dims = [&](memory::dim rows, memory::dim cols) {
      return batch ? memory::dims{batch, rows, cols}
                   : memory::dims{rows, cols};
    };
    tag plain = batch ? tag::abc : tag::ab;
    memory::desc aDesc(dims(m, k), type, plain);
    memory::desc bDesc(dims(k, n), type, batch ? plain : tag::any);
    memory::desc cDesc(dims(m, n), dt::f32, plain);
    // Throws dnnl::error (unimplemented) when TYPE has no implementation.
    pd = matmul::primitive_desc(matmul::desc(aDesc, bDesc, cDesc), eng);
    prim = matmul(pd);
    fill(aUser, 1);
    fill(bUser, 2);
    memory aF32({dims(m, k), dt::f32, plain}, eng, aUser.data());
    memory bF32({dims(k, n), dt::f32, plain}, eng, bUser.data());
    a = memory(pd.src_desc(), eng);
    b = memory(pd.weights_desc(), eng);
    c = memory(pd.dst_desc(), eng);
    reorder(aF32, a).execute(strm, aF32, a);
    reorder(bF32, b).execute(strm, bF32, b);
    strm.wait();
  }

  void run() {
    prim.execute(strm, {{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b},
                        {DNNL_ARG_DST, c}});
    strm.wait();
  }
};

static double nowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// The value `x` has after a round trip through `type` (round to nearest
/// even, as oneDNN's reorders do).
static float roundTo(float x, dt type) {
  if (type == dt::f32)
    return x;
  if (type == dt::bf16) {
    uint32_t bits;
    memcpy(&bits, &x, 4);
    bits += 0x7FFF + ((bits >> 16) & 1);
    bits &= 0xFFFF0000u;
    memcpy(&x, &bits, 4);
    return x;
  }
  return static_cast<float>(static_cast<_Float16>(x));
}

static int check(dt type, memory::dim batch) {
  const memory::dim m = 37, n = 53, k = 129;
  Matmul mm(m, n, k, type, batch);
  mm.run();
  const float *c = static_cast<const float *>(mm.c.get_data_handle());
  // C is f32 in plain ab (abc); compare with the product of the rounded
  // inputs.
  double maxErr = 0, bound = 0;
  for (memory::dim b = 0; b < std::max<memory::dim>(batch, 1); ++b)
    for (memory::dim i = 0; i < m; ++i)
      for (memory::dim j = 0; j < n; ++j) {
        const float *a = mm.aUser.data() + b * m * k;
        const float *w = mm.bUser.data() + b * k * n;
        double sum = 0, magnitude = 0;
        for (memory::dim p = 0; p < k; ++p) {
          double term = static_cast<double>(roundTo(a[i * k + p], type)) *
                        roundTo(w[p * n + j], type);
          sum += term;
          magnitude += std::fabs(term);
        }
        maxErr = std::max(maxErr, std::fabs(c[(b * m + i) * n + j] - sum));
        // f32 accumulation of k products: k ulps of the magnitude is ample.
        bound = std::max(bound, magnitude * k * 0x1p-24);
      }
  bool ok = maxErr <= bound;
  printf("%s max_err %.3g bound %.3g %s\n", mm.pd.impl_info_str(), maxErr,
         bound, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  dt type;
  try {
    if (argc == 2 && !strcmp(argv[1], "--info")) {
      const dnnl_version_t *v = dnnl_version();
      printf("%d.%d.%d %s\n", v->major, v->minor, v->patch,
             isaName(get_effective_cpu_isa()));
      return 0;
    }
    if ((argc == 3 || argc == 4) && !strcmp(argv[1], "--check") &&
        parseType(argv[2], type) && (argc == 3 || atol(argv[3]) >= 1))
      return check(type, argc == 4 ? atol(argv[3]) : 0);
    if ((argc != 6 && argc != 7) || !parseType(argv[4], type) ||
        (argc == 7 && atol(argv[6]) < 1)) {
      fprintf(stderr,
              "usage: %s M N K f32|bf16|f16 REPEATS [BATCH] | --check TYPE [BATCH] | "
              "--info\n",
              argv[0]);
      return 2;
    }
    Matmul mm(atol(argv[1]), atol(argv[2]), atol(argv[3]), type,
              argc == 7 ? atol(argv[6]) : 0);
    int repeats = std::max(1, atoi(argv[5]));
    mm.run(); // warm-up: first touch of C, oneDNN's scratchpad, the threads
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
      double start = nowMs();
      mm.run();
      times.push_back(nowMs() - start);
    }
    std::sort(times.begin(), times.end());
    printf("%.4f %s\n", times[repeats / 2], mm.pd.impl_info_str());
  } catch (const dnnl::error &e) {
    if (e.status == dnnl_unimplemented) {
      printf("unsupported\n");
      return 0;
    }
    fprintf(stderr, "onednn_matmul: %s (status %d)\n", e.what(), e.status);
    return 1;
  }
  return 0;
}
