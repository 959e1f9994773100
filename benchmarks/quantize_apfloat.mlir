// Throughput baseline for benchmarks/run.sh: f32 -> f8E4M3FN through
// upstream's convert-arith-to-apfloat (a runtime call per float op).
// libc's clock(): CPU time in microseconds (float arithmetic on the
// timer would itself go through APFloat).
func.func private @clock() -> i64
func.func private @printI64(i64)
func.func private @printNewline()

func.func @quantize(%x: memref<1048576xf32>, %y: memref<1048576xf8E4M3FN>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 1048576 : index
  %scale = arith.constant 0.5 : f32
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<1048576xf32>
    %s = arith.divf %v, %scale : f32
    %q = arith.truncf %s : f32 to f8E4M3FN
    memref.store %q, %y[%i] : memref<1048576xf8E4M3FN>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 1048576 : index
  %x = memref.alloc() : memref<1048576xf32>
  %y = memref.alloc() : memref<1048576xf8E4M3FN>
  %step = arith.constant 0.0137 : f32
  %offset = arith.constant -7000.0 : f32
  scf.for %i = %c0 to %n step %c1 {
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %v = arith.mulf %f, %step : f32
    %w = arith.addf %v, %offset : f32
    memref.store %w, %x[%i] : memref<1048576xf32>
  }
  call @quantize(%x, %y) : (memref<1048576xf32>, memref<1048576xf8E4M3FN>) -> ()
  %t0 = call @clock() : () -> i64
  call @quantize(%x, %y) : (memref<1048576xf32>, memref<1048576xf8E4M3FN>) -> ()
  call @quantize(%x, %y) : (memref<1048576xf32>, memref<1048576xf8E4M3FN>) -> ()
  call @quantize(%x, %y) : (memref<1048576xf32>, memref<1048576xf8E4M3FN>) -> ()
  %t1 = call @clock() : () -> i64
  %elapsed = arith.subi %t1, %t0 : i64
  call @printI64(%elapsed) : (i64) -> ()
  call @printNewline() : () -> ()
  memref.dealloc %x : memref<1048576xf32>
  memref.dealloc %y : memref<1048576xf8E4M3FN>
  return
}
