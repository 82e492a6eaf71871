// Java (tree-sitter-java) -> Flink facts: method calls, `new`, lambdas with their returned values, method references,
// imports, classes with their fields/methods/constructors, and the record types of generic stream types.

import type { ClassFact, Expr } from '../core/flink/facts';
import { FactVisitor, baseType, rangeOf, type Node } from './factVisitor';

/**
 * Generic types whose type arguments are records Flink serializes: its streams and its function interfaces (not any
 * `*Function`: java.util.function.Function, BiFunction or Guava's Function take no stream element types).
 */
const STREAM_GENERICS = new RegExp(
  '^(DataStream|DataStreamSource|KeyedStream|SingleOutputStreamOperator|WindowedStream|AllWindowedStream|ConnectedStreams' +
    '|KeySelector|TypeHint|Collector|ProcessJoinFunction|\\w*ProcessFunction|\\w*WindowFunction' +
    '|(Rich)?(Map|FlatMap|Filter|Reduce|Aggregate|Join|FlatJoin|CoGroup|CoMap|CoFlatMap|MapPartition|Async|ParallelSource|Source|Sink)Function)$',
);

export class JavaVisitor extends FactVisitor {
  constructor() {
    super('java');
  }

  /** While a lambda block is read, its `return` values are collected here (nested lambdas collect their own). */
  private returnSink: Expr[] | undefined;

  private returnsOfBlock(block: Node): Expr[] {
    const outer = this.returnSink;
    const sink: Expr[] = [];
    this.returnSink = sink;
    try {
      this.outsideFunctions(() => this.visit(block));
    } finally {
      this.returnSink = outer;
    }
    return sink;
  }

  protected override functionName(n: Node): string | undefined {
    return n.type === 'method_declaration' ? n.childForFieldName('name')?.text : undefined;
  }

  protected receiverOf(n: Node): Node | null {
    if (n.type === 'method_invocation') return n.childForFieldName('name') ? n.childForFieldName('object') : null;
    if (n.type === 'field_access') return n.childForFieldName('field') ? n.childForFieldName('object') : null;
    return null;
  }

