import { tidyNumber } from "../../core/numbers.ts";
import { compareStrings } from "../../core/order.ts";
import { type DashboardLayout, dashboardLayout, type PanelBox } from "./dashboard-layout.ts";
import { escapeHtml } from "./escape.ts";
import { htmlPage } from "./page.ts";

/** A dashboard to preview: where it is (relative to out/, as the build writes it) and its JSON. */
export interface DashboardSource {
  path: string;
  json: unknown;
}

/** One file of the preview folder. */
export interface PreviewFile {
  path: string;
  content: string;
}

/** Grafana's grid: 24 columns, rows of 30 px (GRID_CELL_HEIGHT) with 8 px gaps. */
const PREVIEW_STYLE = `
.grid { display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); grid-auto-rows: 30px; gap: 8px; background: #f6f8fa; padding: 8px; }
.panel { background: #fff; border: 1px solid #d0d7de; border-radius: 4px; padding: 4px 6px; overflow: hidden; font-size: 12px; }
.panel .head { display: flex; justify-content: space-between; gap: 6px; font-weight: 600; }
.panel .kind { font-weight: 400; color: #59636e; white-space: nowrap; }
.panel .meta { color: #59636e; }
.panel ul { margin: 2px 0 0; padding-left: 1rem; }
.panel code { word-break: break-all; }
.panel.row { background: transparent; border: none; border-bottom: 2px solid #8c959f; font-size: 14px; }
.chip { display: inline-block; padding: 0 4px; margin-right: 2px; border-radius: 3px; color: #fff; font-size: 11px; }
details { margin-top: 1rem; }
`;

/** Grafana colour names (`semi-dark-red`) to a CSS colour; anything else to grey, never passed through raw. */
function cssColor(color: string): string {
  if (/^#[0-9a-fA-F]{3,8}$/.test(color)) return color;
  const base = color.toLowerCase().split("-").pop() ?? "";
  return ["red", "orange", "yellow", "green", "blue", "purple"].includes(base) ? base : "#8c959f";
}

function chips(panel: PanelBox): string {
  if (panel.thresholds.length === 0) return "";
  const chip = (t: PanelBox["thresholds"][number]) =>
    `<span class="chip" style="background:${cssColor(t.color)}">${escapeHtml(t.value === null ? "base" : String(tidyNumber(t.value, 6)))}</span>`;
  return `<div class="thresholds">thresholds ${panel.thresholds.map(chip).join("")}</div>`;
}

function queriesTitle(panel: PanelBox): string {
  return panel.queries
    .map((q) => `${q.refId || "?"}${q.datasource === "" ? "" : ` (${q.datasource})`}: ${q.query}`)
    .join("\n");
}

function panelHtml(panel: PanelBox, top: number): string {
  const place = `grid-column: ${panel.x + 1} / span ${panel.w}; grid-row: ${panel.y - top + 1} / span ${panel.h}`;
  if (panel.kind === "row")
    return `<div class="panel row" data-kind="row" style="${place}">${escapeHtml(panel.title)}</div>`;
  const hover = queriesTitle(panel);
  const meta = [panel.unit === "" ? "" : `unit ${panel.unit}`, panel.description]
    .filter((m) => m !== "")
    .join(" · ");
  return [
    `<div class="panel" data-kind="${escapeHtml(panel.kind)}" style="${place}"${hover === "" ? "" : ` title="${escapeHtml(hover)}"`}>`,
    `<div class="head"><span class="title">${escapeHtml(panel.title)}</span><span class="kind">${escapeHtml(panel.kind)}</span></div>`,
    meta === "" ? "" : `<div class="meta">${escapeHtml(meta)}</div>`,
    chips(panel),
    panel.queries.length === 0
      ? ""
      : `<ul class="queries">${panel.queries.map((q) => `<li><code>${escapeHtml(q.query)}</code></li>`).join("")}</ul>`,
    "</div>",
  ]
    .filter((line) => line !== "")
    .join("\n");
}

function gridHtml(panels: readonly PanelBox[]): string {
  const top = Math.min(...panels.map((p) => p.y));
  return `<div class="grid">\n${panels.map((p) => panelHtml(p, top)).join("\n")}\n</div>`;
}

function dashboardPage(layout: DashboardLayout, source: string, page: string): string {
  // The index sits at the top of the preview folder; pages are in folders below it.
  const home = `${"../".repeat(page.split("/").length - 1)}index.html`;
  const body = [
    `<p><a href="${home}">All dashboards</a></p>`,
    `<h1>${escapeHtml(layout.title)}</h1>`,
    `<p class="note">${escapeHtml([`uid ${layout.uid}`, source, ...(layout.tags.length === 0 ? [] : [`tags ${layout.tags.join(", ")}`])].join(" · "))}. Hover a panel for its queries.</p>`,
    layout.panels.length === 0 ? '<p class="note">No panels.</p>' : gridHtml(layout.panels),
    ...layout.collapsed.map(
      (c) =>
        `<details data-row="${escapeHtml(c.row)}"><summary>${escapeHtml(`Collapsed row ${c.row}: ${c.panels.length} panel(s)`)}</summary>\n${gridHtml(c.panels)}\n</details>`,
    ),
  ].join("\n");
  return htmlPage({ title: `${layout.title} · obsforge preview`, body, style: PREVIEW_STYLE });
}

/** `grafana/dashboards/payments/x.json` → `payments/x.html`. */
function pagePath(source: string): string {
  return `${source.replace(/^grafana\/dashboards\//, "").replace(/\.json$/, "")}.html`;
}

function panelCount(layout: DashboardLayout): number {
  const own = layout.panels.filter((p) => p.kind !== "row").length;
  return own + layout.collapsed.reduce((n, c) => n + c.panels.length, 0);
}

/**
 * `obsforge preview`: a page per dashboard showing its grid as Grafana lays
 * it out, and an index linking them, sorted by path so the same dashboards
 * give the same files.
 */
export function previewPages(dashboards: readonly DashboardSource[]): PreviewFile[] {
  const sorted = [...dashboards].sort((a, b) => compareStrings(a.path, b.path));
  const pages = sorted.map((d) => {
    const layout = dashboardLayout(d.json);
    const path = pagePath(d.path);
    return { path, layout, content: dashboardPage(layout, d.path, path) };
  });
  const rows = pages.map((p) => {
    const href = p.path.split("/").map(encodeURIComponent).join("/");
    return `<tr data-dashboard="${escapeHtml(p.layout.uid)}"><td><a href="${escapeHtml(href)}">${escapeHtml(p.layout.title)}</a></td><td>${escapeHtml(p.path)}</td><td>${panelCount(p.layout)}</td></tr>`;
  });
  const index = htmlPage({
    title: "obsforge preview",
    body: [
      "<h1>Dashboards</h1>",
      "<table>\n<thead><tr><th>dashboard</th><th>page</th><th>panels</th></tr></thead>\n<tbody>",
      ...rows,
      "</tbody>\n</table>",
    ].join("\n"),
  });
  return [
    { path: "index.html", content: index },
    ...pages.map(({ path, content }) => ({ path, content })),
  ];
}
