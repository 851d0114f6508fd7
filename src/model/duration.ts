import { z } from "zod";
import { DURATION_RE, type Duration } from "../core/duration.ts";

// The cast narrows the inferred type to the template-literal Duration so
// editors complete and check it; the runtime check (and the JSON Schema
// pattern) are the regex's.
export const durationSchema = z
  .string()
  .regex(DURATION_RE, { error: 'expected a duration such as "30s", "5m" or "1h30m"' })
  .meta({ description: 'Prometheus duration, e.g. "5m", "1h30m", "28d"' }) as unknown as z.ZodType<
  Duration,
  Duration
>;
