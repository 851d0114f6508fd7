import { createRequire } from "node:module";
import type * as Alerting from "@grafana/grafana-foundation-sdk/alerting";
import type * as Common from "@grafana/grafana-foundation-sdk/common";
import type * as Dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as Gauge from "@grafana/grafana-foundation-sdk/gauge";
import type * as Heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import type * as Logs from "@grafana/grafana-foundation-sdk/logs";
import type * as Loki from "@grafana/grafana-foundation-sdk/loki";
import type * as Prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import type * as Stat from "@grafana/grafana-foundation-sdk/stat";
import type * as Table from "@grafana/grafana-foundation-sdk/table";
import type * as Text from "@grafana/grafana-foundation-sdk/text";
import type * as Timeseries from "@grafana/grafana-foundation-sdk/timeseries";

/**
 * The Grafana foundation SDK's modules, each loaded on first use. The SDK
 * is CommonJS (about 280 files, a fifth of a second of CPU to import with
 * the cost of Node's CommonJS export scan), and most builds never build a
 * dashboard: the incremental cache serves them, and the authoring API that
 * every definition module imports only needs the SDK when a panel helper is
 * called. `require` gives the very module an `import` of the package gives
 * (one entry in Node's module cache), so builders made either way are the
 * same classes. The modules that build dashboards take their values from
 * here (`sdk.dashboard.PanelBuilder`) and their types from the package.
 */
export const sdk = {
  get alerting(): typeof Alerting {
    return load("alerting");
  },
  get common(): typeof Common {
    return load("common");
  },
  get dashboard(): typeof Dashboard {
    return load("dashboard");
  },
  get gauge(): typeof Gauge {
    return load("gauge");
  },
  get heatmap(): typeof Heatmap {
    return load("heatmap");
  },
  get logs(): typeof Logs {
    return load("logs");
  },
  get loki(): typeof Loki {
    return load("loki");
  },
  get prometheus(): typeof Prometheus {
    return load("prometheus");
  },
  get stat(): typeof Stat {
    return load("stat");
  },
  get table(): typeof Table {
    return load("table");
  },
  get text(): typeof Text {
    return load("text");
  },
  get timeseries(): typeof Timeseries {
    return load("timeseries");
  },
};

const require = createRequire(import.meta.url);
const loaded = new Map<string, unknown>();

function load<T>(name: string): T {
  let module = loaded.get(name);
  if (module === undefined) {
    module = require(`@grafana/grafana-foundation-sdk/${name}`);
    loaded.set(name, module);
  }
  return module as T;
}
