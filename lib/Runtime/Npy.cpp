//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A .npy file is the magic "\x93NUMPY", a major and a minor version byte, the
// header length (uint16 in version 1.0, uint32 in 2.0 and 3.0), the header (a
// Python dict literal such as {'descr': '<f4', 'fortran_order': False,
// 'shape': (2, 3), } padded with spaces and ended by a newline) and the raw
// elements.
//
//===----------------------------------------------------------------------===//

#include "fp8/Runtime/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

using namespace fp8::runtime;
using llvm::StringRef;

static_assert(llvm::endianness::native == llvm::endianness::little,
              "the .npy reader and writer assume a little-endian host");

namespace {

constexpr StringRef kMagic("\x93NUMPY", 6);
constexpr int64_t kAlignment = 64;

struct DTypeInfo {
  NpyDType dtype;
  char kind;
  int64_t size;
  StringRef descr;
};

constexpr DTypeInfo kDTypes[] = {
    {NpyDType::F16, 'f', 2, "<f2"}, {NpyDType::F32, 'f', 4, "<f4"},
    {NpyDType::F64, 'f', 8, "<f8"}, {NpyDType::I8, 'i', 1, "|i1"},
    {NpyDType::U8, 'u', 1, "|u1"},  {NpyDType::I32, 'i', 4, "<i4"},
    {NpyDType::I64, 'i', 8, "<i8"}, {NpyDType::Bool, 'b', 1, "|b1"},
};

const DTypeInfo &infoOf(NpyDType dtype) {
  for (const DTypeInfo &info : kDTypes)
    if (info.dtype == dtype)
      return info;
  llvm_unreachable("unknown NpyDType");
}

llvm::Error makeError(StringRef source, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (source + ": " + message).str());
}

/// A value of the header dict: a string, a bool, a tuple of integers, or
/// something else (a list, for structured dtypes).
struct HeaderValue {
  enum Kind { String, Bool, Tuple, Other } kind = Other;
  std::string string;
  bool boolean = false;
  std::vector<int64_t> tuple;
};

/// Parses the Python dict literal of a .npy header.
class HeaderParser {
public:
  HeaderParser(StringRef text, StringRef source) : text(text), source(source) {}

  llvm::Error parse(std::vector<std::pair<std::string, HeaderValue>> &items) {
    skipSpace();
    if (!consume('{'))
      return malformed("expected '{'");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return malformed("expected a quoted key");
      skipSpace();
      if (!consume(':'))
        return malformed("expected ':' after '" + key + "'");
      skipSpace();
      HeaderValue value;
      if (llvm::Error error = parseValue(key, value))
        return error;
      items.emplace_back(std::move(key), std::move(value));
      skipSpace();
      if (consume('}'))
        break;
      if (!consume(','))
        return malformed("expected ',' or '}'");
    }
    skipSpace();
    if (!text.empty())
      return malformed("unexpected text after the dict");
    return llvm::Error::success();
  }

private:
  llvm::Error malformed(const llvm::Twine &what) {
    return makeError(source, "malformed header: " + what);
  }

  void skipSpace() { text = text.ltrim(" \t\r\n"); }
  bool consume(char c) { return text.consume_front(StringRef(&c, 1)); }

  bool parseString(std::string &out) {
    if (text.empty() || (text.front() != '\'' && text.front() != '"'))
      return false;
    char quote = text.front();
    size_t end = text.find(quote, 1);
    if (end == StringRef::npos)
      return false;
    out = text.substr(1, end - 1).str();
    text = text.drop_front(end + 1);
    return true;
  }

  llvm::Error parseValue(StringRef key, HeaderValue &value) {
    if (!text.empty() && (text.front() == '\'' || text.front() == '"')) {
      value.kind = HeaderValue::String;
      if (!parseString(value.string))
        return malformed("unterminated string for '" + key + "'");
      return llvm::Error::success();
    }
    if (text.consume_front("True")) {
      value.kind = HeaderValue::Bool;
      value.boolean = true;
      return llvm::Error::success();
    }
    if (text.consume_front("False")) {
      value.kind = HeaderValue::Bool;
      return llvm::Error::success();
    }
    if (consume('(')) {
      value.kind = HeaderValue::Tuple;
      while (true) {
        skipSpace();
        if (consume(')'))
          return llvm::Error::success();
        size_t digits = text.find_first_not_of("0123456789");
        if (digits == 0 || digits == StringRef::npos)
          return malformed("expected a non-negative integer in '" + key + "'");
        int64_t dim;
        if (text.take_front(digits).getAsInteger(10, dim))
          return malformed("dimension too large in '" + key + "'");
        value.tuple.push_back(dim);
        text = text.drop_front(digits);
        consume('L'); // Python 2 longs.
        skipSpace();
        if (consume(')'))
          return llvm::Error::success();
        if (!consume(','))
          return malformed("expected ',' or ')' in '" + key + "'");
      }
    }
    // A list or dict (structured dtypes): skip it with its nesting.
    value.kind = HeaderValue::Other;
    int depth = 0;
    while (!text.empty()) {
      char c = text.front();
      if (depth == 0 && (c == ',' || c == '}'))
        return llvm::Error::success();
      if (c == '[' || c == '(' || c == '{')
        ++depth;
      else if (c == ']' || c == ')' || c == '}')
        --depth;
      text = text.drop_front();
    }
    return malformed("unterminated value for '" + key + "'");
  }

  StringRef text;
  StringRef source;
};

