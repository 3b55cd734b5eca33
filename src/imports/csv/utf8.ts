import { isUtf8 } from 'node:buffer';

/**
 * What stands in the text for a byte that is not UTF-8: a lone surrogate, which no UTF-8 decodes to
 * and which the text check refuses, so the line holding it is a bad line, named with its column.
 * (A decoder's usual U+FFFD would pass unseen: two different values would become one.)
 */
export const NOT_UTF8 = '\udfff';

/**
 * Decodes UTF-8 a chunk at a time (a character split between chunks is joined), marking each byte
 * that is not part of a well-formed sequence with `NOT_UTF8`. Well-formed chunks, all but a broken
 * file's, are decoded natively.
 */
export class StrictUtf8Decoder {
  private carry: Buffer = Buffer.alloc(0);

  write(chunk: Buffer): string {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = bytes.length - incompleteTail(bytes);
    this.carry = Buffer.from(bytes.subarray(cut));
    return decode(bytes.subarray(0, cut));
  }

  end(): string {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return decode(rest);
  }
}

function decode(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += `${bytes.toString('utf8', start, i)}${NOT_UTF8}`;
    i++;
    start = i;
  }
  return out + bytes.toString('utf8', start, bytes.length);
}

/** Bytes at the end that begin a sequence not yet complete (0 when the end is a whole character). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Length of the well-formed UTF-8 sequence at `i` (The Unicode Standard, table 3-7), or 0 when the
 * byte there does not start one.
 */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
