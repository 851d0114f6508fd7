import { createHash } from "node:crypto";

/** Service names are DNS labels: at most 63 characters (SERVICE_NAME_RE in names.ts). */
const SERVICE_NAME_MAX = 63;

/**
 * A service name from a file or resource name: lowercase, runs of other
 * characters than `[a-z0-9_-]` as `-`, no leading or trailing `-`/`_`. A
 * slug too long keeps its start and gets 8 hex digits of its sha256 (as
 * dashboard uids do, src/model/dashboards.ts): cut short instead, two
 * files whose names agree on their first 63 characters would silently
 * become one service. May be empty; callers check SERVICE_NAME_RE.
 */
export function serviceSlug(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  if (slug.length <= SERVICE_NAME_MAX) return slug;
  const hash = createHash("sha256").update(slug, "utf8").digest("hex").slice(0, 8);
  return `${slug.slice(0, SERVICE_NAME_MAX - 9).replace(/[^a-z0-9]+$/, "")}-${hash}`;
}
