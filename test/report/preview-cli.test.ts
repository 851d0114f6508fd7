import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { previewProject } from "../../src/pipeline/preview.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { snapshotTree, tempDir } from "../helpers/temp.ts";

describe("obsforge preview", () => {
  test("writes an index, a page per dashboard and its manifest; the same estate gives the same bytes", async () => {
    const dir = await tempDir();
    const first = await obsforgeInProcess(["preview", "--out", join(dir, "a")], PROJECT_ROOT);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(
      /^Previewed 12 dashboard\(s\) into .*\/a\/; open .*\/a\/index\.html\n$/,
    );
    await obsforgeInProcess(["preview", "--out", join(dir, "b")], PROJECT_ROOT);
    const a = await snapshotTree(join(dir, "a"));
    expect(Object.keys(a).sort()).toContain("payments/checkout-api-slo.html");
    expect(Object.keys(a)).toHaveLength(14);
    expect(await snapshotTree(join(dir, "b"))).toEqual(a);
  });

  test("never writes into the build's out/, the definitions, or a folder it did not write", async () => {
    const foreign = await tempDir();
    await writeFile(join(foreign, "notes.txt"), "mine");
    await mkdir(join(foreign, "sub"));
    for (const [out, message] of [
      [
        "out/preview",
        "obsforge preview: refusing to use out/preview/ as the output folder: it is inside the build's output folder out/\n",
      ],
      [
        "definitions/pages",
        "obsforge preview: refusing to use definitions/pages/ as the output folder: it is inside the definitions folder definitions/\n",
      ],
      [
        foreign,
        `obsforge preview: refusing to replace ${foreign}/: it holds files obsforge did not write (no manifest.json from an earlier build); empty it or choose another --out\n`,
      ],
    ] as const) {
      const r = await obsforgeInProcess(["preview", "--out", out], PROJECT_ROOT);
      expect(r).toEqual({ code: 1, stdout: "", stderr: message });
    }
    expect(await snapshotTree(foreign)).toEqual({ "notes.txt": "mine" });
  });
});

