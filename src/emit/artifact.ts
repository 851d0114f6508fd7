/** A file obsforge writes into out/, held in memory until the whole build succeeded. */
export interface Artifact {
  /** POSIX path relative to the output folder, e.g. `prometheus/api.rules.yml`. */
  path: string;
  content: string;
  /** Definition files (relative to the definitions folder) it was generated from. */
  sources: string[];
}
