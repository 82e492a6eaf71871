// Python (tree-sitter-python, PyFlink) -> Flink facts. PyFlink's snake_case names are camelized (key_by -> keyBy) so
// the rules in src/core/flink match one spelling; a capitalized callee is a constructor.

import type { Expr } from '../core/flink/facts';
import { FactVisitor, baseType, rangeOf, type Node } from './factVisitor';

/** snake_case -> camelCase, so PyFlink's key_by is keyBy. */
export function camelize(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export class PythonVisitor extends FactVisitor {
  constructor() {
    super('python');
  }

  protected receiverOf(n: Node): Node | null {
    if (n.type === 'attribute') return n.childForFieldName('attribute') ? n.childForFieldName('object') : null;
    if (n.type !== 'call') return null;
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'attribute') return null;
    const obj = fn.childForFieldName('object');
    const attr = fn.childForFieldName('attribute');
    // Module.Type(...) is a constructor: its module is not read
    if (!attr || (/^[A-Z]/.test(attr.text) && obj?.type !== 'call')) return null;
    return obj;
  }

  protected convert(n: Node, receiver?: Expr): Expr {
    switch (n.type) {
      case 'call': {
        const fn = n.childForFieldName('function');
        const args = this.named(n.childForFieldName('arguments')).map((a) =>
          this.expr(a.type === 'keyword_argument' ? (a.childForFieldName('value') ?? a) : a),
        );
        if (fn?.type === 'attribute') {
          const obj = fn.childForFieldName('object');
          const attr = fn.childForFieldName('attribute');
          if (attr) {
            if (/^[A-Z]/.test(attr.text) && obj?.type !== 'call')
              return { k: 'new', type: attr.text, args, range: rangeOf(n), text: n.text };
            return this.call(n, camelize(attr.text), attr, receiver ?? (obj ? this.expr(obj) : undefined), args);
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
        return {
          k: 'field',
          target: receiver ?? this.expr(obj),
          name: /^[A-Z0-9_]+$/.test(attr.text) ? attr.text : camelize(attr.text),
          range: rangeOf(n),
          text: n.text,
        };
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
        return {
          k: 'lambda',
          params: this.named(params).map((p) => p.text),
          returns: body ? [this.expr(body)] : [],
          range: rangeOf(n),
          text: n.text,
        };
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

  protected override functionName(n: Node): string | undefined {
    // camelized as its calls are (read_orders(...) is a call named readOrders)
    const name = n.type === 'function_definition' ? n.childForFieldName('name')?.text : undefined;
    return name === undefined ? undefined : camelize(name);
  }

  protected override branchesOf(n: Node): Node[] | undefined {
    if (n.type !== 'if_statement') return undefined;
    const consequence = n.childForFieldName('consequence');
    const rest = this.named(n).filter((c) => c.type === 'elif_clause' || c.type === 'else_clause');
    return [...(consequence ? [consequence] : []), ...rest];
  }

  protected statement(n: Node, nestedClass: boolean): void {
    this.countError(n);
    switch (n.type) {
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
          if (e.type === 'assignment' || e.type === 'augmented_assignment') {
            this.declare(e.childForFieldName('left'), e.childForFieldName('type'));
            this.assign(e.childForFieldName('left'), e.childForFieldName('right'), n);
          } else this.root(e);
        }
        return;
      }
      case 'typed_parameter':
        // def f(ds: DataStream): the name is the parameter's first child
        this.declare(
          this.named(n).find((c) => c.type === 'identifier'),
          n.childForFieldName('type'),
        );
        return;
      case 'typed_default_parameter': {
        this.declare(n.childForFieldName('name'), n.childForFieldName('type'));
        const value = n.childForFieldName('value');
        if (value) this.statement(value, nestedClass);
        return;
      }
      case 'return_statement': {
        const e = this.named(n)[0];
        if (e) this.recordReturn(this.root(e));
        return;
      }
      case 'call':
        this.root(n);
        return;
      case 'class_definition': {
        // recorded with its bases, for what its methods do (a KeyedProcessFunction reading state)
        const nameNode = n.childForFieldName('name');
        if (nameNode)
          this.facts.classes.push({
            name: nameNode.text,
            kind: 'class',
            isPublic: true,
            isStatic: true,
            isAbstract: false,
            nested: nestedClass,
            supertypes: this.named(n.childForFieldName('superclasses')).map((t) => baseType(t.text)),
            fields: [],
            methods: [],
            constructors: [],
            range: rangeOf(n),
            nameRange: rangeOf(nameNode),
          });
        this.visit(n, true);
        return;
      }
      default:
        this.visit(n, nestedClass);
    }
  }
}
