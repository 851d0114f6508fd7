import type { ServiceFileOf } from "../shared/file-of.ts";
/** promtool's rule unit-test format (`promtool test rules`). Key order here is output order. */
export interface PromtoolSeries {
  series: string;
  values: string;
}

export interface PromqlExprTest {
  expr: string;
  eval_time: string;
  exp_samples: { labels: string; value: number }[];
}

export interface PromtoolTestGroup {
  name: string;
  interval: string;
  input_series: PromtoolSeries[];
  promql_expr_test: PromqlExprTest[];
}

export interface PromtoolTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: PromtoolTestGroup[];
}

export type PromtoolTestsOutput = ServiceFileOf<"promtool-tests", PromtoolTestFile>;
