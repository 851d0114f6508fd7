import { describe, expect, test } from "vitest";
import { testGroupCopies } from "../../src/pipeline/test-group-copies.ts";

const FILE = `# header comment
rule_files:
  - a.yml
  - "null"
evaluation_interval: 1m
tests:
  - name: first
    input_series:
      - series: &s 'up{code="0200"}'
        values: 0x10
  - name: second
    input_series:
      - series: *s
        values: |
          1 2 3
    alert_rule_test:
      - eval_time: 1m
        alertname: X
        exp_alerts:
`;

describe("testGroupCopies", () => {
  test("cuts one copy per group from the source: scalars, styles and empty values as written, rule files quoted", () => {
    const cut = testGroupCopies(FILE, (entry) => `/abs/${entry}`);
    expect(cut).toEqual({
      ok: true,
      copies: [
        `# header comment
rule_files: [ "/abs/a.yml", "/abs/null" ]
evaluation_interval: 1m
tests:
  - name: first
    input_series:
      - series: 'up{code="0200"}'
        values: 0x10
`,
        `# header comment
rule_files: [ "/abs/a.yml", "/abs/null" ]
evaluation_interval: 1m
tests:
  - name: second
    input_series:
      - series: 'up{code="0200"}'
        values: |
          1 2 3
    alert_rule_test:
      - eval_time: 1m
        alertname: X
        exp_alerts:
`,
      ],
    });
  });

  test("a file the YAML library cannot read is a failure, not a throw", () => {
    const cut = testGroupCopies("tests: [\n", (e) => e);
    expect(cut.ok).toBe(false);
  });
});
