import { createHash } from "node:crypto";
import { compareStrings } from "../core/order.ts";
import type { Artifact } from "./artifact.ts";
import { toJson } from "./serialize.ts";

export const MANIFEST_PATH = "manifest.json";

export interface ManifestEntry {
  path: string;
  sha256: string;
  sources: string[];
}

export function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * Whether `bytes` (a file of out/) are the artifact's: by its sha256 when
 * known (so an artifact whose content is read lazily from the cache is not
 * read), else byte for byte.
 */
export function holdsBytes(bytes: Buffer, artifact: Artifact): boolean {
  // Its bytes in memory: a comparison, not a hash of the old file.
  if (artifact.bytes !== undefined) return bytes.equals(artifact.bytes);
  if (artifact.sha256 !== undefined) return sha256(bytes) === artifact.sha256;
  return bytes.equals(Buffer.from(artifact.content, "utf8"));
}

export function manifestEntry(artifact: Artifact): ManifestEntry {
  return {
    path: artifact.path,
    sha256: artifact.sha256 ?? sha256(artifact.content),
    sources: [...artifact.sources].sort(compareStrings),
  };
}

/** out/manifest.json: every artifact, its hash and the definitions it came from, sorted by path. */
export function manifestFromEntries(entries: readonly ManifestEntry[]): Artifact {
  const sorted = [...entries].sort((a, b) => compareStrings(a.path, b.path));
  return { path: MANIFEST_PATH, content: toJson({ artifacts: sorted }), sources: [] };
}

export function manifestArtifact(artifacts: readonly Artifact[]): Artifact {
  return manifestFromEntries(artifacts.map(manifestEntry));
}

/**
 * Pass artifacts through and append the manifest. Only hashes are kept, so
 * a streamed build holds one service's artifacts at a time, not the estate's.
 */
export function* withManifest(artifacts: Iterable<Artifact>): Generator<Artifact> {
  const entries: ManifestEntry[] = [];
  for (const artifact of artifacts) {
    entries.push(manifestEntry(artifact));
    yield artifact;
  }
  yield manifestFromEntries(entries);
}