describe("obsforge preview --dashboards", () => {
  test("previews dashboard JSON files in place: the committed out/grafana gives the built pages", async () => {
    const dir = await tempDir();
    const built = await obsforgeInProcess(["preview", "--out", join(dir, "built")], PROJECT_ROOT);
    const read = await obsforgeInProcess(
      ["preview", "--dashboards", "out/grafana/dashboards", "--out", join(dir, "read")],
      PROJECT_ROOT,
    );
    expect(read).toEqual({
      ...built,
      stdout: built.stdout.replace("/built/", "/read/").replace("/built/", "/read/"),
    });
    const a = await snapshotTree(join(dir, "built"));
    const b = await snapshotTree(join(dir, "read"));
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    // Only the source line differs: the artifact's path in out/, or the file's under --dashboards.
    const page = "payments/checkout-api-slo.html";
    expect(b[page]).toContain("uid checkout-api-slo · payments/checkout-api-slo.json ·");
    expect(
      b[page]!.replace(
        "· payments/checkout-api-slo.json ·",
        "· grafana/dashboards/payments/checkout-api-slo.json ·",
      ),
    ).toBe(a[page]);
  });

  test("a file that is not JSON, or a folder without dashboards, is one line and writes nothing", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "dash/team"), { recursive: true });
    await writeFile(join(dir, "dash/team/broken.json"), "{ nope");
    await mkdir(join(dir, "empty"));
    const broken = await obsforgeInProcess(
      ["preview", "--dashboards", "dash", "--out", "pages"],
      dir,
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /^obsforge preview: dash\/team\/broken\.json:1:7: expected a Grafana dashboard in JSON, got unexpected end of the stream within a flow collection\n$/,
    );
    const empty = await obsforgeInProcess(
      ["preview", "--dashboards", "empty", "--out", "pages"],
      dir,
    );
    expect(empty.stderr).toBe(
      "obsforge preview: --dashboards empty: expected *.json dashboards, found none\n",
    );
    expect((await snapshotTree(dir))["pages/index.html"]).toBeUndefined();
  });

  test("JSON that is not a dashboard is skipped with a line; a wrapped one is laid out unwrapped", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "dash/rules"), { recursive: true });
    // A Prometheus corpus's expectations file next to the rules (../shared/corpora/prometheus-rules).
    await writeFile(join(dir, "dash/rules/expectations.json"), '{"files":{"a.yml":"valid"}}');
    await writeFile(
      join(dir, "dash/api.json"),
      '{"dashboard":{"uid":"api","title":"API","panels":[{"type":"stat","title":"Up","gridPos":{"x":0,"y":0,"w":6,"h":4}}]}}',
    );
    const r = await obsforgeInProcess(["preview", "--dashboards", "dash", "--out", "pages"], dir);
    expect(r).toEqual({
      code: 0,
      stdout: "Previewed 1 dashboard(s) into pages/; open pages/index.html\n",
      stderr:
        'warning: obsforge preview: dash/rules/expectations.json: expected a Grafana dashboard (panels or rows, or the HTTP API\'s {"dashboard": …}); skipped\n',
    });
    const pages = await snapshotTree(join(dir, "pages"));
    expect(Object.keys(pages).sort()).toEqual(["api.html", "index.html", "manifest.json"]);
    expect(pages["api.html"]).toContain("Up");
    expect(pages["index.html"]).toContain("<td>1</td>");
  });

  test("a folder of JSON with no dashboard at all is one line, exit 1, and writes nothing", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "rules"));
    await writeFile(join(dir, "rules/expectations.json"), '{"files":{}}');
    await writeFile(join(dir, "rules/package.json"), '{"name":"x"}');
    const r = await obsforgeInProcess(["preview", "--dashboards", "rules", "--out", "pages"], dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "obsforge preview: --dashboards rules: expected *.json dashboards (panels or rows), found none among 2 JSON file(s)\n",
    });
    expect((await snapshotTree(dir))["pages/index.html"]).toBeUndefined();
  });

  test("a file name no page can be written as (a control character, a colon) is one line, not a stack trace", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "dash/k8s"), { recursive: true });
    await writeFile(
      join(dir, "dash/k8s/Pods: overview.json"),
      '{"uid":"p","title":"Pods","panels":[]}',
    );
    const r = await obsforgeInProcess(["preview", "--dashboards", "dash", "--out", "pages"], dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'obsforge preview: dash/k8s/Pods: overview.json: expected a file name its page can be written as on every system, got ":" is not allowed in Windows file names: rename the file\n',
    });
    await rm(join(dir, "dash/k8s/Pods: overview.json"));
    await writeFile(
      join(dir, "dash/k8s/a\u001b[2J.json"),
      '{"uid":"p","title":"Pods","panels":[]}',
    );
    const esc = await obsforgeInProcess(["preview", "--dashboards", "dash", "--out", "pages"], dir);
    expect(esc.code).toBe(1);
    expect(esc.stderr).toBe(
      'obsforge preview: dash/k8s/a\\x1b[2J.json: expected a file name its page can be written as on every system, got "\\u001b" is not allowed in Windows file names: rename the file\n',
    );
    expect((await snapshotTree(dir))["pages/index.html"]).toBeUndefined();
  });

  test("a signal during the write (Ctrl-C) stops it like build: nothing written, no lock or staging left", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "dash"));
    await writeFile(join(dir, "dash/a.json"), '{"uid":"a","title":"A","panels":[]}');
    const controller = new AbortController();
    controller.abort("SIGINT");
    const r = await previewProject({
      dashboards: "dash",
      out: "pages",
      cwd: dir,
      signal: controller.signal,
    });
    expect(r).toEqual({
      ok: false,
      diagnostics: [
        {
          code: "emit/interrupted",
          severity: "error",
          message: "interrupted by SIGINT; pages/ left unchanged",
          file: "",
          path: [],
        },
      ],
    });
    expect(Object.keys(await snapshotTree(dir)).sort()).toEqual(["dash/a.json"]);
  });
});
