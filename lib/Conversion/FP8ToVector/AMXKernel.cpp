#include "KernelUtils.h"
using namespace mlir;
void mlir::fp8::populateAMXKernelPatterns(const TypeConverter &,
                                          RewritePatternSet &,
                                          const CPUTarget &) {}