  protected convert(n: Node, receiver?: Expr): Expr {
    switch (n.type) {
      case 'method_invocation': {
        const nameNode = n.childForFieldName('name');
        const obj = n.childForFieldName('object');
        if (!nameNode) return this.other(n);
        return this.call(
          n,
          nameNode.text,
          nameNode,
          receiver ?? (obj ? this.expr(obj) : undefined),
          this.named(n.childForFieldName('arguments')).map((a) => this.expr(a)),
        );
      }
      case 'object_creation_expression': {
        const typeNode = n.childForFieldName('type');
        if (typeNode) this.genericTypes(typeNode);
        const body = this.named(n).find((c) => c.type === 'class_body');
        if (body) this.visit(body);
        return {
          k: 'new',
          type: baseType(typeNode?.text ?? ''),
          args: this.named(n.childForFieldName('arguments')).map((a) => this.expr(a)),
          range: rangeOf(n),
          text: n.text,
          ...(body ? { anonymous: true } : {}),
        };
      }
      case 'identifier':
      case 'type_identifier':
      case 'this':
        return { k: 'id', name: n.text, range: rangeOf(n), text: n.text };
      case 'field_access': {
        const obj = n.childForFieldName('object');
        const field = n.childForFieldName('field');
        if (!obj || !field) return this.other(n);
        return { k: 'field', target: receiver ?? this.expr(obj), name: field.text, range: rangeOf(n), text: n.text };
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
        const names = params
          ? params.type === 'identifier'
            ? [params.text]
            : this.named(params).map((p) => p.childForFieldName('name')?.text ?? p.text)
          : [];
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
        return this.op(
          n,
          n.childForFieldName('operator')?.text,
          [n.childForFieldName('left'), n.childForFieldName('right')].filter((c): c is Node => !!c),
        );
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

  /** Records the type arguments of stream generics anywhere under `n` (DataStream<Event> -> Event). */
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

  private classFact(n: Node, nested: boolean): void {
    const nameNode = n.childForFieldName('name');
    if (!nameNode) return;
    const mods = (node: Node | undefined) => node?.text ?? '';
    const modsOf = (node: Node) => mods(this.named(node).find((c) => c.type === 'modifiers'));
    const m = modsOf(n);
    const kind =
      n.type === 'enum_declaration'
        ? 'enum'
        : n.type === 'interface_declaration'
          ? 'interface'
          : n.type === 'record_declaration'
            ? 'record'
            : 'class';
    const fact: ClassFact = {
      name: nameNode.text,
      kind,
      isPublic: /\bpublic\b/.test(m),
      isStatic: /\bstatic\b/.test(m),
      isAbstract: /\babstract\b/.test(m),
      nested,
      supertypes: [
        ...this.named(n.childForFieldName('superclass')),
        ...this.named(n.childForFieldName('interfaces')).flatMap((list) => this.named(list)),
      ].map((t) => baseType(t.text)),
      fields: [],
      methods: [],
      constructors: [],
      range: rangeOf(n),
      nameRange: rangeOf(nameNode),
    };
    const body = n.childForFieldName('body');
    const lombokFields: { name: string; mods: string }[] = [];
    for (const member of this.named(body)) {
      const mm = modsOf(member);
      if (member.type === 'enum_constant') {
        fact.fields.push({
          name: member.childForFieldName('name')?.text ?? member.text,
          type: fact.name,
          isPublic: true,
          isStatic: true,
          isTransient: false,
          isFinal: true,
        });
      } else if (member.type === 'field_declaration') {
        const type = baseType(member.childForFieldName('type')?.text ?? '');
        for (const d of this.named(member).filter((c) => c.type === 'variable_declarator')) {
          fact.fields.push({
            name: d.childForFieldName('name')?.text ?? '',
            type,
            isPublic: /\bpublic\b/.test(mm),
            isStatic: /\bstatic\b/.test(mm),
            isTransient: /\btransient\b/.test(mm),
            isFinal: /\bfinal\b/.test(mm),
          });
          lombokFields.push({ name: d.childForFieldName('name')?.text ?? '', mods: mm });
        }
      } else if (member.type === 'method_declaration') {
        fact.methods.push({
          name: member.childForFieldName('name')?.text ?? '',
          returnType: baseType(member.childForFieldName('type')?.text ?? ''),
          paramCount: this.named(member.childForFieldName('parameters')).filter((p) => /parameter/.test(p.type)).length,
          isPublic: /\bpublic\b/.test(mm) || kind === 'interface',
          isPrivate: /\bprivate\b/.test(mm),
        });
      } else if (member.type === 'constructor_declaration') {
        fact.constructors.push({
          paramCount: this.named(member.childForFieldName('parameters')).filter((p) => /parameter/.test(p.type)).length,
          isPublic: /\bpublic\b/.test(mm),
        });
      }
    }
    lombok(fact, m, lombokFields);
    this.facts.classes.push(fact);
  }

  protected override branchesOf(n: Node): Node[] | undefined {
    return this.nestedBranches(n, 'if_statement');
  }

  protected statement(n: Node, nestedClass: boolean): void {
    this.countError(n);
    const t = n.type;
    switch (t) {
      case 'import_declaration':
        this.facts.imports.push({ name: n.text.replace(/^import\s+(static\s+)?/, '').replace(/\s*;\s*$/, ''), range: rangeOf(n) });
        return;
      case 'package_declaration':
        this.facts.packageName = n.text.replace(/^package\s+/, '').replace(/\s*;\s*$/, '');
        return;
      case 'class_declaration':
      case 'enum_declaration':
      case 'interface_declaration':
      case 'record_declaration':
        this.classFact(n, nestedClass);
        this.returnSink = undefined;
        this.genericTypes(n.childForFieldName('superclass') ?? n);
        this.visit(n, true);
        return;
      case 'local_variable_declaration':
      case 'field_declaration': {
        const type = n.childForFieldName('type');
        if (type) this.genericTypes(type);
        for (const d of this.named(n).filter((c) => c.type === 'variable_declarator')) {
          this.declare(d.childForFieldName('name'), type);
          this.assign(d.childForFieldName('name'), d.childForFieldName('value'), n);
        }
        return;
      }
      case 'method_declaration':
      case 'constructor_declaration': {
        const params = n.childForFieldName('parameters');
        if (params) this.genericTypes(params);
        for (const p of this.named(params))
          if (p.type === 'formal_parameter') this.declare(p.childForFieldName('name'), p.childForFieldName('type'));
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
          if (t === 'return_statement') {
            if (this.returnSink) this.returnSink.push(value);
            else this.recordReturn(value);
          }
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
}

/**
 * The members Lombok generates at compile time (projectlombok.org/features): @Data and @Getter/@Setter on the class
 * or a field give public accessors, @NoArgsConstructor / @AllArgsConstructor public constructors. Flink sees the
 * compiled class, so its POJO rules see them too.
 */
function lombok(fact: ClassFact, classMods: string, fields: { name: string; mods: string }[]): void {
  const has = (mods: string, a: string) => new RegExp(`@(lombok\\.)?${a}\\b`).test(mods);
  const data = has(classMods, 'Data');
  for (const f of fields) {
    if (!f.name || /\bstatic\b/.test(f.mods)) continue;
    const cap = f.name.charAt(0).toUpperCase() + f.name.slice(1);
    if (data || has(classMods, 'Getter') || has(f.mods, 'Getter'))
      fact.methods.push({ name: `get${cap}`, returnType: '', paramCount: 0, isPublic: true });
    if ((data && !/\bfinal\b/.test(f.mods)) || has(classMods, 'Setter') || has(f.mods, 'Setter'))
      fact.methods.push({ name: `set${cap}`, returnType: '', paramCount: 1, isPublic: true });
  }
  if (has(classMods, 'NoArgsConstructor')) fact.constructors.push({ paramCount: 0, isPublic: true });
  if (has(classMods, 'AllArgsConstructor')) fact.constructors.push({ paramCount: fields.length, isPublic: true });
}
