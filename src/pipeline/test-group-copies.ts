import {
  Document,
  isAlias,
  isMap,
  isNode,
  type Node,
  isScalar,
  isSeq,
  Pair,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
} from "yaml";

/**
 * The single-group copies of a promtool test file that `obsforge test` runs
 * one by one (so a failure names its group), with `rule_files` replaced by
 * the paths promtool must read.
 *
 * A copy is cut from the file's own syntax tree, never re-serialised from
 * parsed values: promtool reads test files with Go's YAML, which hands a
 * string field the scalar as written, so `values: 0x10`, a label `code: 0200`
 * or an annotation `version: 1.10` mean what they say there, and any JavaScript
 * value in between (16, 200, 1.1) would change the test. The failsafe schema
 * keeps every scalar as its source text, and each keeps its style (plain,
 * quoted, block, empty), so each copy says to promtool what the file said.
 */
export type GroupCopies = { ok: true; copies: string[] } | { ok: false; message: string };

export function testGroupCopies(source: string, ruleFile: (entry: string) => string): GroupCopies {
  const doc = parseDocument(source, { schema: "failsafe", uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, message: doc.errors[0]!.message.split("\n")[0]! };
  // A group may alias an anchor of another group, which its copy leaves out.
  expandAliases(doc);
  const top = doc.contents;
  if (!isMap(top)) return { ok: false, message: "expected a mapping at the top" };
  const tests = top.get("tests", true);
  const groups = isSeq(tests) ? tests.items : [];
  const copies = groups.map((group) => {
    const copy = new Document(null, { schema: "failsafe" });
    const contents = new YAMLMap(copy.schema);
    for (const pair of top.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === "rule_files")
        contents.items.push(new Pair(pair.key, ruleFiles(pair.value, ruleFile)));
      else if (key === "tests") {
        const only = new YAMLSeq(copy.schema);
        only.items.push(group);
        contents.items.push(new Pair(pair.key, only));
      } else contents.items.push(pair);
    }
    copy.contents = contents;
    return copy.toString({ lineWidth: 0 });
  });
  return { ok: true, copies };
}

function ruleFiles(value: unknown, ruleFile: (entry: string) => string): YAMLSeq {
  const seq = new YAMLSeq();
  seq.flow = true;
  if (!isSeq(value)) return seq;
  for (const item of value.items) {
    if (!isScalar(item)) continue;
    const path = new Scalar(ruleFile(String(item.value)));
    // Quoted: a path is never read as anything but a string.
    path.type = "QUOTE_DOUBLE";
    seq.items.push(path);
  }
  return seq;
}

/** Replaces every alias by a copy of the node it names, then drops the anchors. */
function expandAliases(doc: Document): void {
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc);
      // visit() goes on into the returned copy, so aliases inside it are expanded too.
      return isNode(target) ? (target.clone() as Node) : new Scalar(null);
    },
  });
  visit(doc, {
    Node(_, node) {
      if (!isAlias(node)) delete node.anchor;
    },
  });
}
