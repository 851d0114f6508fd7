import type { FileOf } from "../shared/file-of.ts";

/**
 * alertmanager.yml as written (Alertmanager's config format, snake_case).
 * Key order here is output order.
 */
export interface AmRoute {
  receiver?: string;
  group_by?: string[];
  continue?: boolean;
  matchers?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: AmRoute[];
}

export type AmIntegration = Record<string, unknown>;

export interface AmReceiver {
  name: string;
  [configs: `${string}_configs`]: AmIntegration[];
}

export interface AmInhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal?: string[];
}

export interface AmTimeInterval {
  times?: { start_time: string; end_time: string }[];
  weekdays?: string[];
  days_of_month?: string[];
  months?: string[];
  years?: string[];
  location?: string;
}

export interface AlertmanagerConfig {
  route: AmRoute;
  receivers: AmReceiver[];
  inhibit_rules?: AmInhibitRule[];
  time_intervals?: { name: string; time_intervals: AmTimeInterval[] }[];
}

export interface AlertmanagerOutput extends FileOf<"alertmanager-config", AlertmanagerConfig> {
  /** What each inhibit rule is (written as comments would be lost in YAML: kept for explain and docs). */
  descriptions: string[];
}