llvm::Expected<NpyDType> parseDescr(StringRef descr, StringRef source) {
  auto unsupported = [&](const llvm::Twine &why) {
    return makeError(source, "unsupported dtype '" + descr + "'" + why +
                                 "; supported: " + getSupportedNpyDescrs());
  };
  if (descr.size() < 3)
    return unsupported("");
  char order = descr[0];
  char kind = descr[1];
  int64_t size;
  if (descr.drop_front(2).getAsInteger(10, size))
    return unsupported("");
  for (const DTypeInfo &info : kDTypes) {
    if (info.kind != kind || info.size != size)
      continue;
    // Byte order does not apply to single bytes; '=' is native (little).
    if (size == 1
            ? (order == '|' || order == '<' || order == '>' || order == '=')
            : (order == '<' || order == '='))
      return info.dtype;
    if (order == '>')
      return unsupported(" (big-endian)");
  }
  return unsupported("");
}

bool multiplyOverflows(int64_t a, int64_t b, int64_t &product) {
  return __builtin_mul_overflow(a, b, &product);
}

/// "(2, 3)", "(6,)", "()": a shape as NumPy prints it.
std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

} // namespace

//===----------------------------------------------------------------------===//
// dtypes and arrays
//===----------------------------------------------------------------------===//

StringRef fp8::runtime::getNpyDescr(NpyDType dtype) {
  return infoOf(dtype).descr;
}

int64_t fp8::runtime::getNpyElementSize(NpyDType dtype) {
  return infoOf(dtype).size;
}

std::string fp8::runtime::getSupportedNpyDescrs() {
  std::string list;
  llvm::raw_string_ostream os(list);
  llvm::interleaveComma(kDTypes, os,
                        [&](const DTypeInfo &info) { os << info.descr; });
  return list;
}

NpyArray::NpyArray(NpyDType dtype, llvm::ArrayRef<int64_t> shape)
    : dtype(dtype), shape(shape.begin(), shape.end()) {
  int64_t bytes =
      llvm::alignTo(std::max<int64_t>(getByteSize(), 1), kAlignment);
  data.reset(static_cast<char *>(std::aligned_alloc(kAlignment, bytes)));
  if (!data)
    llvm::report_bad_alloc_error("fp8-run: cannot allocate an array");
  std::memset(data.get(), 0, bytes);
}

int64_t NpyArray::getNumElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

std::string NpyArray::getShapeString() const { return formatShape(shape); }

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

