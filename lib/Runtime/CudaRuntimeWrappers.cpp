//===- CudaRuntimeWrappers.cpp - mgpu* functions over the CUDA driver -----===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The functions that upstream's gpu-to-llvm lowering and the gpu.binary /
// gpu.launch_func translation call, with upstream's signatures
// (mlir/lib/ExecutionEngine/CudaRuntimeWrappers.cpp), over the CUDA driver
// API: Debian ships no libmlir_cuda_runtime.so. Only what fp8-nvvm-pipeline
// emits. A failing driver call prints the call and the CUDA error and aborts
// (the generated code has no error path to return to).
//
// FP8_CUDA_KERNEL_TIMING=1 times every launch with CUDA events (start and
// stop recorded on the launch's stream, waited for right away) and prints
// "fp8-cuda-kernel <function> <milliseconds>" on stderr: kernel time alone,
// without the per-op host<->device copies (benchmarks/gpu/gemm.py).
//
//===----------------------------------------------------------------------===//

#include <cuda.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define FP8_CUDA_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

void check(CUresult result, const char *call) {
  if (result == CUDA_SUCCESS)
    return;
  const char *name = "unknown";
  cuGetErrorName(result, &name);
  std::fprintf(stderr, "fp8 CUDA runtime: %s failed: %s\n", call, name);
  std::abort();
}
#define CUDA_CHECK(call) check((call), #call)

/// The primary context of device 0, made current on the calling thread.
void ensureContext() {
  static CUcontext context = [] {
    CUDA_CHECK(cuInit(0));
    CUdevice device;
    CUDA_CHECK(cuDeviceGet(&device, 0));
    CUcontext primary;
    CUDA_CHECK(cuDevicePrimaryCtxRetain(&primary, device));
    return primary;
  }();
  CUDA_CHECK(cuCtxSetCurrent(context));
}

bool isKernelTimingOn() {
  static bool on = [] {
    const char *value = std::getenv("FP8_CUDA_KERNEL_TIMING");
    return value && value[0] && value[0] != '0';
  }();
  return on;
}

} // namespace

FP8_CUDA_EXPORT CUmodule mgpuModuleLoad(void *data, size_t /*size*/) {
  ensureContext();
  CUmodule module = nullptr;
  CUDA_CHECK(cuModuleLoadData(&module, data));
  return module;
}

/// PTX (gpu-module-to-binary format=isa), compiled by the driver.
FP8_CUDA_EXPORT CUmodule mgpuModuleLoadJIT(void *data, int optLevel,
                                           size_t /*size*/) {
  ensureContext();
  CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  CUmodule module = nullptr;
  CUDA_CHECK(cuModuleLoadDataEx(&module, data, 1, options, values));
  return module;
}

FP8_CUDA_EXPORT void mgpuModuleUnload(CUmodule module) {
  CUDA_CHECK(cuModuleUnload(module));
}

FP8_CUDA_EXPORT CUfunction mgpuModuleGetFunction(CUmodule module,
                                                 const char *name) {
  CUfunction function = nullptr;
  CUDA_CHECK(cuModuleGetFunction(&function, module, name));
  return function;
}

FP8_CUDA_EXPORT void mgpuLaunchKernel(CUfunction function, intptr_t gridX,
                                      intptr_t gridY, intptr_t gridZ,
                                      intptr_t blockX, intptr_t blockY,
                                      intptr_t blockZ, int32_t smem,
                                      CUstream stream, void **params,
                                      void **extra, size_t /*paramsCount*/) {
  ensureContext();
  if (smem > 0)
    CUDA_CHECK(cuFuncSetAttribute(
        function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem));
  if (!isKernelTimingOn()) {
    CUDA_CHECK(cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY,
                              blockZ, smem, stream, params, extra));
    return;
  }
  CUevent start, stop;
  CUDA_CHECK(cuEventCreate(&start, CU_EVENT_DEFAULT));
  CUDA_CHECK(cuEventCreate(&stop, CU_EVENT_DEFAULT));
  CUDA_CHECK(cuEventRecord(start, stream));
  CUDA_CHECK(cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY,
                            blockZ, smem, stream, params, extra));
  CUDA_CHECK(cuEventRecord(stop, stream));
  CUDA_CHECK(cuEventSynchronize(stop));
  float milliseconds = 0;
  CUDA_CHECK(cuEventElapsedTime(&milliseconds, start, stop));
  const char *name = "kernel";
  if (cuFuncGetName(&name, function) != CUDA_SUCCESS)
    name = "kernel";
  std::fprintf(stderr, "fp8-cuda-kernel %s %.6f\n", name, milliseconds);
  CUDA_CHECK(cuEventDestroy(start));
  CUDA_CHECK(cuEventDestroy(stop));
}

