import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as loki from "@grafana/grafana-foundation-sdk/loki";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import type { FieldPath } from "../../src/core/problem.ts";
import { formatPath } from "../../src/core/problem.ts";
import type { Json } from "../../src/import/dashboard/code.ts";
import { legacyRowPanels } from "../../src/import/dashboard/legacy-rows.ts";

/**
 * "The re-exported dashboard equals the input up to defaults", made exact.
 * Walking the input and the dashboard `obsforge build` wrote from the
 * imported module side by side, a difference is allowed only when it is one
 * of these, and every other one is returned:
 *
 * 1. **SDK defaults.** A field only one side has, whose value is the
 *    default the SDK's own `default<Type>()` gives that object
 *    (`dashboard.defaultPanel()` has `transparent: false`,
 *    `repeatDirection: "h"`; `defaultVariableModel()` has
 *    `skipUrlSync: false`, …), read from the SDK, not written here. Plus
 *    one SDK behaviour: Prometheus `instant()`/`range()` write the other
 *    flag as `false` (so `false` is their default on either side).
 * 2. **Nothing set.** null, [] and {} equal an absent field (Grafana reads
 *    them all as unset), on either side.
 * 3. **Reported.** A field of the input missing from the output is allowed
 *    only when the import reported that very field (or a parent) as not
 *    representable.
 * 4. **Grafana's own migrations.** A string datasource equals `{ uid: it }`
 *    (schema 33); a dashboard with legacy `rows` is compared as Grafana lays
 *    it out (`legacyRowPanels`, schema 16); `schemaVersion` is the SDK's.
 */

type Kind =
  | "dashboard"
  | "panel"
  | "row"
  | "variable"
  | "annotation"
  | "link"
  | "timepicker"
  | "fieldConfig"
  | "fieldDefaults"
  | "thresholds"
  | "color"
  | "query"
  | "data";

const DEFAULTS: Record<Kind, Record<string, unknown>> = {
  dashboard: { ...dashboard.defaultDashboard() },
  panel: { ...dashboard.defaultPanel() },
  row: { ...dashboard.defaultRowPanel() },
  variable: { ...dashboard.defaultVariableModel() },
  annotation: { ...dashboard.defaultAnnotationQuery() },
  link: { ...dashboard.defaultDashboardLink() },
  timepicker: { ...dashboard.defaultTimePickerConfig() },
  fieldConfig: { ...dashboard.defaultFieldConfigSource() },
  fieldDefaults: { ...dashboard.defaultFieldConfig() },
  thresholds: { ...dashboard.defaultThresholdsConfig() },
  color: { ...dashboard.defaultFieldColor() },
  // Both query builders start from `{ expr: "" }`; instant()/range() write the other flag false.
  query: {
    ...prometheus.defaultDataquery(),
    ...loki.defaultDataquery(),
    instant: false,
    range: false,
  },
  data: {},
};

/** The kind of each child field, by parent kind; arrays give their items' kind. */
const CHILDREN: Partial<Record<Kind, Record<string, Kind>>> = {
  dashboard: { timepicker: "timepicker", links: "link" },
  panel: { targets: "query", links: "link", fieldConfig: "fieldConfig" },
  row: { panels: "panel" },
  fieldConfig: { defaults: "fieldDefaults" },
  fieldDefaults: { links: "link", thresholds: "thresholds", color: "color" },
};

export interface Difference {
  path: string;
  what: string;
}

export function dashboardDifferences(
  input: Record<string, Json>,
  output: Record<string, unknown>,
  reported: readonly FieldPath[],
): Difference[] {
  const cmp = new Comparison(reported);
  const { panels: inPanels, rows, templating, annotations, schemaVersion: _s, ...inRest } = input;
  const {
    panels: outPanels,
    templating: outTemplating,
    annotations: outAnnotations,
    schemaVersion: _o,
    ...outRest
  } = output as Record<string, Json>;
  cmp.object(inRest, outRest, [], "dashboard");
  const items: {
    json: Json;
    path: FieldPath;
    children?: readonly { json: Json; path: FieldPath }[];
  }[] = [];
  if (Array.isArray(inPanels)) {
    inPanels.forEach((p, i) => {
      items.push({ json: p, path: ["panels", i] });
    });
  }
  if (Array.isArray(rows) && rows.length > 0)
    items.push(...legacyRowPanels(rows, { file: "", notes: [], migrated: new Set() }));
  cmp.list(items, outPanels, ["panels"], (item, out) => {
    const kind: Kind = isRecord(item.json) && item.json.type === "row" ? "row" : "panel";
    if (kind === "row" && item.children !== undefined && isRecord(out) && isRecord(item.json)) {
      const { panels: outNested, ...outRow } = out as Record<string, Json>;
      cmp.object(item.json, outRow, item.path, "row");
      cmp.list(item.children, outNested, [...item.path, "panels"], (child, o) =>
        cmp.value(child.json, o, child.path, "panel"),
      );
    } else cmp.value(item.json, out, item.path, kind);
  });
  const list = (v: Json | undefined) => (isRecord(v) && Array.isArray(v.list) ? v.list : []);
  cmp.list(
    list(templating).map((json, i) => ({ json, path: ["templating", "list", i] })),
    list(outTemplating),
    ["templating", "list"],
    (item, out) => cmp.value(item.json, out, item.path, "variable"),
  );
  cmp.list(
    list(annotations).map((json, i) => ({ json, path: ["annotations", "list", i] })),
    list(outAnnotations),
    ["annotations", "list"],
    (item, out) => cmp.value(item.json, out, item.path, "annotation"),
  );
  return cmp.differences;
}

