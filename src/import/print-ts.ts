import type { ServiceInput } from "../model/service.ts";
import { WINDOW } from "../model/slo.ts";

/**
 * Print an imported service as an idiomatic definition module: the typed
 * helpers instead of `kind` tags, SLI queries as template literals with
 * `${WINDOW}`, short objects on one line, two-space indentation.
 */
export function printServiceModule(service: ServiceInput, options: { source: string }): string {
  const helpers = new Set<string>(["defineService"]);
  const value = toCode(service, helpers);
  const imports = [...helpers].sort();
  return [
    `// Imported by obsforge from ${options.source}.`,
    `import { ${imports.join(", ")} } from "obsforge";`,
    "",
    `export default ${print(value, 0)};`,
    "",
  ].join("\n");
}

/** A helper call in the printed code: `name(arg)`. */
interface Call {
  call: string;
  arg: Code;
}
/** Code printed verbatim (a template literal). */
interface Raw {
  raw: string;
}
type Code =
  | string
  | number
  | boolean
  | null
  | undefined
  | Call
  | Raw
  | Code[]
  | { [key: string]: Code };

const SLI_HELPERS: Record<string, string> = {
  events: "eventRatioSli",
  latency: "latencySli",
  raw: "rawSli",
  availability: "availabilitySli",
};

function toCode(service: ServiceInput, helpers: Set<string>): Code {
  const { kind: _kind, slos, ...rest } = service;
  const body: { [key: string]: Code } = { ...(rest as unknown as { [key: string]: Code }) };
  if (slos !== undefined && slos.length > 0) {
    helpers.add("slo");
    body.slos = slos.map((slo) => {
      const { sli, ...sloRest } = slo;
      const { kind, ...sliFields } = sli as { kind: string } & Record<string, unknown>;
      const helper = SLI_HELPERS[kind]!;
      helpers.add(helper);
      const sliCode: { [key: string]: Code } = {};
      for (const [key, value] of Object.entries(sliFields)) {
        sliCode[key] =
          typeof value === "string" && value.includes(WINDOW)
            ? windowTemplate(value, helpers)
            : (value as Code);
      }
      // The SLI reads best right after what it is measured against.
      const { name, description, objective, period, ...others } = sloRest as {
        [key: string]: Code;
      };
      return {
        call: "slo",
        arg: {
          name,
          description,
          objective,
          period,
          sli: { call: helper, arg: sliCode },
          ...others,
        },
      };
    });
  }
  return { call: "defineService", arg: body };
}

/** `sum(rate(x[{{.window}}]))` → `` `sum(rate(x[${WINDOW}]))` `` */
function windowTemplate(query: string, helpers: Set<string>): Raw {
  helpers.add("WINDOW");
  const escaped = query.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
  // The interpolation is text to print, not one to evaluate here.
  const interpolation = "$" + "{WINDOW}";
  return { raw: `\`${escaped.split(WINDOW).join(interpolation)}\`` };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WIDTH = 100;

function print(value: Code, indent: number): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if ("raw" in value && typeof value.raw === "string") return value.raw;
  if ("call" in value && typeof value.call === "string")
    return `${value.call}(${print((value as Call).arg, indent)})`;
  const pad = "  ".repeat(indent + 1);
  const close = "  ".repeat(indent);
  if (Array.isArray(value)) {
    const items = value.map((v) => print(v, indent + 1));
    const inline = `[${items.join(", ")}]`;
    if (inline.length + indent * 2 <= WIDTH && !inline.includes("\n")) return inline;
    return `[\n${items.map((i) => `${pad}${i},`).join("\n")}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, Code>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${print(v, indent + 1)}`);
  if (entries.length === 0) return "{}";
  const inline = `{ ${entries.join(", ")} }`;
  if (inline.length + indent * 2 <= WIDTH && !inline.includes("\n")) return inline;
  return `{\n${entries.map((e) => `${pad}${e},`).join("\n")}\n${close}}`;
}
