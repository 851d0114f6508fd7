import * as fsPromises from "node:fs/promises";

/**
 * The filesystem calls the writer makes. Injected only by tests, to pause a
 * build at an exact step or to raise a fault (ENOSPC) that cannot be made
 * real on the test machine; production always uses node:fs/promises.
 */
export type OutputFs = Pick<
  typeof fsPromises,
  | "copyFile"
  | "link"
  | "lstat"
  | "mkdir"
  | "readFile"
  | "readdir"
  | "realpath"
  | "rename"
  | "rm"
  | "rmdir"
  | "stat"
  | "unlink"
  | "writeFile"
>;

export const nodeFs: OutputFs = fsPromises;
