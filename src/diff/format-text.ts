import { visible } from "../report/visible.ts";
import type { ArtifactChange, EstateDiff, SubjectChange } from "./model.ts";
import { artifactCounts, SECTION_TITLES, sides, summaryLine } from "./summary.ts";

const MARK = { added: "+", removed: "-", changed: "~" } as const;

/**
 * The change list for a terminal: one block per artifact, one line per field.
 * Names and values come from definitions and base folders: their control
 * characters are printed as escapes (`visible`), so a title cannot clear the
 * screen, set the window title or start a new line of the list.
 */
export function diffText(diff: EstateDiff): string {
  const out = [`obsforge diff against ${visible(diff.base)}: ${summaryLine(diff)}`];
  for (const a of diff.artifacts) out.push(...artifactLines(a));
  for (const note of diff.notes) out.push(`note: ${note}`);
  return `${out.join("\n")}\n`;
}

function artifactLines(a: ArtifactChange): string[] {
  const title = a.title === undefined ? "" : ` "${visible(a.title)}"`;
  const counted = artifactCounts(a);
  const head = `${MARK[a.status]} ${SECTION_TITLES[a.kind]} ${visible(a.id)}${title}${a.status === "changed" ? "" : ` (${a.status})`}${counted === "" ? "" : `: ${counted}`}`;
  return [head, ...a.changes.flatMap(subjectLines)];
}

function subjectLines(s: SubjectChange): string[] {
  const where = s.within === undefined ? "" : ` (${visible(s.within)})`;
  const out = [`  ${MARK[s.status]} ${s.kind} ${visible(s.name)}${where}`];
  for (const f of s.fields) {
    if (f.lines !== undefined) {
      out.push(`      ${visible(f.field)}:`, ...f.lines.map((l) => `        ${visible(l)}`));
      continue;
    }
    const [before, after] = sides(f).map(visible);
    // What an added or removed subject has is shown as it is, not as a change from nothing.
    const value =
      s.status === "added" ? after : s.status === "removed" ? before : `${before} → ${after}`;
    out.push(`      ${visible(f.field)}: ${value}`);
  }
  return out;
}
