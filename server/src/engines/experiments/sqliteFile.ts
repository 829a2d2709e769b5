/**
 * A read-only reader of SQLite's file format (https://www.sqlite.org/fileformat2.html) for the
 * tables of an MLflow store: the 100-byte header, table B-trees (interior and leaf pages), varints,
 * records and their serial types, overflow pages, and sqlite_schema. Pages are read from the file
 * by position, so only the tables asked for are touched (10,000 runs: the 400,000 rows of `metrics`
 * are never read), and nothing is copied into a WebAssembly heap.
 *
 * Hostile input is bounded: page numbers are checked against the page count, a page met twice in a
 * scan is a corrupt file (no loop), the tree's depth and a record's size are bounded. What it does
 * not read (a header it does not know, another text encoding, text that is not UTF-8) is a
 * SqliteFileError with `unsupported` set: the caller then opens the store with SQLite itself.
 */
import { readSync } from 'node:fs';

export class SqliteFileError extends Error {
  constructor(file: string, why: string, readonly unsupported: boolean) {
    super(`${file}: ${unsupported ? 'not read by the SQLite file reader' : 'corrupt SQLite file'}: ${why}`);
  }
}

/** A value as stored: integers past 2^53 stay exact as bigint; TEXT is the whole string (NULs included). */
export type Cell = number | bigint | string | Uint8Array | null;

/** An sqlite_schema row. */
export interface SchemaEntry {
  type: string;
  name: string;
  table: string;
  root: number;
  sql: string | undefined;
}

