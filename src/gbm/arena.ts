/**
 * The memory of a gradient-boosting fit (or prediction): one shared WebAssembly memory that holds the binned
 * rows, the row index, the gradients and the scratch arrays, so the WebAssembly kernels
 * (./kernels.wat) and the JavaScript code read the same bytes, on the caller's thread and on the
 * worker's (the memory's buffer is a SharedArrayBuffer; the worker instantiates the same module
 * on it). A fit whose arrays do not fit in the 4 GiB of a 32-bit memory, or a runtime without
 * WebAssembly threads and SIMD, gets ordinary arrays and the JavaScript kernels (same bits);
 * `LEADCAL_GBM_WASM=0` asks for that path.
 *
 * Reference: WebAssembly core specification 2.0, §2.5.7 (memories); threads proposal (shared
 * memories); the fixed-width SIMD proposal.
 */
import { KERNELS_WASM } from './kernels-wasm.js';
import { sharedFloat64, sharedInt32, sharedUint32, sharedUint8 } from '../shared-memory.js';

/** The kernels' exports (./kernels.wat): pointers are byte offsets into the arena. */
export interface WasmKernels {
  partition(rows: number, gh: number, col: number, bin: number, missingLeft: number, n: number, lefts: number, ghLefts: number, rights: number, ghRights: number): number;
  gather(rows: number, n: number, binned: number, stride: number, compact: number): void;
  histPass(hist: number, lines: number, stride: number, n: number, gh: number, pass: number, features: number): void;
  histPassColumns(hist: number, columns: number, length: number, rows: number, n: number, gh: number, pass: number, features: number): void;
  predict(cols: number, length: number, features: number, roots: number, depth: number, trees: number, node: number, shift: number, threshold: number, value: number, raw: number, from: number, to: number, scratch: number, block: number): void;
}

/** What a worker thread needs to run the kernels on the same memory. */
export interface WasmShare {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
}

/** Typed arrays for a fit: in the arena when there is one, else on SharedArrayBuffers (shared) or ordinary. */
export interface FitAllocator {
  uint8(length: number): Uint8Array;
  uint32(length: number): Uint32Array;
  int32(length: number): Int32Array;
  float64(length: number): Float64Array;
  /** `features` columns of `rows` bytes, one after another. */
  columns(features: number, rows: number): Uint8Array[];
  /** The arena's kernels, or null (the JavaScript kernels). */
  kernels: WasmKernels | null;
  /** The arena's memory and module for a worker, or null. */
  share: WasmShare | null;
}

const PAGE = 65_536;
/** Pages of a 32-bit memory: 4 GiB. */
const MAX_PAGES = 65_536;
/** Every array starts on a cache line. */
const ALIGN = 64;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernels, or null when this runtime cannot compile them (no SIMD or threads). */
function kernelsModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(KERNELS_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Bytes an arena needs for arrays of these byte lengths (each rounded up to a cache line). */
export function arenaBytes(lengths: number[]): number {
  return lengths.reduce((s, b) => s + Math.ceil(Math.max(b, 1) / ALIGN) * ALIGN, 0);
}

/**
 * Arrays for a fit: an arena of `bytes` (see {@link arenaBytes}) with the kernels when it can be
 * had, else SharedArrayBuffers (`shared`, for a worker) or ordinary arrays.
 */
export function fitAllocator(bytes: number, shared: boolean): FitAllocator {
  const module = process.env.LEADCAL_GBM_WASM === '0' ? null : kernelsModule();
  const pages = Math.ceil(bytes / PAGE) + 1;
  let memory: WebAssembly.Memory | null = null;
  if (module && pages <= MAX_PAGES) {
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    } catch {
      memory = null;
    }
  }
  if (!memory || !module) {
    return {
      uint8: (n) => (shared ? sharedUint8(n) : new Uint8Array(n)),
      uint32: (n) => (shared ? sharedUint32(n) : new Uint32Array(n)),
      int32: (n) => (shared ? sharedInt32(n) : new Int32Array(n)),
      float64: (n) => (shared ? sharedFloat64(n) : new Float64Array(n)),
      columns: (features, rows) => {
        const buffer = shared ? new SharedArrayBuffer(Math.max(1, features * rows)) : new ArrayBuffer(Math.max(1, features * rows));
        return Array.from({ length: features }, (_, f) => new Uint8Array(buffer, f * rows, rows));
      },
      kernels: null,
      share: null,
    };
  }
  const buffer = memory.buffer;
  let at = 0;
  const take = (length: number): number => {
    const start = at;
    at += Math.ceil(Math.max(length, 1) / ALIGN) * ALIGN;
    if (at > buffer.byteLength) throw new Error(`the fit's arena of ${buffer.byteLength} bytes is too small (internal error)`);
    return start;
  };
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return {
    uint8: (n) => new Uint8Array(buffer, take(n), n),
    uint32: (n) => new Uint32Array(buffer, take(4 * n), n),
    int32: (n) => new Int32Array(buffer, take(4 * n), n),
    float64: (n) => new Float64Array(buffer, take(8 * n), n),
    columns: (features, rows) => {
      const start = take(features * rows);
      return Array.from({ length: features }, (_, f) => new Uint8Array(buffer, start + f * rows, rows));
    },
    kernels: instance.exports as unknown as WasmKernels,
    share: { memory, module },
  };
}
