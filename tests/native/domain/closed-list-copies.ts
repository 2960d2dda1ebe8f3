/**
 * Finds literal copies of a closed list in source text: an array literal, a union of string
 * literal types, or one string (a CSV header, a JSON template) naming at least `threshold` of the
 * list's members. Maps keyed by the members (`Record<FaultClass, …>`) are not copies: the compiler
 * already fails them when the list changes.
 */
import ts from 'typescript';

export interface ListCopy {
  file: string;
  line: number;
  names: string[];
}

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isLiteralTypeNode(node)) return literalText(node.literal);
  return null;
}

function templateText(node: ts.TemplateExpression): string {
  return node.head.text + node.templateSpans.map((span) => ` ${span.literal.text}`).join('');
}

export function findListCopies(
  file: string,
  source: string,
  members: readonly string[],
  threshold = 3,
): ListCopy[] {
  const known = new Set(members);
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const copies: ListCopy[] = [];
  const report = (node: ts.Node, names: Iterable<string>) => {
    const distinct = [...new Set(names)].filter((name) => known.has(name));
    if (distinct.length < threshold) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    copies.push({ file, line, names: distinct });
  };
  const words = (text: string) => text.split(/[^A-Za-z0-9_-]+/);
  const visit = (node: ts.Node): void => {
    if (ts.isArrayLiteralExpression(node)) {
      report(
        node,
        node.elements.map(literalText).filter((t): t is string => t !== null),
      );
    } else if (ts.isUnionTypeNode(node)) {
      report(
        node,
        node.types.map(literalText).filter((t): t is string => t !== null),
      );
    } else if (ts.isTemplateExpression(node)) {
      report(node, words(templateText(node)));
      return;
    } else {
      const text = literalText(node);
      if (text !== null && !ts.isLiteralTypeNode(node.parent)) report(node, words(text));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return copies;
}
