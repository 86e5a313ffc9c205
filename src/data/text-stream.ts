/**
 * Bytes → text in chunks: a file (optionally gunzipped) is read in Buffers of {@link CHUNK_BYTES}
 * and decoded by one streaming `TextDecoder`, so no string ever holds the whole file (V8 caps a
 * string at about 512 MiB). A byte sequence that is not UTF-8 is located on a second pass with
 * its line, character position and byte offset; the happy path pays nothing for that.
 */
import { createReadStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { IssueLog } from '../errors.js';

/** Size of the Buffers read from disk (and out of gunzip). */
export const CHUNK_BYTES = 4 << 20;

/** A byte source that can be read again from the start (the second pass locates bad UTF-8). */
export type ByteSource = () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Called after each chunk with the bytes read from disk so far and the file's size. */
export type ReadProgress = (bytesRead: number, bytesTotal: number) => void;

/**
 * The bytes of a file in chunks, gunzipped when `gzip` is true. Read and gunzip errors surface
 * from the iterator. `onRead` follows the bytes read from disk (compressed ones for gzip).
 *
 * @example
 * for await (const chunk of fileBytes('events.csv.gz', true)()) total += chunk.length;
 */
export function fileBytes(path: string, gzip: boolean, onRead?: ReadProgress, chunkBytes = CHUNK_BYTES): ByteSource {
  return () => {
    const file = createReadStream(path, { highWaterMark: chunkBytes });
    let stream: AsyncIterable<Uint8Array> = file;
    if (gzip) {
      const gunzip = createGunzip({ chunkSize: chunkBytes });
      // pipeline forwards a read error to gunzip (and so to the iterator); pipe() would hang
      pipeline(file, gunzip, () => {});
      stream = gunzip;
    }
    if (onRead === undefined) return stream;
    const total = statSync(path).size;
    return (async function* () {
      for await (const chunk of stream) {
        yield chunk;
        onRead(file.bytesRead, total);
      }
    })();
  };
}

/** Where the first invalid UTF-8 sequence starts: 1-based line and character position, 0-based byte offset. */
export interface Utf8Fault {
  line: number;
  position: number;
  offset: number;
  byte: number;
}

/**
 * Find the first byte sequence that is not UTF-8 (WHATWG / RFC 3629: no overlongs, no
 * surrogates, nothing past U+10FFFF), or undefined when every byte is valid. Positions count
 * UTF-16 units, as the parsers do.
 *
 * @example
 * await firstInvalidUtf8(() => [Buffer.from([0x61, 0x0a, 0x62, 0xfc])]) // => { line: 2, position: 2, offset: 3, byte: 252 }
 */
export async function firstInvalidUtf8(source: ByteSource): Promise<Utf8Fault | undefined> {
  let line = 1;
  let position = 1;
  let offset = 0;
  let need = 0;
  let length = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let start = 0;
  let lead = 0;
  for await (const chunk of source()) {
    for (let i = 0; i < chunk.length; i++, offset++) {
      const b = chunk[i]!;
      if (need > 0) {
        if (b < lower || b > upper) return { line, position, offset: start, byte: lead };
        lower = 0x80;
        upper = 0xbf;
        if (--need === 0) position += length === 4 ? 2 : 1;
        continue;
      }
      start = offset;
      lead = b;
      if (b < 0x80) {
        if (b === 10) {
          line++;
          position = 1;
        } else position++;
        continue;
      }
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
      } else return { line, position, offset, byte: b };
      length = need + 1;
    }
  }
  return need > 0 ? { line, position, offset: start, byte: lead } : undefined;
}

/**
 * Decode a byte source chunk by chunk and hand each piece of text to `sink`. Returns false (with
 * the issue logged) when the bytes are UTF-16 or not valid UTF-8; `latin1` never fails.
 *
 * @example
 * let text = ''; await decodeChunks(() => [Buffer.from('a,b\n')], 'f.csv', log, 'utf-8', (t) => { text += t; }) // => true
 */
export async function decodeChunks(source: ByteSource, file: string, log: IssueLog, encoding: 'utf-8' | 'latin1', sink: (text: string) => void): Promise<boolean> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let head: Uint8Array | undefined = new Uint8Array(0);
  // only the decoder's TypeError means bad bytes; an error from the sink or the read passes through
  let decoding = false;
  const decode = (bytes?: Uint8Array): string => {
    decoding = true;
    const text = bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    decoding = false;
    return text;
  };
  try {
    for await (let chunk of source()) {
      if (head !== undefined) {
        // the first two bytes decide UTF-16 (a byte-order mark), whatever the chunk size
        const joined: Uint8Array = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        if (joined.length < 2) {
          head = joined;
          continue;
        }
        if (isUtf16(joined)) return utf16(file, log);
        head = undefined;
        chunk = joined;
      }
      const text = decode(chunk);
      if (text.length > 0) sink(text);
    }
    if (head !== undefined && head.length > 0) sink(decode(head));
    const rest = decode();
    if (rest.length > 0) sink(rest);
    return true;
  } catch (e) {
    if (!decoding) throw e;
    const fault = await firstInvalidUtf8(source);
    log.error({
      code: 'encoding_invalid', file, line: fault?.line ?? 1, ...(fault ? { position: fault.position } : {}),
      message: fault ? `text is not valid UTF-8 (byte 0x${fault.byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${fault.offset})` : 'text is not valid UTF-8',
      hint: 're-save the file as UTF-8, or set `encoding: latin1` for this table in a mapping file',
    });
    return false;
  }
}

function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function utf16(file: string, log: IssueLog): false {
  log.error({ code: 'encoding_invalid', file, line: 1, message: 'file is UTF-16 encoded', hint: 'save it as UTF-8 (Excel: "CSV UTF-8")' });
  return false;
}
