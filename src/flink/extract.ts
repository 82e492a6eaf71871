// Syntax tree (tree-sitter: Java, Scala, Python) -> the language-neutral facts of src/core/flink/facts.ts.
// Error tolerant by construction: every statement is read on its own, ERROR nodes are walked into like any other, and
// an expression the converter does not know becomes `other` with its children converted (so calls inside still count).
//
// Speed: web-tree-sitter's Node marshals through wasm on every property access and allocates a new Node for each
// child or field looked up, which made fact extraction the costliest step of a re-analysis. The tree is therefore
// copied once, with a TreeCursor, into plain JS nodes (SyntaxNode: type, field name, indices, children); texts are
// slices of the source and row/column positions come from a line table, only for the nodes whose range is kept.

import type { Node as TsNode, Point } from 'web-tree-sitter';

/** Start offsets of the lines of a text (rows and columns as tree-sitter counts them: '\n' ends a row, UTF-16 units). */
class LineTable {
  private readonly starts: number[] = [0];

  constructor(readonly source: string) {
    for (let nl = source.indexOf('\n'); nl !== -1; nl = source.indexOf('\n', nl + 1)) this.starts.push(nl + 1);
  }

  point(index: number): Point {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - s[lo] };
  }
}

/** A syntax node copied out of web-tree-sitter: the part of its Node API the extractor reads, as plain JS. */
export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  private named_: SyntaxNode[] | undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    /** The field this node is in its parent (`name`, `arguments`, ...), as TreeCursor#currentFieldName. */
    readonly fieldName: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly lines: LineTable,
  ) {}

  get text(): string {
    return this.lines.source.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.lines.point(this.startIndex);
  }

  get endPosition(): Point {
    return this.lines.point(this.endIndex);
  }

  get namedChildren(): SyntaxNode[] {
    return (this.named_ ??= this.children.filter((c) => c.isNamed));
  }

  /** The first child in field `name` (tree-sitter's childForFieldName). */
  childForFieldName(name: string): SyntaxNode | null {
    for (const c of this.children) if (c.fieldName === name) return c;
    return null;
  }
}

/** Parents whose unnamed children without a field the extractor reads (Java `Type::new`, Scala's prefix operator). */
const KEEPS_TOKENS = new Set(['method_reference', 'prefix_expression']);

/**
 * Copies the tree under `root` with one TreeCursor walk (no Node objects). Tokens (unnamed nodes: punctuation,
 * keywords) are kept only where the extractor reads them: in a field (a binary expression's `operator`) or under
 * KEEPS_TOKENS; the others are stepped over with two wasm calls each.
 */
export function snapshot(root: TsNode, source: string): SyntaxNode {
  const lines = new LineTable(source);
  const cursor = root.walk();
  // type and named-ness depend on the (aliased) symbol only: read once per type id
  const types = new Map<number, { type: string; named: boolean }>();
  const typeOf = (): { type: string; named: boolean } => {
    const id = cursor.nodeTypeId;
    let t = types.get(id);
    if (!t) {
      t = { type: cursor.nodeType, named: cursor.nodeIsNamed };
      types.set(id, t);
    }
    return t;
  };
  const make = (t: { type: string; named: boolean }, fieldName: string | null): SyntaxNode => {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // only zero-width nodes can be MISSING ones the parser inserted
    return new SyntaxNode(t.type, t.named, start === end && cursor.nodeIsMissing, fieldName, start, end, lines);
  };
  try {
    const top = make(typeOf(), null);
    const ancestors: SyntaxNode[] = [top];
    if (!cursor.gotoFirstChild()) return top;
    for (;;) {
      const t = typeOf();
      const parent = ancestors[ancestors.length - 1];
      const fieldName = cursor.currentFieldName;
      // a token nobody reads: not copied (tokens have no children)
      if (t.named || fieldName !== null || KEEPS_TOKENS.has(parent.type)) {
        const node = make(t, fieldName);
        parent.children.push(node);
        if (cursor.gotoFirstChild()) {
          ancestors.push(node);
          continue;
        }
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return top;
        ancestors.pop();
        if (ancestors.length === 0) return top; // back at the root
      }
    }
  } finally {
    cursor.delete();
  }
}

