// The walking code the three language visitors share (javaVisitor.ts, scalaVisitor.ts, pythonVisitor.ts): the
// facts being built, the depth guard, statement-by-statement visiting, and the constructors of the language-neutral
// expressions of src/core/flink/facts.ts. A visitor supplies two things: how a node of its grammar becomes an
// expression (`convert`) and what a statement or declaration contributes (`statement`).
//
// Error tolerant by construction: every statement is read on its own, ERROR nodes are walked into like any other, and
// an expression a visitor does not know becomes `other` with its children converted (so calls inside still count).
//
// Call chains of any length: a.b().c()...z() nests one receiver per call (the tree is left-deep), so expr() walks down
// the receivers with a loop and builds the chain from its innermost receiver outwards; only real nesting (arguments,
// parentheses, lambdas) counts towards MAX_DEPTH. What lies deeper than that is not read, and counted (`cut`) so the
// analysis can say so in a note.

import type { Expr, FlinkFacts, FlinkLanguage, SourceRange } from '../core/flink/facts';
import type { SyntaxNode } from './syntaxTree';

export type Node = SyntaxNode;

export function rangeOf(n: Node): SourceRange {
  return { line: n.startPosition.row, column: n.startPosition.column, endLine: n.endPosition.row, endColumn: n.endPosition.column };
}

