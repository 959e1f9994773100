//===- JSONSupport.cpp - reading the project's JSON files -----------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "JSONSupport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

using namespace fp8::calibration::json_support;
using llvm::StringRef;
using llvm::Twine;

llvm::Error fp8::calibration::json_support::makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string fp8::calibration::json_support::formatDouble(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::optional<int64_t>
fp8::calibration::json_support::readInteger(const llvm::json::Value &value) {
  // LLVM's bound check admits the double 2^63 (double(INT64_MAX) rounds up
  // to it), which it then converts to int64_t.
  std::optional<double> number = value.getAsNumber();
  if (number && *number >= 0x1p63 && !value.getAsUINT64())
    return std::nullopt;
  return value.getAsInteger();
}

std::string
fp8::calibration::json_support::describe(const llvm::json::Value &value) {
  switch (value.kind()) {
  case llvm::json::Value::Null:
    return "null";
  case llvm::json::Value::Boolean:
    return *value.getAsBoolean() ? "true" : "false";
  case llvm::json::Value::Number:
    if (std::optional<int64_t> integer = readInteger(value))
      return std::to_string(*integer);
    return formatDouble(*value.getAsNumber());
  case llvm::json::Value::String:
    return ("the string \"" + *value.getAsString() + "\"").str();
  case llvm::json::Value::Array:
    return "an array";
  case llvm::json::Value::Object:
    return "an object";
  }
  return "a value";
}

//===----------------------------------------------------------------------===//
// Syntax check
//===----------------------------------------------------------------------===//

namespace {
/// RFC 8259 syntax, with the offset of the first error and keys compared as
/// written (escapes not decoded) for duplicates. llvm::json::parse then
/// builds the value; its own messages are only a fallback.
class SyntaxChecker {
public:
  explicit SyntaxChecker(StringRef text) : text(text) {}

  /// False with `message` and `offset` set at the first problem.
  bool check() {
    skipSpace();
    if (!value(0))
      return false;
    skipSpace();
    if (pos != text.size())
      return fail("unexpected text after the top-level value");
    return true;
  }

  std::string message;
  size_t offset = 0;

private:
  static constexpr int kMaxDepth = 1024;

  bool fail(const Twine &what) {
    message = what.str();
    offset = pos;
    return false;
  }
  bool atEnd() const { return pos >= text.size(); }
  char peek() const { return atEnd() ? '\0' : text[pos]; }
  bool failExpecting(const Twine &what) {
    return fail(atEnd() ? "unexpected end of input (expected " + what + ")"
                        : "expected " + what);
  }
  void skipSpace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' ||
                        peek() == '\r'))
      ++pos;
  }

  bool value(int depth) {
    if (depth > kMaxDepth)
      return fail("nesting deeper than " + Twine(kMaxDepth) + " levels");
    switch (peek()) {
    case '{':
      return object(depth);
    case '[':
      return array(depth);
    case '"':
      return string(nullptr);
    case 't':
      return literal("true");
    case 'f':
      return literal("false");
    case 'n':
      return literal("null");
    default:
      if (peek() == '-' || llvm::isDigit(peek()))
        return number();
      return failExpecting("a value");
    }
  }

  bool literal(StringRef word) {
    if (!text.substr(pos).starts_with(word))
      return failExpecting("a value");
    pos += word.size();
    return true;
  }

  /// As lenient as llvm::json, which then parses the value (a number it
  /// accepts, such as `1.`, must not become an error here): the longest run
  /// of number characters that strtod reads in full.
  bool number() {
    size_t start = pos;
    while (!atEnd() &&
           (llvm::isDigit(peek()) || StringRef("+-.eE").contains(peek())))
      ++pos;
    std::string token = text.slice(start, pos).str();
    char *end = nullptr;
    std::strtod(token.c_str(), &end);
    if (end != token.c_str() + token.size()) {
      pos = start;
      return fail("invalid number '" + token + "'");
    }
    return true;
  }

  /// A string; `raw` gets its text between the quotes as written.
  bool string(StringRef *raw) {
    size_t start = ++pos;
    while (!atEnd() && peek() != '"') {
      unsigned char c = peek();
      if (c < 0x20)
        return fail("control character in a string (write it as an escape)");
      if (c != '\\') {
        ++pos;
        continue;
      }
      ++pos;
      char escape = peek();
      if (escape == 'u') {
        ++pos;
        for (int i = 0; i < 4; ++i, ++pos)
          if (!llvm::isHexDigit(peek()))
            return failExpecting("four hex digits after \\u");
        continue;
      }
      if (!StringRef("\"\\/bfnrt").contains(escape) || atEnd())
        return failExpecting("an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, "
                             "\\t or \\uXXXX)");
      ++pos;
    }
    if (atEnd())
      return fail("unexpected end of input in a string (missing closing "
                  "quote)");
    if (raw)
      *raw = text.slice(start, pos);
    ++pos;
    return true;
  }

  bool object(int depth) {
    ++pos;
    llvm::StringSet<> keys;
    skipSpace();
    if (peek() == '}') {
      ++pos;
      return true;
    }
    while (true) {
      skipSpace();
      if (peek() != '"')
        return failExpecting("a string key");
      size_t keyOffset = pos;
      StringRef key;
      if (!string(&key))
        return false;
      if (!keys.insert(key).second) {
        pos = keyOffset;
        return fail("duplicate key \"" + key + "\"");
      }
      skipSpace();
      if (peek() != ':')
        return failExpecting("':' after the key \"" + key + "\"");
      ++pos;
      skipSpace();
      if (!value(depth + 1))
        return false;
      skipSpace();
      if (peek() == '}') {
        ++pos;
        return true;
      }
      if (peek() != ',')
        return failExpecting("',' or '}' after an object member");
      ++pos;
    }
  }

  bool array(int depth) {
    ++pos;
    skipSpace();
    if (peek() == ']') {
      ++pos;
      return true;
    }
    while (true) {
      skipSpace();
      if (!value(depth + 1))
        return false;
      skipSpace();
      if (peek() == ']') {
        ++pos;
        return true;
      }
      if (peek() != ',')
        return failExpecting("',' or ']' after an array element");
      ++pos;
    }
  }

  StringRef text;
  size_t pos = 0;
};

