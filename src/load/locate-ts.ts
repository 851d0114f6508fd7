import type { FieldPath } from "../core/problem.ts";
import { rawOffsetOfEscaped } from "../core/source-index.ts";
import { OPTIONS, POSITIONAL_HELPERS, RENAMED_FIELDS } from "./helper-params.ts";
import type { FieldLocator, LocatedField } from "./located.ts";

/**
 * Field paths of a TypeScript definition module mapped to where they are
 * written, by one pass over its syntax tree (parsed with @babel/parser, the
 * parser jiti's transform uses, so it reads what the loader reads). The
 * walk starts at the default export's value and follows what people write:
 * helper calls (`defineService({…})`, `alert({…})`) through their object
 * argument, `const` names declared at the module's top level, arrays by
 * index and object literals by property name. A path the source does not
 * spell out (a value from a spread, a computed key, a function's result)
 * stops at the nearest part that is written. Helpers that take fields
 * positionally (`row(title, panels)`, `promQuery(expr)`) are followed
 * through the parameter table in helper-params.ts.
 */

// The few node shapes the walk reads; @babel/types is not a dependency.
interface Node {
  type: string;
  start?: number | null;
  end?: number | null;
  [key: string]: unknown;
}

type Parse = (text: string, options: Record<string, unknown>) => { program: { body: Node[] } };

/** The locator for one module's text, or undefined when it does not parse. */
export function tsLocator(parse: Parse, text: string): FieldLocator | undefined {
  let body: Node[];
  try {
    body = parse(text, {
      sourceType: "module",
      plugins: ["typescript"],
      errorRecovery: true,
    }).program.body;
  } catch {
    return undefined;
  }
  const constants = new Map<string, Node>();
  let root: Node | undefined;
  for (const statement of body) {
    const declaration =
      statement.type === "ExportNamedDeclaration"
        ? (statement.declaration as Node | null)
        : statement;
    if (declaration?.type === "VariableDeclaration") {
      for (const d of declaration.declarations as Node[]) {
        const id = d.id as Node;
        if (id.type === "Identifier" && d.init != null)
          constants.set(id.name as string, d.init as Node);
      }
    }
    if (statement.type === "ExportDefaultDeclaration") root = statement.declaration as Node;
  }
  if (root === undefined) return undefined;
  const walk = new ModuleWalk(text, constants, root);
  return (path) => walk.locate(path);
}

/** The walk over one parsed module: field paths to the nodes that write them. */
class ModuleWalk {
  constructor(
    private readonly text: string,
    private readonly constants: ReadonlyMap<string, Node>,
    private readonly root: Node,
  ) {}

  /** The expression a value stands for: TS wrappers off, `const` names followed. */
  resolve(node: Node, depth = 0): Node {
    let n = node;
    for (let i = 0; i < 50; i++) {
      if (
        n.type === "TSAsExpression" ||
        n.type === "TSSatisfiesExpression" ||
        n.type === "TSNonNullExpression" ||
        n.type === "TSTypeAssertion" ||
        n.type === "ParenthesizedExpression"
      ) {
        n = n.expression as Node;
      } else if (n.type === "Identifier" && depth < 20 && this.constants.has(n.name as string)) {
        return this.resolve(this.constants.get(n.name as string)!, depth + 1);
      } else return n;
    }
    return n;
  }

  /** The object literal a value is, or the one a helper call is given. */
  objectOf(node: Node): Node | undefined {
    const n = this.resolve(node);
    if (n.type === "ObjectExpression") return n;
    if (n.type === "CallExpression") {
      for (const arg of n.arguments as Node[]) {
        const a = this.resolve(arg);
        if (a.type === "ObjectExpression") return a;
      }
    }
    return undefined;
  }

  /** The array literal a value is, or the one a helper call is given alone. */
  arrayOf(node: Node): Node | undefined {
    const n = this.resolve(node);
    if (n.type === "ArrayExpression") return n;
    if (n.type === "CallExpression") {
      const args = (n.arguments as Node[]).map((a) => this.resolve(a));
      if (args.length === 1 && args[0]!.type === "ArrayExpression") return args[0];
    }
    return undefined;
  }

  locate(path: FieldPath): LocatedField | undefined {
    let value = this.root;
    let key: Node | undefined;
    let matched = 0;
    for (const part of path) {
      const next = this.step(value, part);
      if (next === undefined) break;
      ({ value, key } = next);
      matched++;
    }
    if (matched === 0) return undefined;
    const field = this.located(this.resolveShown(value), key, matched === path.length);
    return key === undefined
      ? field
      : { ...field, key: { start: key.start ?? 0, end: key.end ?? 0 } };
  }

  step(node: Node, part: string | number): { value: Node; key?: Node } | undefined {
    if (typeof part === "number") {
      const array = this.arrayOf(node);
      if (array === undefined) return undefined;
      const elements = array.elements as (Node | null)[];
      // After a spread, indices no longer match what is written.
      for (let i = 0; i <= part && i < elements.length; i++) {
        if (elements[i]?.type === "SpreadElement") return undefined;
      }
      const element = elements[part];
      return element == null ? undefined : { value: element };
    }
    return this.fieldOf(node, part);
  }

