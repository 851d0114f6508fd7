import type { Problem } from "../core/problem.ts";
import { visible } from "./visible.ts";

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), which
 * the runner turns into annotations on the pull request's diff. The commands
 * are also printed in the job's log, whose viewer interprets ANSI sequences,
 * so data from linted files goes through `visible` first.
 */
export function formatGithub(problems: readonly Problem[]): string {
  let out = "";
  for (const f of problems) {
    const props: string[] = [];
    if (f.file !== undefined && f.file !== "-" && !/^[a-z]+:\/\//i.test(f.file))
      props.push(`file=${escapeProperty(f.file)}`);
    if (f.span !== undefined) {
      props.push(`line=${f.span.line}`);
      if (f.span.column !== undefined) props.push(`col=${f.span.column}`);
      if (f.span.endColumn !== undefined) props.push(`endColumn=${f.span.endColumn}`);
    }
    props.push(`title=${escapeProperty(f.code)}`);
    const message = f.subject === undefined ? f.message : `${f.message} [${f.subject}]`;
    out += `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(message)}\n`;
  }
  return out;
}

/** Escapes of the runner's command parser (actions/toolkit, command.ts), after `visible`. */
function escapeData(text: string): string {
  return visible(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
