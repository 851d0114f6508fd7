/** The engines a backtest can run its rules in; Prometheus is the default (see ADR 0010). */
export const ENGINES = ["prometheus", "victoria-metrics"] as const;
export type EngineName = (typeof ENGINES)[number];
