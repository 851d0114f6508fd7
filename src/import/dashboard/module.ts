import { stringLiteral } from "../print-ts.ts";
import { modulesUsed, printCode, SDK_MODULES } from "./code.ts";
import type { ConvertedDashboard } from "./convert.ts";

/** The team an imported dashboard's service gets: its folder under out/grafana/dashboards/. */
export const IMPORTED_TEAM = "imported";

/**
 * A definition module for one imported dashboard: the dashboard as
 * foundation-SDK builder code, exported on its own (a library of
 * dashboards can import it), and a service that puts it in the estate.
 * Only the converter's code is printed as code; every value from the
 * JSON is a literal.
 */
export function printDashboardModule(
  converted: ConvertedDashboard,
  options: { source: string; service: string },
): string {
  const used = modulesUsed(converted.code);
  const imports = SDK_MODULES.filter((m) => used.has(m)).map(
    (m) => `import * as ${m} from "@grafana/grafana-foundation-sdk/${m}";`,
  );
  return [
    `// Imported by obsforge from ${stringLiteral(options.source)}: a Grafana dashboard`,
    "// written with the foundation SDK's builders. `obsforge build` writes it as built to",
    `// out/grafana/dashboards/${IMPORTED_TEAM}/<uid>.json; edit it like any SDK dashboard.`,
    ...imports,
    `import { defineService } from "obsforge";`,
    "",
    `export const importedDashboard = ${printCode(converted.code)};`,
    "",
    "export default defineService({",
    `  name: ${stringLiteral(options.service)},`,
    `  team: ${stringLiteral(IMPORTED_TEAM)},`,
    "  dashboards: { generate: false, grafana: [importedDashboard] },",
    "});",
    "",
  ].join("\n");
}
