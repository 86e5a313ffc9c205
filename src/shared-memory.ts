/**
 * Typed arrays on SharedArrayBuffers, for the worker threads of the fits (`fit/decay-threads.ts`,
 * `gbm/fit-threads.ts`): a typed array on a SharedArrayBuffer posted to a worker shares its memory.
 */

/** A Float64Array of `length` elements (zeros) on a SharedArrayBuffer. */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(8, length * 8)), 0, length);
}

/** A Uint32Array of `length` elements (zeros) on a SharedArrayBuffer. */
export function sharedUint32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(Math.max(4, length * 4)), 0, length);
}

/** A Uint8Array of `length` elements (zeros) on a SharedArrayBuffer. */
export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, length)), 0, length);
}

/** An Int32Array of `length` elements (zeros) on a SharedArrayBuffer. */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(4, length * 4)), 0, length);
}

/** `values` itself when it is on a SharedArrayBuffer already, else a copy on one. */
export function toShared<T extends Float64Array | Int32Array>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = (values instanceof Float64Array ? sharedFloat64(values.length) : sharedInt32(values.length)) as T;
  copy.set(values);
  return copy;
}

/** A copy of 0/1 labels (any array of numbers) as a Uint8Array on a SharedArrayBuffer. */
export function toSharedBytes(values: ArrayLike<number>): Uint8Array {
  const copy = sharedUint8(values.length);
  for (let i = 0; i < values.length; i++) copy[i] = values[i]!;
  return copy;
}