/// "<source>:<line>:<column>" of a byte offset (both 1-based).
std::string locate(StringRef text, size_t offset, StringRef source) {
  StringRef before = text.take_front(offset);
  size_t line = 1 + before.count('\n');
  size_t lineStart = before.rfind('\n');
  size_t column =
      offset - (lineStart == StringRef::npos ? 0 : lineStart + 1) + 1;
  return (source + ":" + Twine(line) + ":" + Twine(column)).str();
}
} // namespace

llvm::Expected<llvm::json::Value>
fp8::calibration::json_support::parse(StringRef text, StringRef source) {
  size_t badByte = 0;
  if (!llvm::json::isUTF8(text, &badByte))
    return makeError(locate(text, badByte, source) +
                     ": malformed JSON: invalid UTF-8");
  SyntaxChecker checker(text);
  if (!checker.check()) {
    bool duplicate = StringRef(checker.message).starts_with("duplicate key");
    return makeError(locate(text, checker.offset, source) + ": " +
                     (duplicate ? "" : "malformed JSON: ") + checker.message);
  }
  llvm::Expected<llvm::json::Value> root = llvm::json::parse(text);
  // Text our check accepts and llvm::json does not (a limit of its own):
  // its message as it is.
  if (!root)
    return makeError(source +
                     ": malformed JSON: " + llvm::toString(root.takeError()));
  return root;
}

//===----------------------------------------------------------------------===//
// FieldReader
//===----------------------------------------------------------------------===//

llvm::Error FieldReader::rejectUnknown(llvm::ArrayRef<StringRef> known) const {
  std::vector<std::string> unknown;
  for (const auto &entry : object)
    if (!llvm::is_contained(known, StringRef(entry.first)))
      unknown.push_back(entry.first.str());
  if (unknown.empty())
    return llvm::Error::success();
  llvm::sort(unknown);
  return fail("unknown field \"" + prefix + unknown.front() + "\" (expected " +
              llvm::join(known, ", ") + ")");
}

llvm::Expected<const llvm::json::Value *>
FieldReader::get(StringRef key) const {
  if (const llvm::json::Value *value = object.get(key))
    return value;
  return fail("missing field \"" + prefix + key + "\"");
}

