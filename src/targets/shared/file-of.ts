/**
 * The envelope every target's output shares. It lives below the targets
 * (imports nothing) so each target defines its own output type from it and
 * src/targets/compiled-file.ts can gather them without a folder cycle.
 */
export interface FileOf<Kind extends string, Content> {
  kind: Kind;
  /** POSIX path relative to the output folder (src/targets/shared/artifact-paths.ts). */
  path: string;
  /** Definition files (relative to the definitions folder) it was compiled from. */
  sources: string[];
  /** The file's document as typed data; src/emit/ alone turns it into bytes. */
  content: Content;
}

/** A file of one service's: its rules or its tests. */
export interface ServiceFileOf<Kind extends string, Content> extends FileOf<Kind, Content> {
  service: string;
}
