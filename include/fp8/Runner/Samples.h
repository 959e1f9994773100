//===- Samples.h - .npy inputs and results of an entry function -*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The arrays a Runner calls its entry on: one path per argument, each a .npy
// file (the same array for every sample) or a directory of .npy files, one
// per sample, taken in name order. And the results written back as
// DIR/<entry>_result<i>.npy.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNNER_SAMPLES_H
#define FP8_RUNNER_SAMPLES_H

#include "fp8/Runtime/Npy.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace fp8::runner {

/// The samples of an entry's arguments. Files are read once; a sample's
/// arrays stay valid until the next load().
class SampleSet {
public:
  /// One path per argument. Directories must hold the same number of .npy
  /// files; without `allowDirectories` a directory is an error.
  static llvm::Expected<SampleSet> gather(llvm::ArrayRef<std::string> paths,
                                          bool allowDirectories);

  /// The number of samples: that of the directories, else 1.
  size_t size() const;

  /// Reads sample `index`: its arrays and the files they came from.
  llvm::Error load(size_t index);
  llvm::ArrayRef<const runtime::NpyArray *> getArrays() const { return arrays; }
  llvm::ArrayRef<std::string> getNames() const { return names; }

private:
  /// One path: a file used for every sample, or a directory of samples.
  struct Source {
    std::string path;
    bool isDirectory = false;
    std::vector<std::string> samples;       // *.npy sorted by name
    std::optional<runtime::NpyArray> array; // a file, read once
  };

  std::vector<Source> sources;
  std::vector<runtime::NpyArray> storage; // the arrays of the loaded sample
  std::vector<const runtime::NpyArray *> arrays;
  std::vector<std::string> names;
};

/// `directory` names a directory or nothing yet (writeResults creates it).
llvm::Error checkOutputDir(llvm::StringRef directory);

/// Writes `results` as DIR/<entry>_result<i>.npy, every one or none: when
/// one cannot be written, the ones written before it are removed.
llvm::Error writeResults(llvm::StringRef entry,
                         llvm::ArrayRef<runtime::NpyArray> results,
                         llvm::StringRef directory);

} // namespace fp8::runner

#endif // FP8_RUNNER_SAMPLES_H
