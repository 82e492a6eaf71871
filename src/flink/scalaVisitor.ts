// Scala (tree-sitter-scala) -> Flink facts: calls with and without parentheses, `new` and companion `apply`
// (Event(...)), lambdas and blocks (their last expression is their value), imports, and case classes with their
// parameters as fields.

import type { Expr } from '../core/flink/facts';
import { FactVisitor, baseType, rangeOf, type Node } from './factVisitor';

/** Flink methods Scala code calls without parentheses. */
const SCALA_PARAMETERLESS =
  /^(getExecutionEnvironment|rebalance|rescale|shuffle|global|broadcast|print|printToErr|forMonotonousTimestamps|noWatermarks|disableGenericTypes|enableForceKryo|getConfig|getCheckpointConfig|getOperatorStateStore|getKeyedStateStore|getRuntimeContext|startNewChain|disableChaining|forward)$/;

export class ScalaVisitor extends FactVisitor {
  constructor() {
    super('scala');
  }

  /** The callee of a call, through type applications (`f[T](x)`). */
  private callee(n: Node): Node | null {
    let fn = n.childForFieldName('function');
    while (fn && fn.type === 'generic_function') fn = fn.childForFieldName('function');
    return fn;
  }

  protected receiverOf(n: Node): Node | null {
    if (n.type === 'field_expression') return n.childForFieldName('field') ? n.childForFieldName('value') : null;
    if (n.type !== 'call_expression') return null;
    const fn = this.callee(n);
    return fn?.type === 'field_expression' && fn.childForFieldName('field') ? fn.childForFieldName('value') : null;
  }

  protected convert(n: Node, receiver?: Expr): Expr {
    switch (n.type) {
      case 'call_expression': {
        const fn = this.callee(n);
        const argsNode = n.childForFieldName('arguments');
        const args = argsNode ? (argsNode.type === 'arguments' ? this.named(argsNode) : [argsNode]).map((a) => this.expr(a)) : [];
        if (fn?.type === 'field_expression') {
          const value = fn.childForFieldName('value');
          const field = fn.childForFieldName('field');
          if (field) return this.call(n, field.text, field, receiver ?? (value ? this.expr(value) : undefined), args);
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
        return {
          k: 'new',
          type: baseType(typeNode?.text ?? ''),
          args: this.named(argsNode).map((a) => this.expr(a)),
          range: rangeOf(n),
          text: n.text,
          ...(body ? { anonymous: true } : {}),
        };
      }
      case 'generic_function': {
        const fn = n.childForFieldName('function');
        return fn ? this.expr(fn) : this.other(n);
      }
      case 'field_expression': {
        const value = n.childForFieldName('value');
        const field = n.childForFieldName('field');
        if (!value || !field) return this.other(n);
        const target = receiver ?? this.expr(value);
        // Scala calls parameterless methods without parentheses: env.getConfig, stream.rebalance
        if (SCALA_PARAMETERLESS.test(field.text)) return this.call(n, field.text, field, target, []);
        return { k: 'field', target, name: field.text, range: rangeOf(n), text: n.text };
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
        const body = this.named(n)
          .filter((c) => c !== params)
          .at(-1);
        const names = params
          ? params.type === 'identifier'
            ? [params.text]
            : this.named(params).map((p) => p.childForFieldName('name')?.text ?? p.text)
          : [];
        let returns: Expr[] = [];
        if (body?.type === 'block') {
          this.visit(body);
          const last = this.named(body).at(-1);
          returns = last ? [this.expr(last)] : [];
        } else if (body) returns = [this.expr(body)];
        return { k: 'lambda', params: names, returns, range: rangeOf(n), text: n.text };
      }
      case 'infix_expression':
        return this.op(
          n,
          n.childForFieldName('operator')?.text,
          [n.childForFieldName('left'), n.childForFieldName('right')].filter((c): c is Node => !!c),
        );
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

  /** `val d =` with the value on the next line: the grammar wraps it in an indented block of one expression. */
  private singleValue(n: Node | null): Node | null {
    if (n?.type !== 'indented_block' && n?.type !== 'block') return n;
    const inner = this.named(n).filter((c) => c.type !== 'comment');
    return inner.length === 1 ? inner[0] : n;
  }

  protected override functionName(n: Node): string | undefined {
    return n.type === 'function_definition' ? n.childForFieldName('name')?.text : undefined;
  }

  protected override branchesOf(n: Node): Node[] | undefined {
    return this.nestedBranches(n, 'if_expression');
  }

  protected statement(n: Node, nestedClass: boolean): void {
    this.countError(n);
    switch (n.type) {
      case 'import_declaration':
        this.facts.imports.push({ name: n.text.replace(/^import\s+/, ''), range: rangeOf(n) });
        return;
      case 'package_clause':
        this.facts.packageName = n.childForFieldName('name')?.text;
        this.visit(n, nestedClass);
        return;
      case 'val_definition':
      case 'var_definition':
        this.declare(n.childForFieldName('pattern'), n.childForFieldName('type'));
        this.assign(n.childForFieldName('pattern'), this.singleValue(n.childForFieldName('value')), n);
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
            name: nameNode.text,
            kind: 'class',
            isPublic: true,
            isStatic: true,
            isAbstract: false,
            nested: nestedClass,
            supertypes: this.named(n.childForFieldName('extend'))
              .filter((t) => t.fieldName === 'type')
              .map((t) => baseType(t.text)),
            methods: [],
            constructors: [],
            fields: params.map((p) => ({
              name: p.childForFieldName('name')?.text ?? '',
              type: baseType(p.childForFieldName('type')?.text ?? ''),
              isPublic: true,
              isStatic: false,
              isTransient: false,
              isFinal: true,
            })),
            range: rangeOf(n),
            nameRange: rangeOf(nameNode),
          });
        }
        this.visit(n, true);
        return;
      }
      case 'function_definition': {
        for (const list of this.named(n).filter((c) => c.type === 'parameters'))
          for (const p of this.named(list))
            if (p.type === 'parameter') this.declare(p.childForFieldName('name'), p.childForFieldName('type'));
        const body = n.childForFieldName('body');
        if (body?.type === 'block' || body?.type === 'indented_block') {
          const before = this.facts.roots.length;
          this.visit(body, nestedClass);
          // a block's value is its last expression
          const last = this.named(body).at(-1);
          const value = this.facts.roots.slice(before).find((r) => last && r.range.line === last.startPosition.row && r.text === last.text);
          if (value) this.recordReturn(value);
        } else if (body) this.recordReturn(this.root(body));
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
}