FP8_CUDA_EXPORT CUstream mgpuStreamCreate() {
  ensureContext();
  CUstream stream = nullptr;
  CUDA_CHECK(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  return stream;
}

FP8_CUDA_EXPORT void mgpuStreamDestroy(CUstream stream) {
  CUDA_CHECK(cuStreamDestroy(stream));
}

FP8_CUDA_EXPORT void mgpuStreamSynchronize(CUstream stream) {
  CUDA_CHECK(cuStreamSynchronize(stream));
}

FP8_CUDA_EXPORT void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  CUDA_CHECK(cuStreamWaitEvent(stream, event, /*flags=*/0));
}

FP8_CUDA_EXPORT CUevent mgpuEventCreate() {
  ensureContext();
  CUevent event = nullptr;
  CUDA_CHECK(cuEventCreate(&event, CU_EVENT_DISABLE_TIMING));
  return event;
}

FP8_CUDA_EXPORT void mgpuEventDestroy(CUevent event) {
  CUDA_CHECK(cuEventDestroy(event));
}

FP8_CUDA_EXPORT void mgpuEventSynchronize(CUevent event) {
  CUDA_CHECK(cuEventSynchronize(event));
}

FP8_CUDA_EXPORT void mgpuEventRecord(CUevent event, CUstream stream) {
  CUDA_CHECK(cuEventRecord(event, stream));
}

FP8_CUDA_EXPORT void *mgpuMemAlloc(uint64_t sizeBytes, CUstream stream,
                                   bool isHostShared) {
  ensureContext();
  if (sizeBytes == 0)
    return nullptr;
  CUdeviceptr pointer = 0;
  if (isHostShared)
    CUDA_CHECK(cuMemAllocManaged(&pointer, sizeBytes, CU_MEM_ATTACH_GLOBAL));
  else
    CUDA_CHECK(cuMemAllocAsync(&pointer, sizeBytes, stream));
  return reinterpret_cast<void *>(pointer);
}

FP8_CUDA_EXPORT void mgpuMemFree(void *pointer, CUstream stream) {
  if (pointer)
    CUDA_CHECK(cuMemFreeAsync(reinterpret_cast<CUdeviceptr>(pointer), stream));
}

FP8_CUDA_EXPORT void mgpuMemcpy(void *destination, void *source,
                                size_t sizeBytes, CUstream stream) {
  if (sizeBytes == 0)
    return;
  CUDA_CHECK(cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(destination),
                           reinterpret_cast<CUdeviceptr>(source), sizeBytes,
                           stream));
}

FP8_CUDA_EXPORT void mgpuMemset32(void *destination, unsigned int value,
                                  size_t count, CUstream stream) {
  CUDA_CHECK(cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(destination), value,
                              count, stream));
}

FP8_CUDA_EXPORT void mgpuMemset16(void *destination, unsigned short value,
                                  size_t count, CUstream stream) {
  CUDA_CHECK(cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(destination), value,
                              count, stream));
}

/// 0 when the driver loads and sees at least one device: what fp8-run
/// --device cuda checks before compiling (no abort, unlike the others).
FP8_CUDA_EXPORT int fp8CudaDeviceCount() {
  if (cuInit(0) != CUDA_SUCCESS)
    return 0;
  int count = 0;
  if (cuDeviceGetCount(&count) != CUDA_SUCCESS)
    return 0;
  return count;
}
