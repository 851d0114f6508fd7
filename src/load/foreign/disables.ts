/**
 * Inline disables in YAML comments, as pint reads `# pint disable …`:
 *
 * - `# obsforge disable CHECK` on the comment lines directly above a rule
 *   (`- alert:` / `- record:`) switches CHECK off for that rule; directly
 *   above a group (`- name:`), for every rule of the group;
 * - `# obsforge disable CHECK` in the comment block at the top of the file
 *   (before any YAML), or `# obsforge file/disable CHECK` anywhere (pint's
 *   spelling), switches it off for the whole file.
 *
 * "Directly above" means the run of comment lines that ends on the line
 * before the item, with no blank line in between, so a disable never
 * reaches past the rule it is written on. One check id per comment, as
 * pint; comments are whole lines (a `#` after a value may be part of it).
 * Text inside a block scalar that looks like such a comment is not told
 * apart; no one writes a disable inside a query.
 */
export interface DisableComment {
  /** 1-based line and column of the check id in the comment. */
  line: number;
  column: number;
  id: string;
  fileWide: boolean;
}

export interface FileDisables {
  /** Every disable comment, in file order (for the unknown-id check). */
  comments: readonly DisableComment[];
  /** Ids switched off in the whole file. */
  file: ReadonlySet<string>;
  /** Ids from the comment block directly above 1-based `line`. */
  above(line: number): string[];
}

const DIRECTIVE = /^(\s*#\s*obsforge\s+)(disable|file\/disable)(\s+)(\S+)/;
const COMMENT = /^\s*#/;

const NONE: FileDisables = { comments: [], file: new Set(), above: () => [] };

export function readDisables(text: string): FileDisables {
  // Most files have none: do not split 60,000-rule files into lines for nothing.
  if (!text.includes("obsforge")) return NONE;
  const lines = text.split("\n");
  const comments: DisableComment[] = [];
  const byLine = new Map<number, DisableComment>();
  const file = new Set<string>();
  let header = true;
  lines.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const isComment = COMMENT.test(line);
    if (!isComment && line.trim() !== "" && line.trim() !== "---") header = false;
    const m = DIRECTIVE.exec(line);
    if (m === null) return;
    const fileWide = m[2] === "file/disable" || header;
    const comment: DisableComment = {
      line: i + 1,
      column: m[1]!.length + m[2]!.length + m[3]!.length + 1,
      id: m[4]!,
      fileWide,
    };
    comments.push(comment);
    byLine.set(i + 1, comment);
    if (fileWide) file.add(comment.id);
  });
  const isCommentLine = (n: number) => n >= 1 && n <= lines.length && COMMENT.test(lines[n - 1]!);
  return {
    comments,
    file,
    above(line) {
      const ids: string[] = [];
      for (let n = line - 1; isCommentLine(n); n--) {
        const c = byLine.get(n);
        if (c !== undefined && !c.fileWide) ids.push(c.id);
      }
      return ids;
    },
  };
}
