import { type CliIO, EXIT } from "../io.ts";
import { printDiagnostics } from "../report.ts";

export interface ExplainFlags {
  definitions: string;
  slo?: string;
  alerts?: boolean;
  alert?: string;
  format: string;
}

const FORMATS = ["text", "json", "markdown", "html"] as const;

/** `obsforge explain`: the burn-rate table of every SLO (or the one named by --slo). */
export async function runExplain(flags: ExplainFlags, io: CliIO): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) {
    io.stderr(`error: --format must be one of ${FORMATS.join(", ")}, got "${flags.format}"\n`);
    return EXIT.usage;
  }
  if (flags.alerts === true || flags.alert !== undefined) {
    if (flags.format === "html") {
      io.stderr("error: --alerts has no html format; use text, json or markdown\n");
      return EXIT.usage;
    }
    return explainAlerts(flags, io);
  }
  const [{ validateProject }, { explainSlo }, format] = await Promise.all([
    import("../../pipeline/project.ts"),
    import("../../slo/explain.ts"),
    import("../../slo/explain-format.ts"),
  ]);
  const result = await validateProject({ definitions: flags.definitions, cwd: io.cwd });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  const chosen = result.value.estate.services.flatMap(({ value: service }) =>
    service.slos
      .filter(
        (slo) =>
          flags.slo === undefined ||
          slo.name === flags.slo ||
          `${service.name}/${slo.name}` === flags.slo,
      )
      .map((slo) => ({ slo, explained: explainSlo(service, slo) })),
  );
  if (flags.slo !== undefined && chosen.length === 0) {
    io.stderr(`error: no SLO named "${flags.slo}" (use <slo> or <service>/<slo>)\n`);
    return EXIT.failure;
  }
  if (flags.format === "html") {
    const [{ explainCharts }, { explainPage }, { chartAssets }] = await Promise.all([
      import("../../slo/explain-chart.ts"),
      import("../../report/html/explain-page.ts"),
      import("../../report/html/uplot-assets.ts"),
    ]);
    const pictured = chosen.map((c) => ({ explained: c.explained, charts: explainCharts(c.slo) }));
    io.stdout(explainPage(pictured, chartAssets()));
    return EXIT.ok;
  }
  const render = {
    text: format.explainText,
    json: format.explainJson,
    markdown: format.explainMarkdown,
  }[flags.format as Exclude<(typeof FORMATS)[number], "html">];
  io.stdout(render(chosen.map((c) => c.explained)));
  return EXIT.ok;
}

/** `obsforge explain --alerts`: every alert through the routing (or the one named by --alert). */
async function explainAlerts(flags: ExplainFlags, io: CliIO): Promise<number> {
  const [{ validateProject }, { explainRouting }, format] = await Promise.all([
    import("../../pipeline/project.ts"),
    import("../../targets/alertmanager/explain.ts"),
    import("../../targets/alertmanager/explain-format.ts"),
  ]);
  const result = await validateProject({ definitions: flags.definitions, cwd: io.cwd });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  if (result.value.estate.routing === undefined) {
    io.stderr(
      "error: no routing definition in the estate (defineRouting), so no alert is routed\n",
    );
    return EXIT.failure;
  }
  const explained = explainRouting(result.value.estate).filter(
    (a) =>
      flags.alert === undefined ||
      a.alert === flags.alert ||
      `${a.service}/${a.alert}` === flags.alert,
  );
  if (flags.alert !== undefined && explained.length === 0) {
    io.stderr(`error: no alert named "${flags.alert}" (use <alert> or <service>/<alert>)\n`);
    return EXIT.failure;
  }
  const render = {
    text: format.explainAlertsText,
    json: format.explainAlertsJson,
    markdown: format.explainAlertsMarkdown,
  }[flags.format as Exclude<(typeof FORMATS)[number], "html">];
  io.stdout(render(explained));
  return EXIT.ok;
}
