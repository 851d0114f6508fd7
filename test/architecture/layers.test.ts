import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import {
  checkLayers,
  folderOf,
  type ImportEdge,
  type KnownImport,
  type LayerRules,
  readFolderGraph,
} from "./folder-graph.ts";

/**
 * Wrong-way imports that exist today and are removed by a planned change.
 * Keep it short: every entry must still exist, so the list only shrinks.
 */
const KNOWN: readonly KnownImport[] = [];

/** The layer rules of docs/adr/0007-architecture-layers.md. */
const TOP = ["index.ts", "api.ts", "cli"];
const RULES: LayerRules = {
  leaves: ["core", "escape", "template"],
  importOnly: {
    promql: ["core", "escape"],
    logql: ["core", "escape"],
    // The exposition stage hands families and syntax errors to lint, and knows nothing of it.
    exposition: ["core"],
    // Log lines are read with the exposition stage's reader and splitter, and know nothing of lint.
    loglines: ["core", "exposition"],
  },
  importedOnlyBy: {
    "index.ts": TOP,
    "api.ts": TOP,
    cli: TOP,
    // The loader hands the authoring API to definitions as the virtual module `obsforge`.
    "authoring.ts": [...TOP, "load"],
  },
  forbidden: [
    ["targets/*", "emit"],
    ["lint", "emit"],
    ["emit", "model"],
    ["load", "lint"],
  ],
  known: KNOWN,
};

function edge(file: string, specifier: string, target: string): ImportEdge {
  const inSrc = (path: string) => path.replace(/^src\//, "");
  return {
    from: folderOf(inSrc(file)),
    to: folderOf(inSrc(target)),
    file,
    line: 1,
    specifier,
    target,
  };
}

describe("folder layers of src/", () => {
  test("no folder cycle and no wrong-way import", async () => {
    const graph = await readFolderGraph(PROJECT_ROOT);
    // A wrong root would find nothing and pass: src/ has a few hundred modules.
    expect(graph.files).toBeGreaterThan(150);
    expect(graph.edges.length).toBeGreaterThan(200);
    expect(checkLayers(graph.edges, RULES).join("\n\n")).toBe("");
  });

  test("folders are the top-level folders of src/, each target its own", () => {
    expect(folderOf("model/slo.ts")).toBe("model");
    expect(folderOf("lint/rules/promql/rate-window.ts")).toBe("lint");
    expect(folderOf("targets/loki/compile.ts")).toBe("targets/loki");
    expect(folderOf("index.ts")).toBe("index.ts");
    // Part of core until it moves there (issue 12 part B).
    expect(folderOf("diagnostics.ts")).toBe("core");
  });
});

describe("the layer check on a small graph", () => {
  const clean = [
    edge("src/model/slo.ts", "../core/window.ts", "src/core/window.ts"),
    edge("src/slo/sli.ts", "../model/slo.ts", "src/model/slo.ts"),
    edge("src/cli/main.ts", "../api.ts", "src/api.ts"),
    edge("src/load/definitions.ts", "../authoring.ts", "src/authoring.ts"),
  ];
  const rules: LayerRules = { ...RULES, known: [] };

  test("a graph that keeps the layers passes", () => {
    expect(checkLayers(clean, rules)).toEqual([]);
  });

  test.for([
    {
      name: "a folder cycle, naming every import in it",
      edge: edge("src/model/service.ts", "../slo/conventions.ts", "src/slo/conventions.ts"),
      message:
        'folder cycle between model, slo:\n  src/model/service.ts:1 imports "../slo/conventions.ts" (model -> slo)\n  src/slo/sli.ts:1 imports "../model/slo.ts" (slo -> model)',
    },
    {
      name: "core importing another folder",
      edge: edge("src/core/names.ts", "../model/common.ts", "src/model/common.ts"),
      message:
        'core/ is a leaf and imports nothing of the project: src/core/names.ts:1 imports "../model/common.ts" (core -> model)',
    },
    {
      name: "the diagnostics module, part of core, importing another folder",
      edge: edge("src/diagnostics.ts", "./lint/finding.ts", "src/lint/finding.ts"),
      message:
        'core/ is a leaf and imports nothing of the project: src/diagnostics.ts:1 imports "./lint/finding.ts" (core -> lint)',
    },
    {
      name: "escape importing another folder",
      edge: edge("src/escape/quote.ts", "../core/names.ts", "src/core/names.ts"),
      message:
        'escape/ is a leaf and imports nothing of the project: src/escape/quote.ts:1 imports "../core/names.ts" (escape -> core)',
    },
    {
      name: "logql importing promql",
      edge: edge("src/logql/parse.ts", "../promql/parse.ts", "src/promql/parse.ts"),
      message:
        'logql/ may import only core, escape: src/logql/parse.ts:1 imports "../promql/parse.ts" (logql -> promql)',
    },
    {
      name: "a target importing emit",
      edge: edge("src/targets/loki/compile.ts", "../../emit/serialize.ts", "src/emit/serialize.ts"),
      message:
        'wrong-way import targets/* -> emit: src/targets/loki/compile.ts:1 imports "../../emit/serialize.ts" (targets/loki -> emit)',
    },
    {
      name: "lint importing emit",
      edge: edge("src/lint/engine.ts", "../emit/artifact.ts", "src/emit/artifact.ts"),
      message:
        'wrong-way import lint -> emit: src/lint/engine.ts:1 imports "../emit/artifact.ts" (lint -> emit)',
    },
    {
      name: "emit importing the model",
      edge: edge("src/emit/manifest.ts", "../model/common.ts", "src/model/common.ts"),
      message:
        'wrong-way import emit -> model: src/emit/manifest.ts:1 imports "../model/common.ts" (emit -> model)',
    },
    {
      name: "load importing lint",
      edge: edge("src/load/lint-config.ts", "../lint/config.ts", "src/lint/config.ts"),
      message:
        'wrong-way import load -> lint: src/load/lint-config.ts:1 imports "../lint/config.ts" (load -> lint)',
    },
    {
      name: "a stage importing the package root",
      edge: edge("src/load/definitions.ts", "../index.ts", "src/index.ts"),
      message:
        'index.ts may be imported only by index.ts, api.ts, cli: src/load/definitions.ts:1 imports "../index.ts" (load -> index.ts)',
    },
  ])("reports $name", ({ edge: bad, message }) => {
    expect(checkLayers([...clean, bad], rules)).toContain(message);
  });

  test("a known import passes, and is reported once it is gone", () => {
    const bad = edge("src/lint/engine.ts", "../emit/artifact.ts", "src/emit/artifact.ts");
    const known = { ...rules, known: [{ file: bad.file, specifier: bad.specifier }] };
    expect(checkLayers([...clean, bad], known)).toEqual([]);
    expect(checkLayers(clean, known)).toEqual([
      'known import src/lint/engine.ts -> "../emit/artifact.ts" is gone: delete it from the allow-list',
    ]);
  });
});