type Node = SyntaxNode;
import type { ClassFact, Expr, FlinkFacts, FlinkLanguage, SourceRange } from '../core/flink/facts';

function rangeOf(n: Node): SourceRange {
  return { line: n.startPosition.row, column: n.startPosition.column, endLine: n.endPosition.row, endColumn: n.endPosition.column };
}

/** snake_case -> camelCase, so PyFlink's key_by is keyBy. */
export function camelize(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const BOOL_OPS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', 'instanceof', 'and', 'or', 'not', 'is', 'in', '!']);
/** Generic types whose type arguments are records flowing through the job. */
const STREAM_GENERICS = /^(DataStream|DataStreamSource|KeyedStream|SingleOutputStreamOperator|WindowedStream|AllWindowedStream|\w*Function|KeySelector|TypeHint|Collector|SourceFunction|SinkFunction)$/;
const MAX_DEPTH = 400;
/** Flink methods Scala code calls without parentheses. */
const SCALA_PARAMETERLESS = /^(getExecutionEnvironment|rebalance|rescale|shuffle|global|broadcast|print|printToErr|forMonotonousTimestamps|noWatermarks|disableGenericTypes|enableForceKryo|getConfig|startNewChain|disableChaining|forward)$/;

class Extractor {
  readonly facts: FlinkFacts;
  private depth = 0;

  constructor(readonly language: FlinkLanguage) {
    this.facts = { language, imports: [], streamTypes: [], roots: [], assignments: [], classes: [], syntaxErrors: 0 };
  }

  private named(n: Node | null | undefined): Node[] {
    return n ? n.namedChildren.filter((c): c is Node => !!c) : [];
  }

  private countError(n: Node): void {
    if (n.type === 'ERROR' || n.isMissing) this.facts.syntaxErrors++;
  }

  private lit(n: Node, kind: 'string' | 'number' | 'bool' | 'null', value: string | number | boolean | null): Expr {
    return { k: 'lit', kind, value, range: rangeOf(n), text: n.text };
  }

  private num(n: Node): Expr {
    const t = n.text.replace(/_/g, '');
    const v = /^0[xX]/.test(t) ? parseInt(t.replace(/[lL]$/, ''), 16) : parseFloat(t.replace(/[lLfFdD]$/, ''));
    return this.lit(n, 'number', Number.isFinite(v) ? v : null);
  }

  private str(n: Node): Expr {
    const t = n.text;
    const m = /^[a-z]*("""|"|'''|')([\s\S]*)\1$/.exec(t);
    return this.lit(n, 'string', m ? m[2] : t);
  }

  private other(n: Node): Expr {
    this.countError(n);
    return { k: 'other', children: this.named(n).map((c) => this.expr(c)), range: rangeOf(n), text: n.text };
  }

  private call(n: Node, name: string, nameNode: Node, target: Expr | undefined, args: Expr[]): Expr {
    return { k: 'call', name, target, args, range: rangeOf(n), nameRange: rangeOf(nameNode), text: n.text };
  }

  private op(n: Node, operator: string | undefined, operands: Node[]): Expr {
    return { k: 'op', bool: !!operator && BOOL_OPS.has(operator), operands: operands.map((c) => this.expr(c)), range: rangeOf(n), text: n.text };
  }

  /** Any node as an expression. Never throws on unknown shapes; deep nesting degrades to `other`. */
  expr(n: Node): Expr {
    if (this.depth > MAX_DEPTH) return { k: 'other', children: [], range: rangeOf(n), text: '' };
    this.depth++;
    try {
      switch (this.language) {
        case 'java':
          return this.javaExpr(n);
        case 'scala':
          return this.scalaExpr(n);
        default:
          return this.pythonExpr(n);
      }
    } finally {
      this.depth--;
    }
  }

  /** While a lambda block is read, its `return` values are collected here (nested lambdas collect their own). */
  private returnSink: Expr[] | undefined;

  private returnsOfBlock(block: Node): Expr[] {
    const outer = this.returnSink;
    const sink: Expr[] = [];
    this.returnSink = sink;
    try {
      this.visit(block);
    } finally {
      this.returnSink = outer;
    }
    return sink;
  }

  private javaExpr(n: Node): Expr {
    switch (n.type) {
      case 'method_invocation': {
        const nameNode = n.childForFieldName('name');
        const obj = n.childForFieldName('object');
        if (!nameNode) return this.other(n);
        return this.call(n, nameNode.text, nameNode, obj ? this.expr(obj) : undefined, this.named(n.childForFieldName('arguments')).map((a) => this.expr(a)));
      }
      case 'object_creation_expression': {
        const typeNode = n.childForFieldName('type');
        if (typeNode) this.genericTypes(typeNode);
        const body = this.named(n).find((c) => c.type === 'class_body');
        if (body) this.visit(body);
        return { k: 'new', type: baseType(typeNode?.text ?? ''), args: this.named(n.childForFieldName('arguments')).map((a) => this.expr(a)), range: rangeOf(n), text: n.text };
      }
      case 'identifier':
      case 'type_identifier':
      case 'this':
        return { k: 'id', name: n.text, range: rangeOf(n), text: n.text };
      case 'field_access': {
        const obj = n.childForFieldName('object');
        const field = n.childForFieldName('field');
        if (!obj || !field) return this.other(n);
        return { k: 'field', target: this.expr(obj), name: field.text, range: rangeOf(n), text: n.text };
      }
      case 'string_literal':
      case 'text_block':
        return this.str(n);
      case 'decimal_integer_literal':
      case 'hex_integer_literal':
      case 'decimal_floating_point_literal':
        return this.num(n);
      case 'true':
      case 'false':
        return this.lit(n, 'bool', n.type === 'true');
      case 'null_literal':
        return this.lit(n, 'null', null);
      case 'character_literal':
        return this.lit(n, 'string', n.text);
      case 'lambda_expression': {
        const params = n.childForFieldName('parameters');
        const body = n.childForFieldName('body');
        const names = params ? (params.type === 'identifier' ? [params.text] : this.named(params).map((p) => p.childForFieldName('name')?.text ?? p.text)) : [];
        const returns = !body ? [] : body.type === 'block' ? this.returnsOfBlock(body) : [this.expr(body)];
        return { k: 'lambda', params: names, returns, range: rangeOf(n), text: n.text };
      }
      case 'method_reference': {
        const parts = this.named(n);
        const last = n.children.filter((c): c is Node => !!c).at(-1);
        return { k: 'mref', target: parts[0]?.text ?? '', name: last?.text ?? '', range: rangeOf(n), text: n.text };
      }
      case 'parenthesized_expression':
      case 'cast_expression': {
        const inner = n.type === 'cast_expression' ? n.childForFieldName('value') : this.named(n)[0];
        return inner ? this.expr(inner) : this.other(n);
      }
      case 'binary_expression':
        return this.op(n, n.childForFieldName('operator')?.text, [n.childForFieldName('left'), n.childForFieldName('right')].filter((c): c is Node => !!c));
      case 'unary_expression':
        return this.op(n, n.childForFieldName('operator')?.text, this.named(n));
      case 'instanceof_expression':
        return this.op(n, 'instanceof', this.named(n));
      case 'ternary_expression':
        return this.op(n, '?', this.named(n));
      default:
        return this.other(n);
    }
  }

  private scalaExpr(n: Node): Expr {
    switch (n.type) {
      case 'call_expression': {
        let fn = n.childForFieldName('function');
        const argsNode = n.childForFieldName('arguments');
        const args = argsNode ? (argsNode.type === 'arguments' ? this.named(argsNode) : [argsNode]).map((a) => this.expr(a)) : [];
        while (fn && fn.type === 'generic_function') fn = fn.childForFieldName('function');
        if (fn?.type === 'field_expression') {
          const value = fn.childForFieldName('value');
          const field = fn.childForFieldName('field');
          if (field) return this.call(n, field.text, field, value ? this.expr(value) : undefined, args);
        }
        if (fn?.type === 'identifier') {
          if (/^[A-Z]/.test(fn.text)) return { k: 'new', type: fn.text, args, range: rangeOf(n), text: n.text };
          return this.call(n, fn.text, fn, undefined, args);
        }
        return this.other(n);
      }
      case 'instance_expression': {
        const parts = this.named(n);
        const typeNode = parts.find((c) => /type/.test(c.type));
        const argsNode = parts.find((c) => c.type === 'arguments');
        const body = parts.find((c) => c.type === 'template_body');
        if (body) this.visit(body);
        return { k: 'new', type: baseType(typeNode?.text ?? ''), args: this.named(argsNode).map((a) => this.expr(a)), range: rangeOf(n), text: n.text };
      }
      case 'generic_function': {
        const fn = n.childForFieldName('function');
        return fn ? this.expr(fn) : this.other(n);
      }
      case 'field_expression': {
        const value = n.childForFieldName('value');
        const field = n.childForFieldName('field');
        if (!value || !field) return this.other(n);
        // Scala calls parameterless methods without parentheses: env.getConfig, stream.rebalance
        if (SCALA_PARAMETERLESS.test(field.text)) return this.call(n, field.text, field, this.expr(value), []);
        return { k: 'field', target: this.expr(value), name: field.text, range: rangeOf(n), text: n.text };
      }
      case 'identifier':
      case 'type_identifier':
      case 'wildcard':
        return { k: 'id', name: n.text, range: rangeOf(n), text: n.text };
      case 'string':
        return this.str(n);
      case 'integer_literal':
      case 'floating_point_literal':
        return this.num(n);
      case 'boolean_literal':
        return this.lit(n, 'bool', n.text === 'true');
      case 'null_literal':
        return this.lit(n, 'null', null);
      case 'lambda_expression': {
        const params = n.childForFieldName('parameters');
        const body = this.named(n).filter((c) => c !== params).at(-1);
        const names = params ? (params.type === 'identifier' ? [params.text] : this.named(params).map((p) => p.childForFieldName('name')?.text ?? p.text)) : [];
        let returns: Expr[] = [];
        if (body?.type === 'block') {
          this.visit(body);
          const last = this.named(body).at(-1);
          returns = last ? [this.expr(last)] : [];
        } else if (body) returns = [this.expr(body)];
        return { k: 'lambda', params: names, returns, range: rangeOf(n), text: n.text };
      }
      case 'infix_expression':
        return this.op(n, n.childForFieldName('operator')?.text, [n.childForFieldName('left'), n.childForFieldName('right')].filter((c): c is Node => !!c));
      case 'prefix_expression':
        return this.op(n, n.children.find((c) => c && !c.isNamed)?.text, this.named(n));
      case 'parenthesized_expression': {
        const inner = this.named(n)[0];
        return inner ? this.expr(inner) : this.other(n);
      }
      case 'block': {
        this.visit(n);
        const last = this.named(n).at(-1);
        return { k: 'other', children: last ? [this.expr(last)] : [], range: rangeOf(n), text: n.text };
      }
      default:
        return this.other(n);
    }
  }

  private pythonExpr(n: Node): Expr {
    switch (n.type) {
      case 'call': {
        const fn = n.childForFieldName('function');
        const args = this.named(n.childForFieldName('arguments')).map((a) => this.expr(a.type === 'keyword_argument' ? a.childForFieldName('value') ?? a : a));
        if (fn?.type === 'attribute') {
          const obj = fn.childForFieldName('object');
          const attr = fn.childForFieldName('attribute');
          if (attr) {
            if (/^[A-Z]/.test(attr.text) && obj?.type !== 'call') return { k: 'new', type: attr.text, args, range: rangeOf(n), text: n.text };
            return this.call(n, camelize(attr.text), attr, obj ? this.expr(obj) : undefined, args);
          }
        }
        if (fn?.type === 'identifier') {
          if (/^[A-Z]/.test(fn.text)) return { k: 'new', type: fn.text, args, range: rangeOf(n), text: n.text };
          return this.call(n, camelize(fn.text), fn, undefined, args);
        }
        return this.other(n);
      }
      case 'attribute': {
        const obj = n.childForFieldName('object');
        const attr = n.childForFieldName('attribute');
        if (!obj || !attr) return this.other(n);
        return { k: 'field', target: this.expr(obj), name: /^[A-Z0-9_]+$/.test(attr.text) ? attr.text : camelize(attr.text), range: rangeOf(n), text: n.text };
      }
      case 'identifier':
        return { k: 'id', name: n.text, range: rangeOf(n), text: n.text };
      case 'string':
        return this.lit(n, 'string', this.named(n).find((c) => c.type === 'string_content')?.text ?? '');
      case 'integer':
      case 'float':
        return this.num(n);
      case 'true':
      case 'false':
        return this.lit(n, 'bool', n.type === 'true');
      case 'none':
        return this.lit(n, 'null', null);
      case 'lambda': {
        const params = n.childForFieldName('parameters');
        const body = n.childForFieldName('body');
        return { k: 'lambda', params: this.named(params).map((p) => p.text), returns: body ? [this.expr(body)] : [], range: rangeOf(n), text: n.text };
      }
      case 'comparison_operator':
        return this.op(n, '==', this.named(n));
      case 'boolean_operator':
        return this.op(n, 'and', this.named(n));
      case 'not_operator':
        return this.op(n, 'not', this.named(n));
      case 'binary_operator':
        return this.op(n, n.childForFieldName('operator')?.text, this.named(n));
      case 'parenthesized_expression': {
        const inner = this.named(n)[0];
        return inner ? this.expr(inner) : this.other(n);
      }
      default:
        return this.other(n);
    }
  }

  private root(n: Node): Expr {
    const e = this.expr(n);
    this.facts.roots.push(e);
    return e;
  }

  private assign(nameNode: Node | null, valueNode: Node | null, statement: Node): void {
    if (!valueNode) return;
    const value = this.root(valueNode);
    if (!nameNode) return;
    // a.b = ... and self.b = ... are known by their last name
    const name = nameNode.type === 'field_access' || nameNode.type === 'attribute' || nameNode.type === 'field_expression' ? nameNode.text.replace(/^.*\./, '') : nameNode.text;
    this.facts.assignments.push({ name, value, range: rangeOf(statement) });
  }

  private genericTypes(n: Node): void {
    const stack = [n];
    while (stack.length) {
      const cur = stack.pop()!;
      if (cur.type === 'generic_type') {
        const parts = this.named(cur);
        const base = parts.find((c) => c.type === 'type_identifier' || c.type === 'scoped_type_identifier');
        const args = parts.find((c) => c.type === 'type_arguments');
        if (base && args && STREAM_GENERICS.test(baseType(base.text))) {
          for (const a of this.named(args)) {
            const name = baseType(a.text);
            if (/^[A-Z]\w*$/.test(name)) this.facts.streamTypes.push({ name, range: rangeOf(a) });
          }
        }
      }
      stack.push(...this.named(cur));
    }
  }

  private javaClass(n: Node, nested: boolean): void {
    const nameNode = n.childForFieldName('name');
    if (!nameNode) return;
    const mods = (node: Node | undefined) => node?.text ?? '';
    const modsOf = (node: Node) => mods(this.named(node).find((c) => c.type === 'modifiers'));
    const m = modsOf(n);
    const kind = n.type === 'enum_declaration' ? 'enum' : n.type === 'interface_declaration' ? 'interface' : n.type === 'record_declaration' ? 'record' : 'class';
    const fact: ClassFact = {
      name: nameNode.text,
      kind,
      isPublic: /\bpublic\b/.test(m),
      isStatic: /\bstatic\b/.test(m),
      isAbstract: /\babstract\b/.test(m),
      nested,
      fields: [],
      methods: [],
      constructors: [],
      range: rangeOf(n),
      nameRange: rangeOf(nameNode),
    };
    const body = n.childForFieldName('body');
    for (const member of this.named(body)) {
      const mm = modsOf(member);
      if (member.type === 'enum_constant') {
        fact.fields.push({ name: member.childForFieldName('name')?.text ?? member.text, type: fact.name, isPublic: true, isStatic: true, isTransient: false, isFinal: true });
      } else if (member.type === 'field_declaration') {
        const type = baseType(member.childForFieldName('type')?.text ?? '');
        for (const d of this.named(member).filter((c) => c.type === 'variable_declarator')) {
          fact.fields.push({ name: d.childForFieldName('name')?.text ?? '', type, isPublic: /\bpublic\b/.test(mm), isStatic: /\bstatic\b/.test(mm), isTransient: /\btransient\b/.test(mm), isFinal: /\bfinal\b/.test(mm) });
        }
      } else if (member.type === 'method_declaration') {
        fact.methods.push({
          name: member.childForFieldName('name')?.text ?? '',
          returnType: baseType(member.childForFieldName('type')?.text ?? ''),
          paramCount: this.named(member.childForFieldName('parameters')).filter((p) => /parameter/.test(p.type)).length,
          isPublic: /\bpublic\b/.test(mm) || kind === 'interface',
        });
      } else if (member.type === 'constructor_declaration') {
        fact.constructors.push({ paramCount: this.named(member.childForFieldName('parameters')).filter((p) => /parameter/.test(p.type)).length, isPublic: /\bpublic\b/.test(mm) });
      }
    }
    this.facts.classes.push(fact);
  }

  /** Reads statements and declarations; expressions are converted whole by expr(). */
  visit(n: Node, nestedClass = false): void {
    if (this.depth > MAX_DEPTH) return;
    this.depth++;
    try {
      for (const c of this.named(n)) this.statement(c, nestedClass);
    } finally {
      this.depth--;
    }
  }

  private statement(n: Node, nestedClass: boolean): void {
    this.countError(n);
    const t = n.type;
    if (this.language === 'java') {
      switch (t) {
        case 'import_declaration':
          this.facts.imports.push({ name: n.text.replace(/^import\s+(static\s+)?/, '').replace(/\s*;\s*$/, ''), range: rangeOf(n) });
          return;
        case 'class_declaration':
        case 'enum_declaration':
        case 'interface_declaration':
        case 'record_declaration':
          this.javaClass(n, nestedClass);
          this.returnSink = undefined;
          this.genericTypes(n.childForFieldName('superclass') ?? n);
          this.visit(n, true);
          return;
        case 'local_variable_declaration':
        case 'field_declaration': {
          const type = n.childForFieldName('type');
          if (type) this.genericTypes(type);
          for (const d of this.named(n).filter((c) => c.type === 'variable_declarator')) this.assign(d.childForFieldName('name'), d.childForFieldName('value'), n);
          return;
        }
        case 'method_declaration':
        case 'constructor_declaration': {
          const params = n.childForFieldName('parameters');
          if (params) this.genericTypes(params);
          const type = n.childForFieldName('type');
          if (type) this.genericTypes(type);
          const body = n.childForFieldName('body');
          if (body) this.visit(body, nestedClass);
          return;
        }
        case 'expression_statement': {
          const e = this.named(n)[0];
          if (e?.type === 'assignment_expression') this.assign(e.childForFieldName('left'), e.childForFieldName('right'), n);
          else if (e) this.root(e);
          return;
        }
        case 'return_statement':
        case 'throw_statement': {
          const e = this.named(n)[0];
          if (e) {
            const value = this.root(e);
            if (t === 'return_statement') this.returnSink?.push(value);
          }
          return;
        }
        case 'method_invocation':
        case 'object_creation_expression':
        case 'lambda_expression':
          this.root(n);
          return;
        default:
          if (/_expression$|^condition$/.test(t) && !/statement|declaration/.test(t)) {
            this.root(n);
            return;
          }
          this.visit(n, nestedClass);
          return;
      }
    }
    if (this.language === 'scala') {
      switch (t) {
        case 'import_declaration':
          this.facts.imports.push({ name: n.text.replace(/^import\s+/, ''), range: rangeOf(n) });
          return;
        case 'val_definition':
        case 'var_definition':
          this.assign(n.childForFieldName('pattern'), n.childForFieldName('value'), n);
          return;
        case 'assignment_expression':
          this.assign(n.childForFieldName('left'), n.childForFieldName('right'), n);
          return;
        case 'class_definition': {
          // case class parameters are its fields (for the key-cardinality rule)
          const nameNode = n.childForFieldName('name');
          const params = this.named(n.childForFieldName('class_parameters'));
          if (nameNode) {
            this.facts.classes.push({
              name: nameNode.text, kind: 'class', isPublic: true, isStatic: true, isAbstract: false, nested: nestedClass, methods: [], constructors: [],
              fields: params.map((p) => ({ name: p.childForFieldName('name')?.text ?? '', type: baseType(p.childForFieldName('type')?.text ?? ''), isPublic: true, isStatic: false, isTransient: false, isFinal: true })),
              range: rangeOf(n), nameRange: rangeOf(nameNode),
            });
          }
          this.visit(n, true);
          return;
        }
        case 'function_definition': {
          const body = n.childForFieldName('body');
          if (body?.type === 'block' || body?.type === 'indented_block') this.visit(body, nestedClass);
          else if (body) this.root(body);
          return;
        }
        case 'call_expression':
        case 'instance_expression':
        case 'field_expression':
        case 'infix_expression':
        case 'generic_function':
          this.root(n);
          return;
        default:
          this.visit(n, nestedClass);
          return;
      }
    }
    switch (t) {
      case 'import_from_statement': {
        const mod = n.childForFieldName('module_name')?.text ?? '';
        const names = this.named(n).filter((c) => c !== n.childForFieldName('module_name'));
        for (const nm of names) this.facts.imports.push({ name: `${mod}.${nm.text}`, range: rangeOf(n) });
        if (names.length === 0) this.facts.imports.push({ name: mod, range: rangeOf(n) });
        return;
      }
      case 'import_statement':
        for (const nm of this.named(n)) this.facts.imports.push({ name: nm.text, range: rangeOf(n) });
        return;
      case 'expression_statement': {
        for (const e of this.named(n)) {
          if (e.type === 'assignment' || e.type === 'augmented_assignment') this.assign(e.childForFieldName('left'), e.childForFieldName('right'), n);
          else this.root(e);
        }
        return;
      }
      case 'return_statement': {
        const e = this.named(n)[0];
        if (e) this.root(e);
        return;
      }
      case 'call':
        this.root(n);
        return;
      default:
        this.visit(n, nestedClass);
    }
  }
}

/** "KeyedStream<Event, String>" -> "KeyedStream"; "org.x.Event" -> "Event". */
function baseType(text: string): string {
  return text.replace(/<[\s\S]*$|\[[\s\S]*$/, '').replace(/^.*\./, '').trim();
}

/** Facts of a parsed file; `source` is the text `root`'s tree was parsed from. */
export function extractFacts(root: TsNode, language: FlinkLanguage, source: string): FlinkFacts {
  const ex = new Extractor(language);
  try {
    ex.visit(snapshot(root, source));
  } catch {
    // Whatever was read before an unexpected shape still counts; the analysis must never throw.
    ex.facts.syntaxErrors++;
  }
  // errors inside expressions the converter skipped over still make the file "has errors"
  if (root.hasError && ex.facts.syntaxErrors === 0) ex.facts.syntaxErrors = 1;
  return ex.facts;
}
