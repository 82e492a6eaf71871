// An incremental scanner over JSON text, for the large inputs (Kafka's reassignment JSON, kafka-log-dirs output and
// snapshot files of clusters with a million replicas): it reads values in place, field by field, into the caller's
// compact storage, instead of JSON.parse building every object and the validating reader wrapping each value.
//
// It only handles what the fast readers expect. Anything else (a null, an escaped string where a name is read, a
// missing field, a value of another type, a syntax error) throws ScanMismatch, and the caller reads the same text
// again with JSON.parse and the validating reader (validate.ts), which names the path and the problem. So valid input
// is fast, and invalid input gets exactly the error it always got.

/** The text is not in the shape the fast path reads; the caller falls back to the validating reader. */
export class ScanMismatch extends Error {
  constructor(readonly at: number) {
    super(`unexpected JSON at offset ${at}`);
    this.name = 'ScanMismatch';
  }
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

export class JsonScanner {
  pos: number;

  constructor(
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  mismatch(): never {
    throw new ScanMismatch(this.pos);
  }

  /** The next character code after whitespace (NaN at the end). */
  peek(): number {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = t.charCodeAt(++this.pos);
    return c;
  }

  private expect(code: number): void {
    if (this.peek() !== code) this.mismatch();
    this.pos++;
  }

  private keyStart = 0;
  private keyEnd = 0;

  /**
   * Reads an object, calling `field` for each key (test it with `is`, read it with `key`); `field` must consume the
   * value. Keys are compared in place: no string per key.
   */
  object(field: () => void): void {
    this.expect(OPEN_OBJECT);
    if (this.peek() === CLOSE_OBJECT) {
      this.pos++;
      return;
    }
    const t = this.text;
    for (;;) {
      this.expect(QUOTE);
      const start = this.pos;
      let i = start;
      for (let c = t.charCodeAt(i); c !== QUOTE; c = t.charCodeAt(++i)) if (c === BACKSLASH || c < SPACE || c !== c) this.mismatch();
      this.pos = i + 1;
      this.expect(COLON);
      this.keyStart = start;
      this.keyEnd = i;
      field();
      const c = this.peek();
      this.pos++;
      if (c === COMMA) continue;
      if (c === CLOSE_OBJECT) return;
      this.pos--;
      this.mismatch();
    }
  }

  /** Whether the current key (inside `object`'s callback, before reading the value) is `name`. */
  is(name: string): boolean {
    return this.keyEnd - this.keyStart === name.length && this.text.startsWith(name, this.keyStart);
  }

  /** The current key. */
  key(): string {
    return this.text.slice(this.keyStart, this.keyEnd);
  }

  /** Reads an array, calling `item` with each index; `item` must consume the value. */
  array(item: (index: number) => void): void {
    this.expect(OPEN_ARRAY);
    if (this.peek() === CLOSE_ARRAY) {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      item(i);
      const c = this.peek();
      this.pos++;
      if (c === COMMA) continue;
      if (c === CLOSE_ARRAY) return;
      this.pos--;
      this.mismatch();
    }
  }

  /** An array of whole numbers in [min, max]. */
  intArray(min: number, max: number): number[] {
    const out: number[] = [];
    this.array(() => out.push(this.int(min, max)));
    return out;
  }

  /**
   * A string value. Strings without escapes are sliced from the text; V8 may keep a long slice as a view of the whole
   * text, so callers that keep a string beyond the read (names) pass it through `own`.
   */
  string(): string {
    this.expect(QUOTE);
    const t = this.text;
    const start = this.pos;
    let i = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) return this.escapedString(start);
      if (c < SPACE || c !== c) this.mismatch(); // control characters are invalid in JSON strings; NaN: the end
      i++;
    }
    this.pos = i + 1;
    return t.slice(start, i);
  }

  /** Start and end (exclusive) of the last string read by `stringSpan`. */
  spanStart = 0;
  spanEnd = 0;

  /** A string without escapes, left in place (spanStart..spanEnd); an escape or a control character is a mismatch. */
  stringSpan(): void {
    this.expect(QUOTE);
    const t = this.text;
    let i = this.pos;
    for (let c = t.charCodeAt(i); c !== QUOTE; c = t.charCodeAt(++i)) if (c === BACKSLASH || c < SPACE || c !== c) this.mismatch();
    this.spanStart = this.pos;
    this.spanEnd = i;
    this.pos = i + 1;
  }