llvm::Expected<NpyArray> fp8::runtime::parseNpy(StringRef bytes,
                                                StringRef source) {
  if (bytes.empty())
    return makeError(source, "empty file, not a .npy array");
  if (!bytes.starts_with(kMagic))
    return makeError(source, "not a .npy file (bad magic)");
  if (bytes.size() < kMagic.size() + 2)
    return makeError(source, "truncated header (no version)");
  int major = static_cast<uint8_t>(bytes[6]);
  int minor = static_cast<uint8_t>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    return makeError(source, llvm::formatv("unsupported .npy version {0}.{1} "
                                           "(supported: 1.0, 2.0, 3.0)",
                                           major, minor));
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t prefix = kMagic.size() + 2 + lengthBytes;
  if (bytes.size() < prefix)
    return makeError(source, "truncated header (no header length)");
  uint64_t headerLength =
      major == 1 ? llvm::support::endian::read16le(bytes.data() + 8)
                 : llvm::support::endian::read32le(bytes.data() + 8);
  if (bytes.size() - prefix < headerLength)
    return makeError(source,
                     llvm::formatv("truncated header: {0} bytes "
                                   "announced, {1} present",
                                   headerLength, bytes.size() - prefix));
  StringRef header = bytes.substr(prefix, headerLength);

  std::vector<std::pair<std::string, HeaderValue>> items;
  if (llvm::Error error = HeaderParser(header, source).parse(items))
    return std::move(error);
  auto find = [&](StringRef key) -> const HeaderValue * {
    for (const auto &item : items)
      if (item.first == key)
        return &item.second;
    return nullptr;
  };
  const HeaderValue *descr = find("descr");
  const HeaderValue *fortran = find("fortran_order");
  const HeaderValue *shapeValue = find("shape");
  if (!descr || !fortran || !shapeValue)
    return makeError(source, "malformed header: needs 'descr', "
                             "'fortran_order' and 'shape'");
  if (descr->kind != HeaderValue::String)
    return makeError(source, "unsupported dtype (structured arrays are not "
                             "supported); supported: " +
                                 getSupportedNpyDescrs());
  if (fortran->kind != HeaderValue::Bool ||
      shapeValue->kind != HeaderValue::Tuple)
    return makeError(source, "malformed header: 'fortran_order' must be a "
                             "bool and 'shape' a tuple");
  llvm::Expected<NpyDType> dtype = parseDescr(descr->string, source);
  if (!dtype)
    return dtype.takeError();

  int64_t count = 1, byteSize;
  for (int64_t dim : shapeValue->tuple)
    if (multiplyOverflows(count, dim, count))
      return makeError(source, "shape too large");
  if (multiplyOverflows(count, getNpyElementSize(*dtype), byteSize))
    return makeError(source, "shape too large");

  if (fortran->boolean)
    return makeError(source, "array is in Fortran order (fortran_order: "
                             "True); only C-order arrays are supported "
                             "(save np.ascontiguousarray(a))");

  // Check the size before allocating: a header may announce far more than
  // the file holds (or than memory can).
  StringRef payload = bytes.drop_front(prefix + headerLength);
  if (static_cast<int64_t>(payload.size()) != byteSize) {
    std::string shape = formatShape(shapeValue->tuple);
    if (static_cast<int64_t>(payload.size()) < byteSize)
      return makeError(source,
                       llvm::formatv("truncated data: shape {0} of {1} needs "
                                     "{2} bytes, the file holds {3}",
                                     shape, getNpyDescr(*dtype), byteSize,
                                     payload.size()));
    return makeError(source, llvm::formatv("size mismatch: shape {0} of {1} "
                                           "needs {2} bytes, the file holds "
                                           "{3}",
                                           shape, getNpyDescr(*dtype), byteSize,
                                           payload.size()));
  }
  NpyArray array(*dtype, shapeValue->tuple);
  std::memcpy(array.getData(), payload.data(), byteSize);
  return std::move(array);
}

llvm::Expected<NpyArray> fp8::runtime::readNpyFile(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (std::error_code error = buffer.getError())
    return makeError(path, "cannot read: " + error.message());
  return parseNpy((*buffer)->getBuffer(), path);
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

std::string fp8::runtime::serializeNpy(const NpyArray &array) {
  std::string dict =
      ("{'descr': '" + getNpyDescr(array.getDType()) +
       "', 'fortran_order': False, 'shape': " + array.getShapeString() + ", }")
          .str();
  // Pad with spaces so that the data starts 64-byte aligned; the header ends
  // with a newline.
  auto padded = [&](size_t lengthBytes) {
    size_t prefix = kMagic.size() + 2 + lengthBytes;
    size_t total = llvm::alignTo(prefix + dict.size() + 1, kAlignment);
    return total - prefix;
  };
  int major = padded(2) <= 0xFFFF ? 1 : 2;
  size_t headerLength = padded(major == 1 ? 2 : 4);

  std::string bytes(kMagic);
  bytes.push_back(static_cast<char>(major));
  bytes.push_back(0);
  char length[4];
  if (major == 1) {
    llvm::support::endian::write16le(length, headerLength);
    bytes.append(length, 2);
  } else {
    llvm::support::endian::write32le(length, headerLength);
    bytes.append(length, 4);
  }
  bytes += dict;
  bytes.append(headerLength - dict.size() - 1, ' ');
  bytes.push_back('\n');
  bytes.append(array.getData(), array.getByteSize());
  return bytes;
}

llvm::Error fp8::runtime::writeNpyFile(StringRef path, const NpyArray &array) {
  std::string bytes = serializeNpy(array);
  llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    os << bytes;
    return llvm::Error::success();
  });
  // The error names the path already: keep only the reason.
  if (error)
    return makeError(path,
                     "cannot write: " +
                         llvm::errorToErrorCode(std::move(error)).message());
  return llvm::Error::success();
}
