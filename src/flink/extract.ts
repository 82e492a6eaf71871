// Syntax tree (tree-sitter: Java, Scala, Python) -> the language-neutral facts of src/core/flink/facts.ts.
// The tree is copied once into plain JS nodes (syntaxTree.ts), then read by the visitor of its language
// (javaVisitor.ts, scalaVisitor.ts, pythonVisitor.ts) on the shared walking code of factVisitor.ts.

import type { Node as TsNode } from 'web-tree-sitter';
import type { FlinkFacts, FlinkLanguage } from '../core/flink/facts';
import type { FactVisitor } from './factVisitor';
import { JavaVisitor } from './javaVisitor';
import { PythonVisitor } from './pythonVisitor';
import { ScalaVisitor } from './scalaVisitor';
import { snapshot } from './syntaxTree';

function visitorFor(language: FlinkLanguage): FactVisitor {
  switch (language) {
    case 'java':
      return new JavaVisitor();
    case 'scala':
      return new ScalaVisitor();
    default:
      return new PythonVisitor();
  }
}

/** Facts of a parsed file; `source` is the text `root`'s tree was parsed from. */
export function extractFacts(root: TsNode, language: FlinkLanguage, source: string): FlinkFacts {
  const visitor = visitorFor(language);
  try {
    visitor.visit(snapshot(root, source));
  } catch {
    // Whatever was read before an unexpected shape still counts; the analysis must never throw.
    visitor.facts.syntaxErrors++;
  }
  // errors inside expressions the converter skipped over still make the file "has errors"
  if (root.hasError && visitor.facts.syntaxErrors === 0) visitor.facts.syntaxErrors = 1;
  return visitor.facts;
}