  /** A string with escapes: JSON.parse decodes exactly what JSON allows. */
  private escapedString(start: number): string {
    const t = this.text;
    let i = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c !== c) this.mismatch();
      if (c === BACKSLASH) i += 2;
      else if (c === QUOTE) break;
      else i++;
    }
    this.pos = i + 1;
    try {
      return JSON.parse(t.slice(start - 1, i + 1)) as string;
    } catch {
      this.pos = start;
      return this.mismatch();
    }
  }

  /** A whole number in [min, max] (JSON.parse's value: "1e3" is 1000, "2.0" is 2). */
  int(min: number, max: number): number {
    const t = this.text;
    let c = this.peek();
    const start = this.pos;
    const negative = c === MINUS;
    if (negative) c = t.charCodeAt(++this.pos);
    if (c < ZERO || c > NINE || c !== c) this.mismatch();
    let value = 0;
    let digits = 0;
    while (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      digits++;
      c = t.charCodeAt(++this.pos);
    }
    if (c === DOT || c === 0x65 || c === 0x45 || digits > 15) {
      while ((c >= ZERO && c <= NINE) || c === DOT || c === 0x65 || c === 0x45 || c === PLUS || c === MINUS) c = t.charCodeAt(++this.pos);
      const text = t.slice(start, this.pos);
      value = Math.abs(Number(text));
      if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) this.mismatch();
    } else if (digits > 1 && t.charCodeAt(negative ? start + 1 : start) === ZERO) this.mismatch(); // a leading zero is not JSON
    const n = negative ? -value : value;
    if (!Number.isInteger(n) || n < min || n > max) this.mismatch();
    return n;
  }

  /** Consumes a null when one is next. */
  isNull(): boolean {
    if (this.peek() === 0x6e && this.text.startsWith('null', this.pos)) {
      this.pos += 4;
      return true;
    }
    return false;
  }

  /** Only whitespace is left (JSON.parse refuses anything after the value). */
  atEnd(): boolean {
    const c = this.peek();
    return c !== c;
  }

  boolean(): boolean {
    const c = this.peek();
    const t = this.text;
    if (c === 0x74 && t.startsWith('true', this.pos)) {
      this.pos += 4;
      return true;
    }
    if (c === 0x66 && t.startsWith('false', this.pos)) {
      this.pos += 5;
      return false;
    }
    return this.mismatch();
  }

  /** Skips any value and returns where it starts and ends, for the small parts read with JSON.parse. */
  skip(): { start: number; end: number } {
    const c = this.peek();
    const start = this.pos;
    if (c === QUOTE) this.string();
    else if (c === OPEN_OBJECT) this.object(() => void this.skip());
    else if (c === OPEN_ARRAY) this.array(() => this.skip());
    else {
      const t = this.text;
      let i = this.pos;
      for (let d = t.charCodeAt(i); d === d && d !== COMMA && d !== CLOSE_OBJECT && d !== CLOSE_ARRAY && d > SPACE; d = t.charCodeAt(++i));
      const token = t.slice(start, i);
      if (token !== 'true' && token !== 'false' && token !== 'null' && !/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(token))
        this.mismatch();
      this.pos = i;
    }
    return { start, end: this.pos };
  }

  /** A skipped value, parsed: for the small parts of a large document. */
  parsed(): unknown {
    const { start, end } = this.skip();
    try {
      return JSON.parse(this.text.slice(start, end));
    } catch {
      this.pos = start;
      return this.mismatch();
    }
  }
}

/** A fresh copy of a string sliced from a large text, so keeping it does not keep the text. */
export function own(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** Runs the fast reader; when the text is not in its shape, the validating one (which names the problem). */
export function scanOr<T>(fast: () => T, validating: () => T): T {
  try {
    return fast();
  } catch (err) {
    if (err instanceof ScanMismatch) return validating();
    throw err;
  }
}

/** One copy of each distinct string (topic names, log dirs, "any"), owned. */
export class Interner {
  private readonly seen = new Map<string, string>();
  /** The string returned last. */
  last = '';
  get(s: string): string {
    let v = this.seen.get(s);
    if (v === undefined) this.seen.set((v = own(s)), v);
    return (this.last = v);
  }
}

/**
 * Distinct names (topics) numbered in order of first appearance, looked up in place in a large text (an FNV-1a hash
 * of the characters and a comparison with startsWith): no string is made for a name already seen.
 */
export class NameTable {
  readonly names: string[] = [];
  private readonly hashes: number[] = [];
  private slots = new Int32Array(1024).fill(-1);

  /** The id of text[start, end), added (as an owned copy) when new. */
  idOf(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const length = end - start;
    let mask = this.slots.length - 1;
    let slot = h & mask;
    for (let id = this.slots[slot]; id >= 0; id = this.slots[slot]) {
      if (this.hashes[id] === h) {
        const name = this.names[id];
        if (name.length === length && text.startsWith(name, start)) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.names.length;
    this.names.push(own(text.slice(start, end)));
    this.hashes.push(h);
    this.slots[slot] = id;
    if (this.names.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      mask = this.slots.length - 1;
      this.hashes.forEach((hash, i) => {
        let s = hash & mask;
        while (this.slots[s] >= 0) s = (s + 1) & mask;
        this.slots[s] = i;
      });
    }
    return id;
  }

  id(name: string): number {
    return this.idOf(name, 0, name.length);
  }
}

/** A typed array twice as long with the same start, for columns that grow. */
export function grown<A extends Int32Array | Float64Array | Uint8Array>(a: A, atLeast = a.length * 2): A {
  const b = new (a.constructor as new (n: number) => A)(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}
