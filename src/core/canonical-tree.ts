import type { Tree } from "@lezer/common";

/**
 * A lezer parse tree rendered without its layout, for comparing two
 * queries by meaning: the tree already encodes grouping, so whitespace,
 * comments and parentheses vanish; `leaf` normalises tokens (numbers by
 * value, strings by decoded content); `transparent` nodes (PromQL's
 * ParenExpr) stand for their children alone. Shared by the PromQL and
 * LogQL canonical forms.
 */
export function canonicalTree(
  tree: Tree,
  text: string,
  options: { leaf: (name: string, text: string) => string; transparent?: ReadonlySet<string> },
): string {
  const cursor = tree.cursor();
  const render = (): string => {
    const { name, from, to } = cursor;
    if (!cursor.firstChild()) return options.leaf(name, text.slice(from, to));
    const children: string[] = [];
    do children.push(render());
    while (cursor.nextSibling());
    cursor.parent();
    if (options.transparent?.has(name) === true) return children.join(" ");
    return `${name}(${children.join(" ")})`;
  };
  return render();
}
