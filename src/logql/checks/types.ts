import type { Severity } from "../../diagnostics.ts";
import type { LogVolume, ServiceLogs } from "../../model/logs.ts";
import type { ParsedLogQL } from "../parse.ts";

/**
 * LogQL checks, shaped like the lint rules of STYLE.md (id, severity, docs,
 * good/bad samples, a pure check) so they move into the lint framework
 * unchanged; until then the build runs them and prints warnings.
 */
export interface LogqlCheckContext {
  /** The query as the user wrote it (offsets in findings point into it). */
  expr: string;
  parsed: ParsedLogQL;
  /** What the query is for: alert and recording rules run on every evaluation; SLIs feed SLO rules. */
  use: "alert" | "record" | "sli";
  /** The service's declared log stream. */
  logs: ServiceLogs | undefined;
  logVolume: LogVolume | undefined;
  /** Seconds between evaluations: the group's interval, or the Loki ruler's default (1m). */
  intervalSeconds: number;
}

export interface LogqlFinding {
  /** Offset into `expr` where the problem is. */
  offset: number;
  /** One line, `expected X, got Y`, without the position (the caller adds it). */
  message: string;
}

/** A sample for the docs and the meta-test: a query plus whatever context it needs. */
export interface LogqlSample {
  expr: string;
  use?: LogqlCheckContext["use"];
  logs?: { selector: string; format: ServiceLogs["format"] };
  logVolume?: LogVolume;
  intervalSeconds?: number;
}

export interface LogqlCheck {
  id: `logql/${string}`;
  severity: Severity;
  /** Why it matters and what to write instead; rides on every finding's docs link. */
  docs: string;
  good: readonly LogqlSample[];
  bad: readonly LogqlSample[];
  check(ctx: LogqlCheckContext): LogqlFinding[];
}
