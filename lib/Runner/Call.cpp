//===- Call.cpp - call a compiled entry function on arrays ----------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The arguments of `_mlir_ciface_<entry>` (Runner.h): memref descriptors of
// the input arrays and the out-parameters, and room for the results it
// returns, read back through DynamicMemRefType.
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/Runner.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdlib>
#include <set>

using namespace fp8;
using namespace fp8::runner;
using fp8::runtime::NpyArray;
using fp8::runtime::NpyDType;

namespace {

/// bf16 codes (stored as a 2-byte array) to an f32 array.
NpyArray widenBF16(const NpyArray &codes) {
  NpyArray wide(NpyDType::F32, codes.getShape());
  const auto *in = reinterpret_cast<const uint16_t *>(codes.getData());
  auto *out = reinterpret_cast<uint32_t *>(wide.getData());
  for (int64_t i = 0, e = codes.getNumElements(); i < e; ++i)
    out[i] = static_cast<uint32_t>(in[i]) << 16;
  return wide;
}

} // namespace

//===----------------------------------------------------------------------===//
// TensorSpec
//===----------------------------------------------------------------------===//

bool TensorSpec::hasStaticShape() const {
  return llvm::none_of(shape, mlir::ShapedType::isDynamic);
}

std::string TensorSpec::describe() const {
  std::string dtypes = runtime::getNpyDescr(dtype).str();
  if (acceptsU8AndI8)
    dtypes += " or |u1";
  return type + " (dtype " + dtypes + ")";
}

//===----------------------------------------------------------------------===//
// Call
//===----------------------------------------------------------------------===//

std::vector<DynamicMemRefType<char>> Call::returnedMemRefs() {
  std::vector<DynamicMemRefType<char>> memrefs;
  // The struct of descriptors is their words back to back.
  int64_t *words = returned.data();
  for (const TensorSpec &spec : *resultSpecs) {
    if (spec.outParam)
      continue;
    auto rank = static_cast<int64_t>(spec.shape.size());
    memrefs.emplace_back(UnrankedMemRefType<char>{rank, words});
    words += MemRefDescriptor::getNumWords(rank);
  }
  return memrefs;
}

void Call::invoke() {
  releaseReturned();
  function(arguments.data());
  hasReturned = !returned.empty();
}

void Call::releaseReturned() {
  if (!hasReturned)
    return;
  hasReturned = false;
  // Returned memrefs are owned by the caller (the deallocation pipeline
  // clones what it does not own); free each allocation once.
  std::set<const void *> freed;
  for (const NpyArray *input : inputs)
    freed.insert(input->getData());
  for (const DynamicMemRefType<char> &memref : returnedMemRefs())
    if (freed.insert(memref.basePtr).second)
      std::free(memref.basePtr);
}

std::vector<NpyArray> Call::takeResults() {
  std::vector<NpyArray> arrays;
  std::vector<DynamicMemRefType<char>> memrefs = returnedMemRefs();
  auto memref = memrefs.begin();
  auto outParam = outParams.begin();
  for (const TensorSpec &spec : *resultSpecs) {
    NpyArray array;
    if (spec.outParam) {
      array = std::move(*outParam++);
    } else {
      array = NpyArray(spec.storage,
                       llvm::ArrayRef<int64_t>(memref->sizes, memref->rank));
      copyToRowMajor(*memref++, runtime::getNpyElementSize(spec.storage),
                     array.getData());
    }
    arrays.push_back(spec.widenBF16 ? widenBF16(array) : std::move(array));
  }
  outParams.clear();
  releaseReturned();
  return arrays;
}

//===----------------------------------------------------------------------===//
// Runner: calls
//===----------------------------------------------------------------------===//

llvm::Error Runner::checkInputs(llvm::ArrayRef<const NpyArray *> arrays,
                                llvm::ArrayRef<std::string> names) const {
  auto makeError = [](const std::string &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  if (arrays.size() != inputs.size())
    return makeError(llvm::formatv("@{0} takes {1} input(s), {2} --input "
                                   "given",
                                   entry, inputs.size(), arrays.size())
                         .str());
  for (auto [i, array] : llvm::enumerate(arrays)) {
    const TensorSpec &spec = inputs[i];
    bool dtypeMatches =
        array->getDType() == spec.dtype ||
        (spec.acceptsU8AndI8 && array->getDType() == NpyDType::U8);
    bool shapeMatches =
        array->getRank() == static_cast<int64_t>(spec.shape.size());
    for (size_t d = 0; shapeMatches && d < spec.shape.size(); ++d)
      shapeMatches = mlir::ShapedType::isDynamic(spec.shape[d]) ||
                     spec.shape[d] == array->getShape()[d];
    if (!dtypeMatches || !shapeMatches)
      return makeError(llvm::formatv("{0}: input {1} of @{2} expects {3}, "
                                     "found {4} array of shape {5}",
                                     names[i], i, entry, spec.describe(),
                                     runtime::getNpyDescr(array->getDType()),
                                     array->getShapeString())
                           .str());
  }
  return llvm::Error::success();
}

llvm::Expected<Call> Runner::prepare(llvm::ArrayRef<const NpyArray *> arrays,
                                     llvm::ArrayRef<std::string> names) const {
  if (llvm::Error error = checkInputs(arrays, names))
    return std::move(error);

  Call call;
  call.function = function;
  call.resultSpecs = &results;
  call.inputs.assign(arrays.begin(), arrays.end());
  int64_t returnedWords = 0;
  for (const TensorSpec &spec : results) {
    if (spec.outParam)
      call.outParams.emplace_back(spec.storage, spec.shape);
    else
      returnedWords += MemRefDescriptor::getNumWords(spec.shape.size());
  }
  // The callee reads the inputs only (bufferization.writable = false).
  for (const NpyArray *array : arrays)
    call.descriptors.emplace_back(const_cast<char *>(array->getData()),
                                  array->getShape().data(), array->getRank());
  for (NpyArray &array : call.outParams)
    call.descriptors.emplace_back(array.getData(), array.getShape().data(),
                                  array.getRank());
  call.returned.assign(returnedWords, 0);

  if (returnedWords)
    call.pointers.push_back(call.returned.data());
  for (MemRefDescriptor &descriptor : call.descriptors)
    call.pointers.push_back(descriptor.get());
  for (void *&pointer : call.pointers)
    call.arguments.push_back(&pointer);
  return std::move(call);
}
