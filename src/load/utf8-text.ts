/**
 * A file's bytes as text, when they are UTF-8. Go's yaml.v3 (promtool,
 * Prometheus, Sloth) refuses other bytes; Node's "utf8" decoding would put
 * U+FFFD in their place, so a Latin-1 `café` would load as `caf�` and be
 * written out so. The check costs one scan for U+FFFD; only a file that
 * has one is compared byte by byte (U+FFFD itself is valid UTF-8).
 */
export type Utf8Text =
  | { ok: true; text: string }
  /** Where the first byte that is not UTF-8 is (1-based; the column counts bytes), as a parse failure says. */
  | { ok: false; message: string; line: number; column: number };

export function utf8Text(bytes: Buffer): Utf8Text {
  const text = bytes.toString("utf8");
  if (!text.includes("\uFFFD")) return { ok: true, text };
  const again = Buffer.from(text, "utf8");
  let i = 0;
  while (i < bytes.length && i < again.length && bytes[i] === again[i]) i++;
  if (i === bytes.length && i === again.length) return { ok: true, text };
  const before = bytes.subarray(0, i);
  const line = before.filter((b) => b === 0x0a).length + 1;
  const column = i - before.lastIndexOf(0x0a);
  return {
    ok: false,
    message: `text that is not UTF-8 (byte 0x${bytes[i]!.toString(16).padStart(2, "0")})`,
    line,
    column,
  };
}
