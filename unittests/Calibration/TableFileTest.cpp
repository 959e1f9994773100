//===- TableFileTest.cpp - readFile / writeFile ---------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Samples.h"

#include "fp8/Calibration/Statistics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace fp8::calibration;
using namespace fp8::calibration::testing;

namespace {

/// A fresh directory per test, removed afterwards.
class TableFile : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(static_cast<bool>(
        llvm::sys::fs::createUniqueDirectory("fp8-calibration-test", dir)));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  std::string pathOf(llvm::StringRef name) const {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, name);
    return std::string(path);
  }

  /// Names of the entries of the directory, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    std::error_code error;
    for (llvm::sys::fs::directory_iterator it(dir, error), end;
         it != end && !error; it.increment(error))
      names.push_back(llvm::sys::path::filename(it->path()).str());
    std::sort(names.begin(), names.end());
    return names;
  }

  static CalibrationTable sampleTable() {
    CalibrationTable table;
    table.samples = 8;
    table.tensors["layer1.fc"] = statisticsOf(gaussianSamples(1000, 21));
    table.tensors["layer2.fc"] = statisticsOf({0.5f, -2.0f});
    return table;
  }

  llvm::SmallString<256> dir;
};

TEST_F(TableFile, WriteThenReadGivesTheSameTable) {
  CalibrationTable table = sampleTable();
  std::string path = pathOf("table.json");
  ASSERT_FALSE(static_cast<bool>(table.writeFile(path)));
  llvm::Expected<CalibrationTable> read = CalibrationTable::readFile(path);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_TRUE(*read == table);
  EXPECT_EQ(entries(), std::vector<std::string>{"table.json"})
      << "the temporary file must be renamed, not left behind";
}

TEST_F(TableFile, OverwritesAnExistingTable) {
  std::string path = pathOf("table.json");
  CalibrationTable first = sampleTable();
  ASSERT_FALSE(static_cast<bool>(first.writeFile(path)));
  CalibrationTable second;
  second.samples = 1;
  second.tensors["other"] = statisticsOf({3.0f});
  ASSERT_FALSE(static_cast<bool>(second.writeFile(path)));
  llvm::Expected<CalibrationTable> read = CalibrationTable::readFile(path);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_TRUE(*read == second);
  EXPECT_EQ(entries(), std::vector<std::string>{"table.json"});
}

TEST_F(TableFile, WriteIntoMissingDirectoryFailsAndCreatesNothing) {
  std::string path = pathOf("missing/table.json");
  llvm::Error error = sampleTable().writeFile(path);
  ASSERT_TRUE(static_cast<bool>(error));
  std::string message = llvm::toString(std::move(error));
  EXPECT_EQ(message.rfind(path + ": cannot write calibration table", 0), 0u)
      << "the message must name the file: " << message;
  EXPECT_TRUE(entries().empty()) << "no directory, no temporary file";
}

TEST_F(TableFile, FailedRenameLeavesNoTemporaryFile) {
  // The target is a non-empty directory: the temporary file is written, the
  // rename fails, and the temporary file must go.
  std::string path = pathOf("table.json");
  ASSERT_FALSE(static_cast<bool>(llvm::sys::fs::create_directory(path)));
  ASSERT_FALSE(static_cast<bool>(
      llvm::sys::fs::create_directory(pathOf("table.json/keep"))));
  llvm::Error error = sampleTable().writeFile(path);
  ASSERT_TRUE(static_cast<bool>(error));
  std::string message = llvm::toString(std::move(error));
  EXPECT_EQ(message.rfind(path + ": cannot write calibration table", 0), 0u)
      << message;
  EXPECT_EQ(entries(), std::vector<std::string>{"table.json"})
      << "only the directory that was there before";
  EXPECT_TRUE(llvm::sys::fs::is_directory(path));
}

TEST_F(TableFile, ReadingAMissingFileSaysSo) {
  std::string path = pathOf("absent.json");
  llvm::Expected<CalibrationTable> read = CalibrationTable::readFile(path);
  ASSERT_FALSE(static_cast<bool>(read));
  std::string message = llvm::toString(read.takeError());
  EXPECT_EQ(message, path + ": calibration table not found (no such file)");
}

TEST_F(TableFile, ReadErrorsNameTheFile) {
  std::string path = pathOf("broken.json");
  {
    std::error_code error;
    llvm::raw_fd_ostream os(path, error);
    ASSERT_FALSE(static_cast<bool>(error));
    os << "{\"format\": \"fp8-calibration\", \"version\": 7}";
  }
  llvm::Expected<CalibrationTable> read = CalibrationTable::readFile(path);
  ASSERT_FALSE(static_cast<bool>(read));
  EXPECT_EQ(llvm::toString(read.takeError()),
            path + ": unsupported version 7 (this build reads versions 1 and 2)");
}

} // namespace
