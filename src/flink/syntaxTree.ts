// The syntax tree the fact visitors read: web-tree-sitter's tree copied once into plain JS nodes.
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
