// A small, dependency-free reader for untrusted JSON: every error names the offending path
// (JSONPath-like, e.g. `$.topics[2].partitions[0].replicas[1]`) and says what was expected.

import { InputError } from './errors';

/** Untrusted JSON that does not fit: "<source>: <path>: <problem>". A user error (InputError). */
export class ValidationError extends InputError {
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly source?: string,
    fix?: string,
  ) {
    super(problem, { where: source ? `${source}: ${path}` : path, fix });
    this.name = 'ValidationError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Throws a ValidationError at a path with a free-form problem (for cross-field checks). */
export function invalid(path: string, problem: string, source?: string): never {
  throw new ValidationError(path, problem, source);
}

/** A cursor over a JSON value that knows where it is. */
export class JsonReader {
  // The path is built only when it is asked for (an error): a 50,000-partition file makes millions of readers.
  private readonly parent: JsonReader | undefined;
  private readonly key: string | number | undefined;
  private readonly rootPath: string;

  constructor(
    readonly value: unknown,
    path = '$',
    readonly source?: string,
    at?: { parent: JsonReader; key: string | number },
  ) {
    this.rootPath = path;
    this.parent = at?.parent;
    this.key = at?.key;
  }

  /** JSONPath-like location, e.g. `$.topics[2].partitions[0]`; a key that is not an identifier is quoted. */
  get path(): string {
    if (!this.parent) return this.rootPath;
    const k = this.key;
    if (typeof k === 'number') return `${this.parent.path}[${k}]`;
    return /^[A-Za-z_$][\w$]*$/.test(k as string) ? `${this.parent.path}.${k}` : `${this.parent.path}[${JSON.stringify(k)}]`;
  }

  /** Throws a ValidationError at this path: "expected <expected>, got <what is there>". */
  fail(expected: string): never {
    throw new ValidationError(this.path, `expected ${expected}, got ${describe(this.value)}`, this.source);
  }

  field(name: string): JsonReader {
    const obj = this.object();
    return new JsonReader(obj[name], undefined, this.source, { parent: this, key: name });
  }

  has(name: string): boolean {
    const obj = this.object();
    return obj[name] !== undefined && obj[name] !== null;
  }

  optional<T>(name: string, read: (r: JsonReader) => T): T | undefined {
    return this.has(name) ? read(this.field(name)) : undefined;
  }

  object(): Record<string, unknown> {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.fail('an object');
    return this.value as Record<string, unknown>;
  }

  array(): JsonReader[] {
    if (!Array.isArray(this.value)) this.fail('an array');
    return (this.value as unknown[]).map((v, i) => new JsonReader(v, undefined, this.source, { parent: this, key: i }));
  }

  /** Object entries as readers, for maps keyed by string; a key that is not an identifier is quoted in the path. */
  entries(): [string, JsonReader][] {
    const obj = this.object();
    return Object.keys(obj).map((k) => [k, new JsonReader(obj[k], undefined, this.source, { parent: this, key: k })]);
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail('a string');
    return this.value as string;
  }

  nonEmptyString(): string {
    const s = this.string();
    if (s.length === 0) this.fail('a non-empty string');
    return s;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('true or false');
    return this.value as boolean;
  }

  number(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail('a finite number');
    return this.value as number;
  }

  /** An integer in [min, max]. */
  int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const n = this.value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      this.fail(min === 0 && max === Number.MAX_SAFE_INTEGER ? 'a whole number >= 0' : `a whole number from ${min} to ${max}`);
    }
    return n as number;
  }

  oneOf<T extends string>(allowed: readonly T[]): T {
    const s = this.value;
    if (typeof s !== 'string' || !allowed.includes(s as T)) this.fail(`one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    return s as T;
  }
}

/** Parses JSON text, turning a syntax error into one that names the file and the line. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    let where = '';
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    throw new ValidationError('$', `not valid JSON${where}: ${message}`, source);
  }
}
