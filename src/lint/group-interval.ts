/** Prometheus's default `evaluation_interval`, used for groups without `interval`. */
export const DEFAULT_GROUP_INTERVAL_SECONDS = 60;
