// Syntax tree (tree-sitter: Java, Scala, Python) -> the language-neutral facts of src/core/flink/facts.ts.
// The tree is copied once into plain JS nodes (syntaxTree.ts), then read by the visitor of its language
// (javaVisitor.ts, scalaVisitor.ts, pythonVisitor.ts) on the shared walking code of factVisitor.ts.

import type { Node as TsNode } from 'web-tree-sitter';
import { describeError } from '../core/flink/exprs';
import type { FlinkFacts, FlinkLanguage } from '../core/flink/facts';
import { MAX_DEPTH, type FactVisitor } from './factVisitor';
import { JavaVisitor } from './javaVisitor';
import { PythonVisitor } from './pythonVisitor';
import { ScalaVisitor } from './scalaVisitor';
import { sqlFactsOf } from './sqlParser';
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

/**
 * Facts of a parsed file; `source` is the text `root`'s tree was parsed from. With `sqlCachedOnly`, SQL strings the
 * grammar has not read yet are left out (the editor reads them on a worker thread first: sqlParser.ts).
 */
export function extractFacts(root: TsNode, language: FlinkLanguage, source: string, sqlCachedOnly = false): FlinkFacts {
  const visitor = visitorFor(language);
  try {
    visitor.visit(snapshot(root, source));
  } catch (err) {
    // Whatever was read before an unexpected shape still counts; the analysis must never throw. It is a bug, though:
    // the analysis carries it so the editor logs it and the tests fail on it.
    visitor.facts.internalErrors.push(`reading the syntax tree: ${describeError(err)}`);
  }
  // errors inside expressions the converter skipped over still make the file "has errors"
  if (root.hasError && visitor.facts.syntaxErrors === 0) visitor.facts.syntaxErrors = 1;
  if (visitor.cut > 0)
    visitor.facts.notes.push(
      `${visitor.cut} expression${visitor.cut === 1 ? ' is' : 's are'} nested more than ${MAX_DEPTH} levels deep (first on line ${visitor.cutLine + 1}): ` +
        'not read, so findings and counts inside them are missing.',
    );
  // the Flink SQL in its strings (executeSql, sqlQuery, ...), read by Flink SQL's grammar when there is any
  visitor.facts.sql = sqlFactsOf(visitor.facts, sqlCachedOnly);
  return visitor.facts;
}
