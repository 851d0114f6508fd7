// Shared pieces of the example estate. Files in sub-folders are not
// definitions themselves; definition modules import them.
import { metric } from "obsforge";

/** Scrape health, written by Prometheus for every target. */
export const up = metric({
  name: "up",
  type: "gauge",
  unit: "1",
  help: "1 if the last scrape of the target succeeded, 0 otherwise.",
  labels: ["job", "instance"],
});

export const RUNBOOKS = "https://runbooks.example.com";

/**
 * Where log alerts link to: Grafana Explore on the Loki data source. The
 * uid is the one the Grafana provisioning gives the Loki data source.
 */
export const EXPLORE = { grafanaUrl: "https://grafana.example.com", datasourceUid: "loki" };