llvm::Expected<double> FieldReader::finiteNumber(StringRef key) const {
  // JSON has no NaN or infinity literals; a producer that wrote NaN as null
  // or as a string, or an overflowing literal such as 1e999, ends up here.
  FP8_ASSIGN_OR_RETURN(value, get(key));
  std::optional<double> number = value->getAsNumber();
  if (!number)
    return fail("field \"" + prefix + key + "\" must be a number, got " +
                describe(*value));
  if (!std::isfinite(*number))
    return fail("field \"" + prefix + key + "\" must be finite, got " +
                formatDouble(*number));
  return *number;
}

llvm::Expected<int64_t> FieldReader::count(StringRef key, bool optional) const {
  if (optional && !object.get(key))
    return 0;
  FP8_ASSIGN_OR_RETURN(value, get(key));
  return checkCount(*value, prefix + key);
}

llvm::Expected<int64_t> FieldReader::checkCount(const llvm::json::Value &value,
                                                const Twine &name) const {
  std::optional<int64_t> integer = readInteger(value);
  if (!integer)
    return fail("field \"" + name + "\" must be a non-negative integer, got " +
                describe(value));
  if (*integer < 0)
    return fail("field \"" + name + "\" must not be negative, got " +
                Twine(*integer));
  return *integer;
}

llvm::Expected<const llvm::json::Object *>
FieldReader::objectField(StringRef key) const {
  FP8_ASSIGN_OR_RETURN(value, get(key));
  if (const llvm::json::Object *nested = value->getAsObject())
    return nested;
  return fail("field \"" + prefix + key + "\" must be an object, got " +
              describe(*value));
}

llvm::Expected<const llvm::json::Array *>
FieldReader::arrayField(StringRef key) const {
  FP8_ASSIGN_OR_RETURN(value, get(key));
  if (const llvm::json::Array *array = value->getAsArray())
    return array;
  return fail("field \"" + prefix + key + "\" must be an array, got " +
              describe(*value));
}

llvm::Expected<StringRef> FieldReader::stringField(StringRef key) const {
  FP8_ASSIGN_OR_RETURN(value, get(key));
  if (std::optional<StringRef> string = value->getAsString())
    return *string;
  return fail("field \"" + prefix + key + "\" must be a string, got " +
              describe(*value));
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

llvm::Error fp8::calibration::json_support::writeFileAtomically(
    StringRef path, StringRef text, StringRef what) {
  // A unique temporary name next to the target: rename() is atomic only
  // within one file system, and a fixed name would race with another writer.
  llvm::SmallString<256> temporary;
  int fd;
  auto failure = [&](std::error_code error) {
    return makeError(path + ": cannot write " + what + ": " + error.message());
  };
  if (std::error_code error = llvm::sys::fs::createUniqueFile(
          path + ".tmp-%%%%%%%%", fd, temporary))
    return failure(error);
  auto discard = [&](std::error_code error) {
    llvm::sys::fs::remove(temporary);
    return failure(error);
  };
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text;
    os.close();
    if (os.has_error()) {
      std::error_code error = os.error();
      os.clear_error(); // else the destructor aborts
      return discard(error);
    }
  }
  if (std::error_code error = llvm::sys::fs::rename(temporary, path))
    return discard(error);
  return llvm::Error::success();
}

llvm::Expected<int64_t> fp8::calibration::json_support::readFormatAndVersion(
    const llvm::json::Object &object, StringRef formatName, StringRef what,
    llvm::ArrayRef<int64_t> versions, FieldReader::Fail fail) {
  const llvm::json::Value *format = object.get("format");
  if (!format)
    return fail("missing field \"format\" (expected \"" + formatName +
                "\"): not " + what);
  if (format->getAsString() != std::optional<StringRef>(formatName))
    return fail("field \"format\" is " + describe(*format) + ", expected \"" +
                formatName + "\": not " + what);
  // "version 1", "versions 1 and 2", "versions 1, 2 and 3".
  std::string reads = versions.size() == 1 ? "version " : "versions ";
  for (size_t i = 0; i < versions.size(); ++i) {
    if (i != 0)
      reads += i + 1 == versions.size() ? " and " : ", ";
    reads += std::to_string(versions[i]);
  }
  const llvm::json::Value *version = object.get("version");
  if (!version)
    return fail("missing field \"version\" (this build reads " + reads + ")");
  std::optional<int64_t> number = readInteger(*version);
  if (!number)
    return fail("field \"version\" must be an integer, got " +
                describe(*version) + " (this build reads " + reads + ")");
  if (!llvm::is_contained(versions, *number))
    return fail("unsupported version " + Twine(*number) +
                " (this build reads " + reads + ")");
  return *number;
}
