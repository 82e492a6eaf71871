// The facts src/flink extracts from a Flink job's syntax tree (Java, Scala or Python), language-neutral so the rules
// in ./rules.ts judge all three the same way. Pure data: no parser types leak in here.
//
// Method names are normalised to Java's camelCase ("key_by" -> "keyBy") so one rule covers PyFlink too.

import type { SqlSourceFact } from './sqlFacts';

export type FlinkLanguage = 'java' | 'scala' | 'python';

/** 0-based line and column (UTF-16 code units), end exclusive. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Expr =
  /** a.name(args) or name(args); `nameRange` covers the method name only. */
  | { k: 'call'; name: string; target?: Expr; args: Expr[]; range: SourceRange; nameRange: SourceRange; text: string }
  /** new Type(args), or Type(args) for a capitalised callee in Scala/Python; `anonymous`: new Type() { body }. */
  | { k: 'new'; type: string; args: Expr[]; range: SourceRange; text: string; anonymous?: boolean }
  | { k: 'id'; name: string; range: SourceRange; text: string }
  | { k: 'field'; target: Expr; name: string; range: SourceRange; text: string }
  | { k: 'lit'; kind: 'string' | 'number' | 'bool' | 'null'; value: string | number | boolean | null; range: SourceRange; text: string }
  /** A lambda; `returns` are the values it can return (the body expression, or each `return` of a block). */
  | { k: 'lambda'; params: string[]; returns: Expr[]; range: SourceRange; text: string }
  /** Type::method (Java) */
  | { k: 'mref'; target: string; name: string; range: SourceRange; text: string }
  /** An operator expression; `bool` when its value is a boolean (comparison, logical, negation). */
  | { k: 'op'; bool: boolean; operands: Expr[]; range: SourceRange; text: string }
  | { k: 'other'; children: Expr[]; range: SourceRange; text: string };

export interface Assignment {
  name: string;
  value: Expr;
  range: SourceRange;
}

export interface FieldFact {
  name: string;
  type: string;
  isPublic: boolean;
  isStatic: boolean;
  isTransient: boolean;
  isFinal: boolean;
}

export interface MethodFact {
  name: string;
  returnType: string;
  paramCount: number;
  isPublic: boolean;
  /** Declared private: nothing outside the file calls it. */
  isPrivate?: boolean;
}

export interface ClassFact {
  name: string;
  kind: 'class' | 'enum' | 'interface' | 'record';
  isPublic: boolean;
  isStatic: boolean;
  isAbstract: boolean;
  /** Declared inside another class. */
  nested: boolean;
  /** What it extends and implements, by base name (KeyedProcessFunction, CheckpointedFunction). */
  supertypes: string[];
  fields: FieldFact[];
  methods: MethodFact[];
  /** Parameter counts of the declared constructors, with visibility. */
  constructors: { paramCount: number; isPublic: boolean }[];
  range: SourceRange;
  nameRange: SourceRange;
}

export interface FlinkFacts {
  language: FlinkLanguage;
  /** The package the file declares (Java `package a.b;`, Scala `package a.b`), if any. */
  packageName?: string;
  /** Imports as written ("org.apache.flink.streaming.api.datastream.DataStream", "pyflink.datastream"). */
  imports: { name: string; range: SourceRange }[];
  /** Types that flow through the job: type arguments of DataStream<...>, KeyedStream<...>, *Function<...>. */
  streamTypes: { name: string; range: SourceRange }[];
  /** Every top-level expression (statement-level), in source order; nested calls live inside them. */
  roots: Expr[];
  /** Variable (and field / self.x) assignments, in source order. */
  assignments: Assignment[];
  /**
   * Variables, fields and parameters declared with a type, by name: `DataStream<Event> events` -> DataStream (the base
   * type, no type arguments or package).
   */
  declarations: { name: string; type: string }[];
  classes: ClassFact[];
  /** The parse hit syntax errors (the analysis still runs on every statement it could read). */
  syntaxErrors: number;
  /** What the extraction could not read, for the log (never a finding): e.g. nesting deeper than it follows. */
  notes: string[];
  /**
   * if/else statements (Java, Scala, Python; else-if chains flattened) with the range of each branch: the pipelines
   * built in them are alternatives, only one runs.
   */
  alternatives?: { range: SourceRange; branches: SourceRange[] }[];
  /** Functions and methods of the file with the values they return (a helper building an environment or a source). */
  functions?: { name: string; range: SourceRange; returns: Expr[] }[];
  /** Bugs met while extracting (an exception in a visitor): logged, and the tests fail on any. */
  internalErrors: string[];
  /** The Flink SQL strings the job runs (executeSql, sqlQuery, ...) as Flink SQL's grammar read them (./sqlFacts.ts). */
  sql?: SqlSourceFact[];
}