/** Deeper than this a table B-tree is corrupt (a 2^32-page file of 512-byte pages is ~8 levels). */
const MAX_DEPTH = 40;
/** The scan lets other work (git's pipes) run every so many pages. */
const YIELD_EVERY = 256;
const MAGIC = 'SQLite format 3\0';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class SqliteFile {
  private readonly leaf: Buffer;
  private readonly spare: Buffer;
  /** Where the last varint ended (module of this reader only: saves a tuple per varint). */
  private at = 0;

  private constructor(private readonly fd: number, readonly file: string, readonly pageSize: number, private readonly usable: number, readonly pageCount: number) {
    this.leaf = Buffer.alloc(pageSize);
    this.spare = Buffer.alloc(pageSize);
  }

  /** The file open on `fd` (`size` bytes), its header checked. */
  static open(fd: number, file: string, size: number): SqliteFile {
    const header = Buffer.alloc(100);
    if (size < 512 || readSync(fd, header, 0, 100, 0) !== 100 || header.toString('latin1', 0, 16) !== MAGIC) throw new SqliteFileError(file, 'no SQLite header', true);
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw new SqliteFileError(file, `page size ${raw}`, false);
    // 1/1: the legacy journal; 2 (WAL) is read by SQLite, which knows whether a log applies.
    if (header[18] !== 1 || header[19] !== 1) throw new SqliteFileError(file, `file format ${header[18]}/${header[19]}`, true);
    const usable = pageSize - header[20];
    if (usable < 480 || header[21] !== 64 || header[22] !== 32 || header[23] !== 32) throw new SqliteFileError(file, 'payload fractions', false);
    const format = header.readUInt32BE(44);
    if (format < 1 || format > 4) throw new SqliteFileError(file, `schema format ${format}`, true);
    if (header.readUInt32BE(56) !== 1) throw new SqliteFileError(file, `text encoding ${header.readUInt32BE(56)}`, true);
    const inHeader = header.readUInt32BE(28);
    const valid = inHeader !== 0 && header.readUInt32BE(92) === header.readUInt32BE(24);
    const pageCount = valid ? inHeader : Math.floor(size / pageSize);
    if (pageCount * pageSize > size) throw new SqliteFileError(file, `${pageCount} pages in a file of ${size} bytes`, false);
    return new SqliteFile(fd, file, pageSize, usable, pageCount);
  }

  private corrupt(why: string): SqliteFileError {
    return new SqliteFileError(this.file, why, false);
  }

  private read(page: number, into: Buffer): Buffer {
    if (!Number.isInteger(page) || page < 1 || page > this.pageCount) throw this.corrupt(`page ${page} outside the file's ${this.pageCount}`);
    if (readSync(this.fd, into, 0, this.pageSize, (page - 1) * this.pageSize) !== this.pageSize) throw this.corrupt(`page ${page} cut short`);
    return into;
  }

  private varint(buf: Buffer, at: number, end: number): number {
    let value = 0;
    for (let i = 0; i < 9; i++) {
      if (at + i >= end) throw this.corrupt('a varint past its page');
      const byte = buf[at + i];
      if (i === 8) {
        value = value * 256 + byte;
        this.at = at + 9;
        return value;
      }
      value = value * 128 + (byte & 0x7f);
      if (byte < 0x80) {
        this.at = at + i + 1;
        return value;
      }
    }
    return value;
  }

  /** A rowid (a signed 64-bit varint), exact. */
  private rowid(buf: Buffer, at: number, end: number): number | bigint {
    const value = this.varint(buf, at, end);
    if (this.at - at < 8) return value;
    let big = 0n;
    for (let i = at; i < this.at; i++) big = i - at === 8 ? (big << 8n) | BigInt(buf[i]) : (big << 7n) | BigInt(buf[i] & 0x7f);
    return exact(BigInt.asIntN(64, big));
  }

  /**
   * Every row of the table B-tree rooted at `root`, in rowid order: its record's payload (valid
   * until the next call) and its rowid.
   */
  async scan(root: number, visit: (payload: Buffer, start: number, end: number, rowid: number | bigint) => void): Promise<void> {
    const seen = new Uint8Array(this.pageCount + 1);
    const stack: number[] = [root, 0];
    let pages = 0;
    while (stack.length > 0) {
      const depth = stack.pop() as number;
      const page = stack.pop() as number;
      if (depth > MAX_DEPTH) throw this.corrupt(`a B-tree deeper than ${MAX_DEPTH}`);
      if (page < 1 || page > this.pageCount || seen[page]) throw this.corrupt(`page ${page} ${seen[page] ? 'met twice' : 'outside the file'}`);
      seen[page] = 1;
      if (++pages % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const buf = this.read(page, this.leaf);
      const base = page === 1 ? 100 : 0;
      const kind = buf[base];
      const cells = buf.readUInt16BE(base + 3);
      const headerEnd = base + (kind === 0x05 ? 12 : 8);
      if (headerEnd + 2 * cells > this.usable) throw this.corrupt(`page ${page}: ${cells} cells`);
      if (kind === 0x05) {
        // Interior: children left to right, then the right-most; pushed reversed for a stack.
        stack.push(this.child(buf, base + 8), depth + 1);
        for (let i = cells - 1; i >= 0; i--) stack.push(this.child(buf, this.cellAt(buf, headerEnd, i)), depth + 1);
      } else if (kind === 0x0d) {
        for (let i = 0; i < cells; i++) this.leafCell(buf, this.cellAt(buf, headerEnd, i), seen, visit);
      } else {
        throw this.corrupt(`page ${page} is not a table B-tree page (type ${kind})`);
      }
    }
  }

  private cellAt(buf: Buffer, headerEnd: number, i: number): number {
    const at = buf.readUInt16BE(headerEnd + 2 * i);
    if (at < headerEnd || at + 4 > this.usable) throw this.corrupt(`a cell at ${at}`);
    return at;
  }

  private child(buf: Buffer, at: number): number {
    return buf.readUInt32BE(at);
  }

  private leafCell(buf: Buffer, at: number, seen: Uint8Array, visit: (payload: Buffer, start: number, end: number, rowid: number | bigint) => void): void {
    const size = this.varint(buf, at, this.usable);
    const rowid = this.rowid(buf, this.at, this.usable);
    const start = this.at;
    const max = this.usable - 35;
    if (size <= max) {
      if (start + size > this.usable) throw this.corrupt('a cell past its page');
      visit(buf, start, start + size, rowid);
      return;
    }
    // The record spills onto a chain of overflow pages; it cannot be longer than the file.
    if (size > this.pageCount * this.usable) throw this.corrupt(`a record of ${size} bytes`);
    const min = Math.floor(((this.usable - 12) * 32) / 255) - 23;
    const k = min + ((size - min) % (this.usable - 4));
    const local = k <= max ? k : min;
    if (start + local + 4 > this.usable) throw this.corrupt('a cell past its page');
    const payload = Buffer.allocUnsafe(size);
    buf.copy(payload, 0, start, start + local);
    let filled = local;
    let next = buf.readUInt32BE(start + local);
    while (filled < size) {
      if (next < 1 || next > this.pageCount || seen[next]) throw this.corrupt(`overflow page ${next} ${seen[next] ? 'met twice' : 'outside the file'}`);
      seen[next] = 1;
      const page = this.read(next, this.spare);
      const take = Math.min(size - filled, this.usable - 4);
      page.copy(payload, filled, 4, 4 + take);
      filled += take;
      next = page.readUInt32BE(0);
    }
    visit(payload, 0, size, rowid);
  }

  /**
   * The columns `want` (indexes into the record, ascending) of a record into `out`, in that order;
   * returns how many columns the record holds (fewer than the table's after an ALTER TABLE ADD COLUMN).
   */
  record(buf: Buffer, start: number, end: number, want: readonly number[], out: Cell[]): number {
    const headerSize = this.varint(buf, start, end);
    const headerEnd = start + headerSize;
    if (headerEnd > end || headerSize < 1) throw this.corrupt('a record header past its record');
    let at = this.at;
    let body = headerEnd;
    let column = 0;
    let w = 0;
    while (at < headerEnd) {
      const type = this.varint(buf, at, headerEnd);
      at = this.at;
      const length = type >= 12 ? Math.floor((type - 12) / 2) : SERIAL_SIZE[type] ?? -1;
      if (length < 0) throw this.corrupt(`serial type ${type}`);
      if (body + length > end) throw this.corrupt('a value past its record');
      if (w < want.length && want[w] === column) out[w++] = this.value(buf, body, type, length);
      body += length;
      column++;
    }
    for (; w < want.length; w++) out[w] = null;
    return column;
  }

  private value(buf: Buffer, at: number, type: number, length: number): Cell {
    switch (type) {
      case 0: return null;
      case 1: return buf.readInt8(at);
      case 2: return buf.readInt16BE(at);
      case 3: return buf.readIntBE(at, 3);
      case 4: return buf.readInt32BE(at);
      case 5: return buf.readIntBE(at, 6);
      case 6: return exact(buf.readBigInt64BE(at));
      case 7: return buf.readDoubleBE(at);
      case 8: return 0;
      case 9: return 1;
      default:
        if (type % 2 === 0) return new Uint8Array(buf.subarray(at, at + length));
        return this.text(buf, at, at + length);
    }
  }

  private text(buf: Buffer, start: number, end: number): string {
    for (let i = start; i < end; i++) {
      if (buf[i] >= 0x80) {
        try {
          return strictUtf8.decode(buf.subarray(start, end));
        } catch {
          throw new SqliteFileError(this.file, 'text that is not UTF-8', true);
        }
      }
    }
    return buf.toString('latin1', start, end);
  }

  /** sqlite_schema's rows (page 1's table). */
  async schema(): Promise<SchemaEntry[]> {
    const entries: SchemaEntry[] = [];
    const out: Cell[] = [];
    await this.scan(1, (buf, start, end) => {
      this.record(buf, start, end, [0, 1, 2, 3, 4], out);
      const [type, name, table, root, sql] = out;
      entries.push({ type: String(type), name: String(name), table: String(table), root: typeof root === 'number' ? root : 0, sql: typeof sql === 'string' ? sql : undefined });
    });
    return entries;
  }
}

/** Bytes of serial types 0–9 (10 and 11 are reserved: a corrupt record). */
const SERIAL_SIZE: readonly number[] = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

function exact(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