  /**
   * A named field of a value: a property of its object literal, or the
   * argument a positional helper takes it as (`row(title, panels, {…})`,
   * see helper-params.ts).
   */
  fieldOf(node: Node, part: string): { value: Node; key?: Node } | undefined {
    const n = this.resolve(node);
    const helper = n.type === "CallExpression" ? calleeName(n.callee as Node) : undefined;
    const params = helper === undefined ? undefined : POSITIONAL_HELPERS[helper];
    if (params !== undefined) {
      const args = n.arguments as Node[];
      const index = params.indexOf(part);
      const options = params.indexOf(OPTIONS);
      const at = index >= 0 ? index : options;
      // After a spread argument, positions no longer match the parameters.
      if (at < 0 || args.slice(0, at + 1).some((a) => a.type === "SpreadElement")) return undefined;
      const arg = args[at];
      if (arg === undefined) return undefined;
      if (index >= 0) return { value: arg };
      const object = this.resolve(arg);
      return object.type === "ObjectExpression" ? this.propertyOf(object, part) : undefined;
    }
    const object = this.objectOf(n);
    if (object === undefined) return undefined;
    const renamed = helper === undefined ? undefined : RENAMED_FIELDS[helper]?.[part];
    return (
      this.propertyOf(object, part) ??
      (renamed === undefined ? undefined : this.propertyOf(object, renamed))
    );
  }

  propertyOf(object: Node, part: string): { value: Node; key?: Node } | undefined {
    let found: Node | undefined;
    for (const property of object.properties as Node[]) {
      if (property.type !== "ObjectProperty" && property.type !== "ObjectMethod") continue;
      if (property.computed === true) continue;
      if (keyName(property.key as Node) === part) found = property;
    }
    if (found === undefined) return undefined;
    return {
      value: (found.type === "ObjectProperty" ? found.value : found) as Node,
      key: found.key as Node,
    };
  }

  /** What to point at for a value: itself, not a `const` it names (that may serve many fields). */
  resolveShown(node: Node): Node {
    let n = node;
    while (
      n.type === "TSAsExpression" ||
      n.type === "TSSatisfiesExpression" ||
      n.type === "TSNonNullExpression"
    )
      n = n.expression as Node;
    return n;
  }

  located(value: Node, key: Node | undefined, exact: boolean): LocatedField {
    const from = value.start ?? 0;
    const to = value.end ?? from;
    if (value.type === "StringLiteral") {
      const raw = this.text.slice(from + 1, to - 1);
      return {
        start: from + 1,
        end: to - 1,
        exact,
        inner: (offset) => {
          const at = rawOffsetOfEscaped(raw, offset);
          return at === undefined ? undefined : from + 1 + at;
        },
      };
    }
    if (value.type === "TemplateLiteral") {
      // The value is verbatim up to the first `${…}`.
      const first = (value.quasis as Node[])[0]!;
      const qFrom = first.start ?? from + 1;
      const raw = this.text.slice(qFrom, first.end ?? qFrom);
      const cookedLength = ((first.value as { cooked?: string }).cooked ?? raw).length;
      return {
        start: from + 1,
        end: to - 1,
        exact,
        inner: (offset) => {
          if (
            offset > cookedLength ||
            (offset === cookedLength && (value.expressions as Node[]).length > 0)
          )
            return undefined;
          const at = rawOffsetOfEscaped(raw, offset);
          return at === undefined ? undefined : qFrom + at;
        },
      };
    }
    const scalar =
      value.type === "NumericLiteral" ||
      value.type === "BigIntLiteral" ||
      value.type === "BooleanLiteral" ||
      value.type === "NullLiteral" ||
      value.type === "Identifier" ||
      value.type === "UnaryExpression";
    if (scalar) return { start: from, end: to, exact };
    // An object, array or call as a property's value: its name, as written.
    if (key !== undefined) return { start: key.start ?? from, end: key.end ?? from, exact };
    if (value.type === "CallExpression") {
      const callee = value.callee as Node;
      return { start: callee.start ?? from, end: callee.end ?? from, exact };
    }
    return { start: from, end: from + 1, exact };
  }
}

/** `row` for `row(…)` and for `obsforge.row(…)`; undefined for other callees. */
function calleeName(callee: Node): string | undefined {
  if (callee.type === "Identifier") return callee.name as string;
  if (callee.type === "MemberExpression" && callee.computed !== true)
    return keyName(callee.property as Node);
  return undefined;
}

function keyName(key: Node): string | undefined {
  if (key.type === "Identifier") return key.name as string;
  if (key.type === "StringLiteral") return key.value as string;
  if (key.type === "NumericLiteral") return String(key.value);
  return undefined;
}
