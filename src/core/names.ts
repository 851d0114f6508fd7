/** Name grammars from the Prometheus data model (pre-3.0, legacy validation). */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Recording-rule names follow level:metric:operations (Prometheus naming best practice). */
export const RECORD_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+$/;
/** Alert names: CamelCase-friendly identifiers, as mixtool's alert-name lint expects. */
export const ALERT_NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;
/**
 * Service names become file names (out/prometheus/<service>.rules.yml), so
 * they are kept to a portable slug: no slashes, no leading dot, no `..`.
 */
export const SERVICE_NAME_RE = /^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/;
/** Grafana accepts dashboard uids of at most 40 characters of letters, digits, `-` and `_`. */
export const UID_MAX = 40;
export const UID_RE = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * `name`, when it is a label name; a TypeError otherwise. Query builders call
 * it: a label name cannot be quoted in the Prometheus 2.x syntax obsforge
 * targets, so one that needs quoting is a bug in the definition.
 */
export function checkedLabelName(name: string): string {
  if (!LABEL_NAME_RE.test(name)) {
    throw new TypeError(
      `Invalid label name ${JSON.stringify(name)}: expected [a-zA-Z_][a-zA-Z0-9_]*`,
    );
  }
  return name;
}
