import { visible } from "../report/visible.ts";
import type { ArtifactChange, EstateDiff, FieldChange, SubjectChange } from "./model.ts";
import { artifactCounts, SECTION_TITLES, sides, summaryLine } from "./summary.ts";

/**
 * The change list as a pull-request comment: a heading, the summary line,
 * then one collapsed `<details>` per changed artifact, in the stable order
 * of the diff; unchanged artifacts have no entry. Everything that comes
 * from definitions (names, queries, labels) is printed inside code spans or
 * fenced blocks, so nothing in it is read as Markdown or HTML; its control
 * characters are written as escapes (`visible`): a newline in a title would
 * end the summary's HTML block and let the rest be read as Markdown.
 */
export function diffMarkdown(diff: EstateDiff): string {
  const out = [`### obsforge diff against ${code(diff.base)}`, "", `**${summaryLine(diff)}**`, ""];
  for (const a of diff.artifacts.filter((a) => a.kind !== "file")) out.push(...details(a));
  const files = diff.artifacts.filter((a) => a.kind === "file");
  if (files.length > 0) {
    out.push(`<details><summary>Other generated files: ${files.length}</summary>`, "");
    out.push(...files.map((f) => `- **${f.status}** ${code(f.id)}`), "", "</details>", "");
  }
  for (const note of diff.notes) out.push(`_Note: ${escapeText(note)}_`, "");
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

function details(a: ArtifactChange): string[] {
  const title = a.title === undefined ? "" : ` ${html(a.title)}`;
  const counted = artifactCounts(a);
  const status = a.status === "changed" ? "" : ` (${a.status})`;
  const summary = `${SECTION_TITLES[a.kind]} <code>${html(a.id)}</code>${title}${status}${counted === "" ? "" : `: ${counted}`}`;
  return [
    `<details><summary>${summary}</summary>`,
    "",
    ...a.changes.flatMap(subject),
    "",
    "</details>",
    "",
  ];
}

function subject(s: SubjectChange): string[] {
  const where = s.within === undefined ? "" : ` in ${code(s.within)}`;
  return [
    `- **${s.status}** ${s.kind} ${code(s.name)}${where}`,
    ...s.fields.flatMap((f) => field(f, s.status)),
  ];
}

function field(f: FieldChange, status: SubjectChange["status"]): string[] {
  if (f.lines !== undefined)
    return [`  - ${code(f.field)}:`, "", ...fenced("diff", f.lines).map((l) => `    ${l}`), ""];
  const [before, after] = sides(f);
  // What an added or removed subject has is shown as it is, not as a change from nothing.
  if (status === "added") return [`  - ${code(f.field)}: ${code(after)}`];
  if (status === "removed") return [`  - ${code(f.field)}: ${code(before)}`];
  return [`  - ${code(f.field)}: ${code(before)} → ${code(after)}`];
}

/** A fenced block longer than any backtick run inside it (CommonMark), so no line can close it. */
function fenced(language: string, lines: readonly string[]): string[] {
  const longest = Math.max(
    0,
    ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))),
  );
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, ...lines.map(visible), fence];
}

/** An inline code span that holds any text: a fence longer than its backtick runs, newlines as spaces. */
function code(text: string): string {
  const flat = visible(text.replace(/\r?\n/g, " "));
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function html(text: string): string {
  return visible(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~-]/g, (c) => `\\${c}`);
}
