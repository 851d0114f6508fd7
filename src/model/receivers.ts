import { z } from "zod";

/**
 * Alertmanager receivers. Secrets (webhook URLs with tokens, routing keys,
 * API keys, passwords) are only ever referenced: a `…File` field holds the
 * path Alertmanager reads the secret from (its `*_file` settings), so the
 * secret is never in a definition, in out/ or in git. Alertmanager does not
 * expand environment variables in its configuration (alertmanager#504), so a
 * secret held in the environment is mounted as a file by whatever starts
 * Alertmanager. Writing the secret itself is a build error that names the
 * field to use instead and never repeats the value.
 */

export const RECEIVER_NAME_RE = /^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/;

export const receiverNameSchema = z.string().regex(RECEIVER_NAME_RE, {
  error: "expected a receiver name of lowercase letters, digits, - and _ (e.g. payments-pagerduty)",
});

/** A path Alertmanager reads a secret from (relative paths are relative to alertmanager.yml). */
export const secretFileSchema = z
  .string()
  .min(1, { error: "expected the path of the file holding the secret" })
  .regex(/^[^\n\r]+$/, { error: "expected a path on one line" })
  .meta({ description: "Path of the file Alertmanager reads the secret from" });

/** A field that would hold a secret inline: allowed by the shape, refused by `secretRefs`. */
const inlineSecret = (fileField: string) =>
  z
    .unknown()
    .optional()
    .meta({ description: `Not allowed: reference the secret with ${fileField}` });

/**
 * The secret references of a receiver, checked as one: a secret written
 * inline is the one error reported for it (not also the missing file
 * field), and its message says `, got …` itself so the issue formatter
 * never appends the value.
 */
function secretRefs(pairs: readonly { inline: string; file: string; required: boolean }[]) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const { inline, file, required } of pairs) {
      if (value[inline] !== undefined)
        ctx.addIssue({
          code: "custom",
          path: [inline],
          input: undefined,
          params: { obsforgeCode: "model/inline-secret" },
          message: `expected a secret reference, got an inline secret (obsforge never writes secrets to out/): put it in a file Alertmanager can read and set ${file} to its path`,
        });
      else if (required && value[file] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [file],
          input: undefined,
          message: `expected ${file}, the path of the file holding the secret`,
        });
    }
  };
}

const common = {
  name: receiverNameSchema,
  sendResolved: z.boolean().optional(),
};

export const slackReceiverSchema = z
  .strictObject({
    type: z.literal("slack"),
    ...common,
    apiUrlFile: secretFileSchema
      .optional()
      .meta({ description: "File holding the Slack webhook URL" }),
    apiUrl: inlineSecret("apiUrlFile"),
    channel: z.string().min(1).optional(),
    title: z.string().optional(),
    text: z.string().optional(),
  })
  .superRefine(secretRefs([{ inline: "apiUrl", file: "apiUrlFile", required: true }]));

export const pagerdutyReceiverSchema = z
  .strictObject({
    type: z.literal("pagerduty"),
    ...common,
    routingKeyFile: secretFileSchema
      .optional()
      .meta({ description: "File holding the Events API v2 routing key" }),
    serviceKeyFile: secretFileSchema
      .optional()
      .meta({ description: "File holding the Events API v1 service key" }),
    routingKey: inlineSecret("routingKeyFile"),
    serviceKey: inlineSecret("serviceKeyFile"),
    severity: z.string().optional(),
  })
  .superRefine(
    secretRefs([
      { inline: "routingKey", file: "routingKeyFile", required: false },
      { inline: "serviceKey", file: "serviceKeyFile", required: false },
    ]),
  )
  .refine((r) => (r.routingKeyFile === undefined) !== (r.serviceKeyFile === undefined), {
    error: "expected exactly one of routingKeyFile or serviceKeyFile",
    path: ["routingKeyFile"],
    when: (payload) => payload.issues.length === 0,
  });

/**
 * A webhook's URL is an endpoint, written as it is; its credentials go in a
 * file. A URL carrying a user and password, or a query string (where tokens
 * hide), counts as an inline secret. (`url_file` needs Alertmanager 0.26+.)
 */
export const webhookReceiverSchema = z.strictObject({
  type: z.literal("webhook"),
  ...common,
  url: z
    .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
    .superRefine((value, ctx) => {
      const url = URL.canParse(value) ? new URL(value) : undefined;
      if (url === undefined || (url.username === "" && url.password === "" && url.search === ""))
        return;
      ctx.addIssue({
        code: "custom",
        params: { obsforgeCode: "model/inline-secret" },
        message:
          "expected a URL without credentials or query string, got one that may carry a secret (obsforge never writes secrets to out/): put the token in a file and set credentialsFile to its path",
      });
    }),
  credentialsFile: secretFileSchema
    .optional()
    .meta({ description: "File holding the bearer token sent as the Authorization header" }),
  maxAlerts: z.int().min(0).optional(),
});

export const emailReceiverSchema = z
  .strictObject({
    type: z.literal("email"),
    ...common,
    to: z.email({ error: "expected an email address" }),
    from: z.email({ error: "expected an email address" }),
    smarthost: z
      .string()
      .regex(/^[^\s:]+:\d+$/, { error: "expected host:port, e.g. smtp.example.com:587" }),
    authUsername: z.string().min(1).optional(),
    authPasswordFile: secretFileSchema.optional(),
    authPassword: inlineSecret("authPasswordFile"),
  })
  .superRefine(secretRefs([{ inline: "authPassword", file: "authPasswordFile", required: false }]));

export const opsgenieReceiverSchema = z
  .strictObject({
    type: z.literal("opsgenie"),
    ...common,
    apiKeyFile: secretFileSchema
      .optional()
      .meta({ description: "File holding the OpsGenie API key" }),
    apiKey: inlineSecret("apiKeyFile"),
    priority: z.string().optional(),
  })
  .superRefine(secretRefs([{ inline: "apiKey", file: "apiKeyFile", required: true }]));

/** MS Teams (`msteams_configs`) needs Alertmanager 0.26 or later. */
export const msteamsReceiverSchema = z
  .strictObject({
    type: z.literal("msteams"),
    ...common,
    webhookUrlFile: secretFileSchema
      .optional()
      .meta({ description: "File holding the Teams webhook URL" }),
    webhookUrl: inlineSecret("webhookUrlFile"),
    title: z.string().optional(),
    text: z.string().optional(),
  })
  .superRefine(secretRefs([{ inline: "webhookUrl", file: "webhookUrlFile", required: true }]));

export const receiverSchema = z.discriminatedUnion("type", [
  slackReceiverSchema,
  pagerdutyReceiverSchema,
  webhookReceiverSchema,
  emailReceiverSchema,
  opsgenieReceiverSchema,
  msteamsReceiverSchema,
]);

export type Receiver = z.infer<typeof receiverSchema>;
export type ReceiverInput = z.input<typeof receiverSchema>;
export type ReceiverType = Receiver["type"];
