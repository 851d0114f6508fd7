import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { sdk } from "./sdk.ts";
import type { BuilderLike } from "../../model/dashboards.ts";
import { selector } from "../../promql/query.ts";
import { re } from "../../core/label-matchers.ts";
import { type GridSize, placeRows } from "./layout.ts";
import type { PanelBuilder } from "./panels.ts";
import { DATASOURCE_VARIABLES, datasourceRef, type QueryLanguage } from "./queries.ts";
import type { GrafanaSettings } from "./settings.ts";

/** What a dashboard is made of, before layout, ids and datasource variables are added. */
export interface DashboardSpec {
  uid: string;
  title: string;
  description?: string;
  tags: readonly string[];
  rows: readonly DashboardRowSpec[];
  /** Template variables after the datasource ones, which are added for the languages the panels use. */
  variables?: readonly BuilderLike<dashboard.VariableModel>[];
  links?: readonly dashboard.DashboardLinkBuilder[];
  time?: { from: string; to: string };
}

export interface DashboardRowSpec {
  title?: string;
  collapsed?: boolean;
  panels: readonly PanelBuilder[];
}

/** When a panel builder carries no size (a raw SDK builder), Grafana's default graph size. */
const DEFAULT_SIZE: GridSize = { w: 12, h: 8 };

/**
 * Lay out, number and assemble a dashboard with the foundation SDK, and
 * return what `.build()` gives. Provisioned dashboards are read-only: the
 * definition is the source, edits in the UI would be lost on the next
 * provisioning run.
 */
export function buildDashboard(
  spec: DashboardSpec,
  settings: GrafanaSettings,
): dashboard.Dashboard {
  const rows = spec.rows.filter((r) => r.panels.length > 0);
  const placements = placeRows(
    rows.map((r) => ({
      ...(r.title !== undefined && { title: r.title }),
      collapsed: r.collapsed === true,
      sizes: r.panels.map((p) => {
        const pos = p.build().gridPos;
        return pos === undefined ? DEFAULT_SIZE : { w: pos.w, h: pos.h };
      }),
    })),
  );

  const builder = new sdk.dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .tags([...spec.tags])
    .readonly()
    .tooltip(sdk.dashboard.DashboardCursorSync.Crosshair)
    .timezone("browser")
    .time(spec.time ?? { from: "now-6h", to: "now" })
    .refresh("1m");
  if (spec.description !== undefined) builder.description(spec.description);

  const languages = usedLanguages(rows, spec.variables ?? []);
  for (const language of ["prometheus", "loki"] as const) {
    if (languages.has(language)) builder.withVariable(datasourceVariable(language, settings));
  }
  for (const variable of spec.variables ?? []) builder.withVariable(variable);
  if (spec.links !== undefined && spec.links.length > 0) builder.links([...spec.links]);

  let id = 0;
  rows.forEach((row, r) => {
    const placed = placements[r]!;
    const place = (panel: PanelBuilder, index: number) => {
      panel.gridPos(placed.panels[index]!);
      panel.id(++id);
    };
    if (placed.header === undefined) {
      row.panels.forEach((panel, i) => {
        place(panel, i);
        builder.withPanel(panel);
      });
      return;
    }
    const header = new sdk.dashboard.RowBuilder(row.title!).gridPos(placed.header).id(++id);
    if (row.collapsed === true) {
      header.collapsed(true);
      row.panels.forEach((panel, i) => {
        place(panel, i);
        header.withPanel(panel);
      });
      builder.withRow(header);
    } else {
      // An expanded row is only a header; its panels follow it at the top level.
      builder.withRow(header);
      row.panels.forEach((panel, i) => {
        place(panel, i);
        builder.withPanel(panel);
      });
    }
  });
  return builder.build();
}

function datasourceVariable(
  language: QueryLanguage,
  settings: GrafanaSettings,
): dashboard.DatasourceVariableBuilder {
  const { name, label } = DATASOURCE_VARIABLES[language];
  const ds = settings[language];
  return new sdk.dashboard.DatasourceVariableBuilder(name)
    .label(label)
    .type(language)
    .current({ selected: true, text: ds.name, value: ds.uid });
}

/** Which datasource variables the panels and variables refer to. */
function usedLanguages(
  rows: readonly DashboardRowSpec[],
  variables: readonly BuilderLike<dashboard.VariableModel>[],
): Set<QueryLanguage> {
  const used = new Set<QueryLanguage>();
  const note = (ref: { uid?: string } | undefined | null) => {
    for (const language of ["prometheus", "loki"] as const) {
      if (ref?.uid === datasourceRef(language).uid) used.add(language);
    }
  };
  for (const row of rows) {
    for (const panel of row.panels) {
      const built = panel.build();
      note(built.datasource);
      for (const target of built.targets ?? [])
        note((target as { datasource?: { uid?: string } }).datasource);
    }
  }
  for (const v of variables) note(v.build().datasource);
  return used;
}

/** A multi-select query variable over a label, refreshed with the time range (dashboard-linter's shape). */
export function labelVariable(
  name: string,
  options: { label: string; query: string; current?: string },
): dashboard.QueryVariableBuilder {
  const v = new sdk.dashboard.QueryVariableBuilder(name)
    .label(options.label)
    .datasource(datasourceRef("prometheus"))
    .query(options.query)
    .definition(options.query)
    .refresh(sdk.dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(sdk.dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(".+");
  v.current(
    options.current === undefined
      ? { selected: true, text: ["All"], value: ["$__all"] }
      : { selected: true, text: [options.current], value: [options.current] },
  );
  return v;
}

/**
 * `job`: every job that exposes `metric`, defaulting to `current` (the
 * service's own). Panels select `job=~"$job"`.
 */
export function jobVariable(metric: string, current?: string): dashboard.QueryVariableBuilder {
  return labelVariable("job", {
    label: "Job",
    query: `label_values(${selector(metric)}, job)`,
    ...(current !== undefined && { current }),
  });
}

/** `instance`: the instances of the selected jobs; panels select `instance=~"$instance"`. */
export function instanceVariable(metric: string): dashboard.QueryVariableBuilder {
  return labelVariable("instance", {
    label: "Instance",
    query: `label_values(${selector(metric, { job: re("$job") })}, instance)`,
  });
}

/** Tags every dashboard of a service carries; the service tag links them to each other. */
export function serviceTags(service: string, kind: string): string[] {
  return ["obsforge", service, kind];
}

/** A dropdown of the service's other dashboards (everything tagged with its name), keeping the time range. */
export function serviceLinks(service: string): dashboard.DashboardLinkBuilder[] {
  return [
    new sdk.dashboard.DashboardLinkBuilder(`${service} dashboards`)
      .type(sdk.dashboard.DashboardLinkType.Dashboards)
      .tags([service])
      .asDropdown(true)
      .includeVars(false)
      .keepTime(true)
      .targetBlank(false)
      .icon("external link")
      .tooltip(""),
  ];
}