class Comparison {
  readonly differences: Difference[] = [];
  constructor(private readonly reported: readonly FieldPath[]) {}

  isReported(path: FieldPath): boolean {
    return this.reported.some((r) => r.length <= path.length && r.every((p, i) => p === path[i]));
  }

  diff(path: FieldPath, what: string): void {
    this.differences.push({ path: formatPath(path) || "(root)", what });
  }

  /** Input items (their own paths) against output items, the reported ones left out of the input. */
  list<T extends { json: Json; path: FieldPath }>(
    items: readonly T[],
    output: unknown,
    path: FieldPath,
    each: (item: T, out: unknown) => void,
  ): void {
    const kept = items.filter((i) => !this.isReported(i.path));
    const out = Array.isArray(output) ? output : [];
    if (kept.length !== out.length) {
      this.diff(path, `${kept.length} item(s) in the input, ${out.length} in the output`);
      return;
    }
    kept.forEach((item, i) => {
      each(item, out[i]);
    });
  }

  value(input: Json, output: unknown, path: FieldPath, kind: Kind): void {
    if (isRecord(input) && isRecord(output)) {
      this.object(input, output, path, kind);
      return;
    }
    if (Array.isArray(input) && Array.isArray(output)) {
      if (input.length !== output.length) {
        this.diff(path, `${input.length} item(s) in the input, ${output.length} in the output`);
        return;
      }
      input.forEach((v, i) => {
        this.value(v, output[i], [...path, i], kind);
      });
      return;
    }
    // Grafana's schema-33 migration: a datasource name or variable is the uid of a reference.
    if (path.at(-1) === "datasource" && typeof input === "string" && isRecord(output)) {
      if (output.uid === input && Object.keys(output).length === 1) return;
    }
    if (!same(input, output))
      this.diff(
        path,
        `${JSON.stringify(input)} in the input, ${JSON.stringify(output)} in the output`,
      );
  }

  object(
    input: Record<string, Json>,
    output: Record<string, unknown>,
    path: FieldPath,
    kind: Kind,
  ): void {
    const children = CHILDREN[kind] ?? {};
    for (const key of new Set([...Object.keys(input), ...Object.keys(output)])) {
      const at = [...path, key];
      const inHas = Object.hasOwn(input, key) && !isEmpty(input[key]);
      const outHas = Object.hasOwn(output, key) && !isEmpty(output[key]);
      if (!inHas && !outHas) continue;
      if (inHas && !outHas) {
        const byDefault =
          Object.hasOwn(DEFAULTS[kind], key) && same(DEFAULTS[kind][key], input[key]);
        if (!byDefault && !this.isReported(at))
          this.diff(at, "in the input, not in the output, and not reported");
        continue;
      }
      if (!inHas && outHas) {
        const byDefault =
          Object.hasOwn(DEFAULTS[kind], key) && same(DEFAULTS[kind][key], output[key]);
        if (!byDefault)
          this.diff(at, `not in the input, ${JSON.stringify(output[key])} in the output`);
        continue;
      }
      const child = Object.hasOwn(children, key) ? children[key]! : "data";
      const inValue = input[key]!;
      if (Array.isArray(inValue) && child !== "data") {
        this.list(
          inValue.map((json, i) => ({ json, path: [...at, i] })),
          output[key],
          at,
          (item, out) => this.value(item.json, out, item.path, child),
        );
      } else if (this.isReported(at)) {
        // A reported field may be written in part (an object some of whose fields were left out).
        if (isRecord(inValue) && isRecord(output[key]))
          this.object(inValue, output[key] as Record<string, unknown>, at, child);
      } else this.value(inValue, output[key], at, child);
    }
  }
}

function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isRecord(v) && Object.keys(v).length === 0;
}

/** Deep equality, with nothing-set values equal to absent ones inside plugin data too. */
function same(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(a[k], b[k]));
  }
  return false;
}
