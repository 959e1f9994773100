//===- Samples.cpp - .npy inputs and results of an entry function ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/Samples.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace fp8;
using namespace fp8::runner;
using fp8::runtime::NpyArray;
using llvm::StringRef;

llvm::Expected<SampleSet> SampleSet::gather(llvm::ArrayRef<std::string> paths,
                                            bool allowDirectories) {
  SampleSet set;
  for (const std::string &path : paths) {
    Source source;
    source.path = path;
    source.isDirectory = llvm::sys::fs::is_directory(path);
    if (source.isDirectory) {
      if (!allowDirectories)
        return llvm::createStringError(
            "--input " + path +
            " is a directory; directories of samples are for --calibrate");
      std::error_code error;
      for (llvm::sys::fs::directory_iterator it(path, error), end;
           it != end && !error; it.increment(error))
        if (llvm::sys::path::extension(it->path()) == ".npy")
          source.samples.push_back(it->path());
      if (error)
        return llvm::createStringError(path +
                                       ": cannot list: " + error.message());
      if (source.samples.empty())
        return llvm::createStringError("--input " + path +
                                       " holds no .npy files");
      llvm::sort(source.samples);
    }
    set.sources.push_back(std::move(source));
  }
  // Every directory holds the same number of samples.
  const Source *first = nullptr;
  for (const Source &source : set.sources) {
    if (!source.isDirectory)
      continue;
    if (!first) {
      first = &source;
    } else if (source.samples.size() != first->samples.size()) {
      return llvm::createStringError(
          llvm::formatv("--input {0} holds {1} .npy files but --input {2} "
                        "holds {3}; every directory needs the same number",
                        source.path, source.samples.size(), first->path,
                        first->samples.size())
              .str());
    }
  }
  return std::move(set);
}

size_t SampleSet::size() const {
  for (const Source &source : sources)
    if (source.isDirectory)
      return source.samples.size();
  return 1;
}

llvm::Error SampleSet::load(size_t index) {
  storage.clear();
  // No reallocation: `arrays` points into it.
  storage.reserve(sources.size());
  arrays.clear();
  names.clear();
  for (Source &source : sources) {
    if (source.isDirectory) {
      llvm::Expected<NpyArray> array =
          runtime::readNpyFile(source.samples[index]);
      if (!array)
        return array.takeError();
      storage.push_back(std::move(*array));
      arrays.push_back(&storage.back());
      names.push_back(source.samples[index]);
      continue;
    }
    if (!source.array) {
      llvm::Expected<NpyArray> array = runtime::readNpyFile(source.path);
      if (!array)
        return array.takeError();
      source.array = std::move(*array);
    }
    arrays.push_back(&*source.array);
    names.push_back(source.path);
  }
  return llvm::Error::success();
}

llvm::Error fp8::runner::checkOutputDir(StringRef directory) {
  if (llvm::sys::fs::exists(directory) &&
      !llvm::sys::fs::is_directory(directory))
    return llvm::createStringError("--output-dir " + directory +
                                   ": exists and is not a directory");
  return llvm::Error::success();
}

llvm::Error fp8::runner::writeResults(StringRef entry,
                                      llvm::ArrayRef<NpyArray> results,
                                      StringRef directory) {
  if (llvm::Error error = checkOutputDir(directory))
    return error;
  if (std::error_code error = llvm::sys::fs::create_directories(directory))
    return llvm::createStringError("--output-dir " + directory +
                                   ": cannot create: " + error.message());
  std::vector<std::string> written;
  for (auto [i, result] : llvm::enumerate(results)) {
    llvm::SmallString<256> path(directory);
    llvm::sys::path::append(path,
                            llvm::formatv("{0}_result{1}.npy", entry, i).str());
    if (llvm::Error error = runtime::writeNpyFile(path, result)) {
      for (const std::string &previous : written)
        llvm::sys::fs::remove(previous);
      return error;
    }
    written.push_back(path.str().str());
  }
  return llvm::Error::success();
}
