# -*- Python -*-
# Lit configuration of the fp8-mlir regression and integration tests.

import os
import shutil

import lit.formats
import lit.util
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "FP8"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.fp8_obj_root, "test")
config.excludes = ["Inputs", "CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", ".so"))
config.substitutions.append(("%mlir_lib_dir", config.mlir_lib_dir))
# The source and build trees and MLIR's CMake package, for the test that
# installs this build and builds examples/embedding against it.
config.substitutions.append(("%fp8_src_root", config.fp8_src_root))
config.substitutions.append(("%fp8_obj_root", config.fp8_obj_root))
config.substitutions.append(
    ("%mlir_cmake_dir", os.path.join(config.mlir_lib_dir, "cmake", "mlir")))
# Shared libraries that mlir-runner loads for printing memrefs.
config.substitutions.append(
    ("%mlir_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so")))

config.substitutions.append(
    ("%fp8_test_runtime",
     os.path.join(config.fp8_obj_root, "lib", "libfp8_test_runtime.so")))
# The calibration hooks for mlir-runner (fp8-run links them in).
config.substitutions.append(
    ("%fp8_runtime",
     os.path.join(config.fp8_obj_root, "lib", "libfp8_runtime.so")))
# Tests make and check .npy files with NumPy (Debian's python3-numpy).
config.substitutions.append(("%python", "/usr/bin/python3"))

# Upstream passes that take the output of convert-fp8-to-linalg to the LLVM
# dialect for mlir-runner (fp8-cpu-pipeline is the optimized alternative).
config.substitutions.append(
    ("%reference-to-llvm",
     "--one-shot-bufferize=\"bufferize-function-boundaries "
     "function-boundary-type-conversion=identity-layout-map\" "
     "--convert-linalg-to-loops --buffer-deallocation-pipeline --convert-bufferization-to-memref "
     "--expand-strided-metadata --lower-affine --convert-scf-to-cf "
     "--finalize-memref-to-llvm --convert-math-to-llvm "
     "--convert-arith-to-llvm --convert-cf-to-llvm --convert-func-to-llvm "
     "--convert-index-to-llvm --reconcile-unrealized-casts"))
config.substitutions.append(
    ("%mlir-runner-libs",
     "-shared-libs=%s,%s" % (
         os.path.join(config.mlir_lib_dir, "libmlir_runner_utils.so"),
         os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so"))))

# libomp, for code compiled with fp8-cpu-pipeline{threads=N} (N != 1).
config.substitutions.append(("%openmp-runtime", config.fp8_openmp_runtime))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.fp8_tools_dir, config.llvm_tools_dir]
tools = ["fp8-opt", "fp8-run", "fp8-sweep", "llc", "mlir-opt", "mlir-runner", "mlir-translate", "not", "count",
         "split-file"]
# Sanitizer builds (scripts/test-sanitizers.sh): the uninstrumented mlir-runner
# loads our instrumented shared libraries, so it gets the ASan runtime first.
if getattr(config, "fp8_asan_runtime", ""):
    runner = lit.util.which("mlir-runner", config.llvm_tools_dir)
    tools[tools.index("mlir-runner")] = ToolSubst(
        "mlir-runner",
        command="env LD_PRELOAD=%s %s" % (config.fp8_asan_runtime, runner))
llvm_config.add_tool_substitutions(tools, tool_dirs)
# The C compiler of the LLVM installation: test/Embedding/aot.test links
# ahead-of-time compiled code into a C program.
clang = lit.util.which("clang", config.llvm_tools_dir)
if clang:
    config.substitutions.append(("%clang", clang))
    config.available_features.add("clang")

# CPU features of the machine that runs the tests (code paths of
# convert-fp8-to-vector / fp8-cpu-pipeline).
try:
    with open("/proc/cpuinfo") as cpuinfo:
        cpu_flags = set(cpuinfo.read().split())
except OSError:
    cpu_flags = set()
for flag, feature in [("avx512f", "avx512"), ("avx512_fp16", "avx512fp16"),
                      ("avx512_bf16", "avx512bf16"), ("amx_bf16", "amx")]:
    if flag in cpu_flags:
        config.available_features.add(feature)
# The AMX kernel has not run on AMX hardware yet: its execution test is
# opt-in (lit -D fp8_amx_execution=1) until it has.
if lit_config.params.get("fp8_amx_execution", "0") == "1":
    config.available_features.add("amx-execution")

# Hardware and tool features, so suites can say `// REQUIRES: ...`.
# libomp (found at build time): the tools' --threads above 1.
if config.fp8_openmp_runtime:
    config.available_features.add("openmp")
if os.path.exists(os.path.join(config.mlir_lib_dir, "libmlir_runner_utils.so")):
    config.available_features.add("mlir-runner-utils")

# GPU code generation (test/Conversion/FP8ToNVVM, FP8ToROCDL) and execution
# (test/Integration/GPU): ptxas validates PTX when CUDA is installed; kernels
# run only on a machine with an NVIDIA GPU and the CUDA runtime wrappers.
config.substitutions.append(
    ("%extract-gpu-assembly",
     "/usr/bin/python3 " + os.path.join(config.fp8_src_root, "test",
                                        "Conversion", "Inputs",
                                        "extract_gpu_assembly.py")))
ptxas = "/usr/local/cuda/bin/ptxas"
if not os.access(ptxas, os.X_OK):
    ptxas = shutil.which("ptxas")
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
cuda_runtime = os.path.join(config.fp8_obj_root, "lib",
                            "libfp8_cuda_runtime.so")
config.substitutions.append(("%fp8_cuda_runtime", cuda_runtime))
if os.path.exists("/dev/nvidia0") and os.path.exists(cuda_runtime):
    config.available_features.add("cuda-gpu")
