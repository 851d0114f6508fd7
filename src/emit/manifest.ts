import { createHash } from "node:crypto";
import { compareStrings } from "../model/common.ts";
import type { Artifact } from "./artifact.ts";
import { toJson } from "./serialize.ts";

export const MANIFEST_PATH = "manifest.json";

export interface ManifestEntry {
  path: string;
  sha256: string;
  sources: string[];
}

export function sha256(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex");
}

/** out/manifest.json: every artifact, its hash and the definitions it came from. */
export function manifestArtifact(artifacts: readonly Artifact[]): Artifact {
  const entries: ManifestEntry[] = [...artifacts]
    .sort((a, b) => compareStrings(a.path, b.path))
    .map((a) => ({
      path: a.path,
      sha256: sha256(a.content),
      sources: [...a.sources].sort(compareStrings),
    }));
  return { path: MANIFEST_PATH, content: toJson({ artifacts: entries }), sources: [] };
}
