import { basename, dirname, join } from "node:path";

/**
 * Everything a build keeps beside out/ (never inside it, so git, `check`
 * and rule loaders only ever see artifacts in out/): one lock, one journal
 * and per-build staging and backup folders, all named after out/ so that two
 * output folders in one parent never share them.
 */
export interface OutputLayout {
  /** Real path of the output folder. */
  out: string;
  parent: string;
  lock: string;
  journal: string;
  /** Names (not paths) of obsforge's own leftovers in `parent` that recovery may delete. */
  isLeftover: (name: string) => boolean;
  staging: (tag: string) => string;
  backup: (tag: string) => string;
  journalTemp: (tag: string) => string;
  /** Folders the previous writer (rename out → old, staging → out) left when killed. */
  isLegacyOld: (name: string) => boolean;
}

export function outputLayout(realOut: string): OutputLayout {
  const parent = dirname(realOut);
  const prefix = `.${basename(realOut)}.obsforge-`;
  return {
    out: realOut,
    parent,
    lock: join(parent, `${prefix}lock`),
    journal: join(parent, `${prefix}journal.json`),
    isLeftover: (name) =>
      name.startsWith(prefix) &&
      /^(staging|backup|journal-tmp|lock-stale|lock-tmp|new|old)-[A-Za-z0-9-]+$/.test(
        name.slice(prefix.length),
      ),
    staging: (tag) => join(parent, `${prefix}staging-${tag}`),
    backup: (tag) => join(parent, `${prefix}backup-${tag}`),
    journalTemp: (tag) => join(parent, `${prefix}journal-tmp-${tag}`),
    isLegacyOld: (name) =>
      name.startsWith(`${prefix}old-`) && /^[A-Za-z0-9-]+$/.test(name.slice(prefix.length + 4)),
  };
}