/** "KeyedStream<Event, String>" -> "KeyedStream"; "org.x.Event" -> "Event". */
export function baseType(text: string): string {
  return text
    .replace(/<[\s\S]*$|\[[\s\S]*$/, '')
    .replace(/^.*\./, '')
    .trim();
}

const BOOL_OPS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', 'instanceof', 'and', 'or', 'not', 'is', 'in', '!']);
/** Nesting deeper than this (generated code, a pathological file) degrades to `other` instead of a stack overflow. */
export const MAX_DEPTH = 400;

export abstract class FactVisitor {
  readonly facts: FlinkFacts;
  private depth = 0;
  /** Nodes not read because they were nested deeper than MAX_DEPTH, and the first one's line (0-based). */
  cut = 0;
  cutLine = -1;

  constructor(readonly language: FlinkLanguage) {
    this.facts = {
      language,
      imports: [],
      streamTypes: [],
      roots: [],
      assignments: [],
      declarations: [],
      classes: [],
      syntaxErrors: 0,
      notes: [],
      internalErrors: [],
      alternatives: [],
      functions: [],
    };
  }

  /** The functions being read, innermost last: a `return` records its value on the last one. */
  private functionScopes: { name: string; range: SourceRange; returns: Expr[] }[] = [];

  /** The name of a function or method declaration, or undefined for other nodes. */
  protected functionName(n: Node): string | undefined {
    void n;
    return undefined;
  }

  /** A value the function being read returns. */
  protected recordReturn(value: Expr): void {
    this.functionScopes.at(-1)?.returns.push(value);
  }

  /** Reads `body` with no function scope (a lambda's returns are its own, not the method's). */
  protected outsideFunctions(read: () => void): void {
    const saved = this.functionScopes;
    this.functionScopes = [];
    try {
      read();
    } finally {
      this.functionScopes = saved;
    }
  }

  /** The branches of an if/else statement (consequence, then each else-if and else), or undefined for other nodes. */
  protected branchesOf(n: Node): Node[] | undefined {
    void n;
    return undefined;
  }

  /** The branches of an if/else whose else-ifs nest as `alternative` nodes of the same type (Java, Scala). */
  protected nestedBranches(n: Node, ifType: string): Node[] | undefined {
    if (n.type !== ifType) return undefined;
    const out: Node[] = [];
    let cur: Node | null = n;
    while (cur?.type === ifType) {
      const consequence = cur.childForFieldName('consequence');
      if (consequence) out.push(consequence);
      cur = cur.childForFieldName('alternative');
    }
    if (cur) out.push(cur);
    return out;
  }

  /**
   * A node of this visitor's grammar as an expression (called by expr() under the depth guard). For a node that
   * receiverOf() gives a receiver for, `receiver` is that receiver already converted.
   */
  protected abstract convert(n: Node, receiver?: Expr): Expr;

  /**
   * The receiver a node's expression is built on (`a.b()` and `a.b` -> `a`), when convert() would convert it; null
   * otherwise. expr() converts receivers in a loop, so a chain's length costs no stack.
   */
  protected abstract receiverOf(n: Node): Node | null;

  /** What one statement or declaration contributes to the facts. */
  protected abstract statement(n: Node, nestedClass: boolean): void;

  protected named(n: Node | null | undefined): Node[] {
    return n ? n.namedChildren.filter((c): c is Node => !!c) : [];
  }

  protected countError(n: Node): void {
    if (n.type === 'ERROR' || n.isMissing) this.facts.syntaxErrors++;
  }

  protected lit(n: Node, kind: 'string' | 'number' | 'bool' | 'null', value: string | number | boolean | null): Expr {
    return { k: 'lit', kind, value, range: rangeOf(n), text: n.text };
  }

  protected num(n: Node): Expr {
    const t = n.text.replace(/_/g, '');
    const v = /^0[xX]/.test(t) ? parseInt(t.replace(/[lL]$/, ''), 16) : parseFloat(t.replace(/[lLfFdD]$/, ''));
    return this.lit(n, 'number', Number.isFinite(v) ? v : null);
  }

  protected str(n: Node): Expr {
    const t = n.text;
    const m = /^[a-z]*("""|"|'''|')([\s\S]*)\1$/.exec(t);
    return this.lit(n, 'string', m ? m[2] : t);
  }

  protected other(n: Node): Expr {
    this.countError(n);
    return { k: 'other', children: this.named(n).map((c) => this.expr(c)), range: rangeOf(n), text: n.text };
  }

  protected call(n: Node, name: string, nameNode: Node, target: Expr | undefined, args: Expr[]): Expr {
    return { k: 'call', name, target, args, range: rangeOf(n), nameRange: rangeOf(nameNode), text: n.text };
  }

  protected op(n: Node, operator: string | undefined, operands: Node[]): Expr {
    return {
      k: 'op',
      bool: !!operator && BOOL_OPS.has(operator),
      operands: operands.map((c) => this.expr(c)),
      range: rangeOf(n),
      text: n.text,
    };
  }

  /** Any node as an expression. Never throws on unknown shapes; a chain of any length is read whole (see above). */
  expr(n: Node): Expr {
    const spine: Node[] = [];
    let cur = n;
    for (let r = this.receiverOf(cur); r; r = this.receiverOf(cur)) {
      spine.push(cur);
      cur = r;
    }
    let e = this.guarded(cur, undefined);
    for (let i = spine.length - 1; i >= 0; i--) e = this.guarded(spine[i], e);
    return e;
  }

  /** convert() one level deeper; past MAX_DEPTH the node is not read (and counted). */
  private guarded(n: Node, receiver: Expr | undefined): Expr {
    if (this.depth > MAX_DEPTH) {
      if (this.cut++ === 0) this.cutLine = n.startPosition.row;
      return { k: 'other', children: [], range: rangeOf(n), text: '' };
    }
    this.depth++;
    try {
      return this.convert(n, receiver);
    } finally {
      this.depth--;
    }
  }

  /** An expression statement's value: a root of the job's expression trees. */
  protected root(n: Node): Expr {
    const e = this.expr(n);
    this.facts.roots.push(e);
    return e;
  }

  protected assign(nameNode: Node | null, valueNode: Node | null, statement: Node): void {
    if (!valueNode) return;
    const value = this.root(valueNode);
    if (!nameNode) return;
    // a.b = ... and self.b = ... are known by their last name
    const name =
      nameNode.type === 'field_access' || nameNode.type === 'attribute' || nameNode.type === 'field_expression'
        ? nameNode.text.replace(/^.*\./, '')
        : nameNode.text;
    this.facts.assignments.push({ name, value, range: rangeOf(statement) });
  }

  /** A variable or parameter declared with a type (its base type: `DataStream<Event>` -> DataStream). */
  protected declare(nameNode: Node | null | undefined, typeNode: Node | null | undefined): void {
    if (!nameNode || !typeNode || nameNode.type !== 'identifier') return;
    const type = baseType(typeNode.text);
    if (type) this.facts.declarations.push({ name: nameNode.text, type });
  }

  /** Reads statements and declarations; expressions are converted whole by expr(). */
  visit(n: Node, nestedClass = false): void {
    if (this.depth > MAX_DEPTH) {
      if (this.cut++ === 0) this.cutLine = n.startPosition.row;
      return;
    }
    this.depth++;
    try {
      for (const c of this.named(n)) {
        const branches = this.branchesOf(c);
        if (branches && branches.length > 1)
          this.facts.alternatives?.push({ range: rangeOf(c), branches: branches.map((b) => rangeOf(b)) });
        const fn = this.functionName(c);
        if (fn === undefined) {
          this.statement(c, nestedClass);
          continue;
        }
        const scope = { name: fn, range: rangeOf(c), returns: [] as Expr[] };
        this.functionScopes.push(scope);
        try {
          this.statement(c, nestedClass);
        } finally {
          this.functionScopes.pop();
        }
        this.facts.functions?.push(scope);
      }
    } finally {
      this.depth--;
    }
  }
}
