import { z } from "zod";

/**
 * Kubernetes object metadata as the API server validates it
 * (k8s.io/apimachinery/pkg/util/validation): names and namespaces are
 * DNS-1123 labels here (a PrometheusRule name may be a subdomain, but a
 * label is what every tool and `kubectl` shell completion handles), label
 * keys an optional DNS-subdomain prefix and a name part, label values at
 * most 63 characters. A value the server refuses is a build error, not a
 * failed `kubectl apply` later.
 */
export const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_KEY_NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE_RE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export const kubernetesNameSchema = z.string().regex(DNS1123_LABEL_RE, {
  error:
    "expected a Kubernetes name: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit",
});

function isLabelKey(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash === -1) return LABEL_KEY_NAME_RE.test(key);
  const prefix = key.slice(0, slash);
  return (
    prefix.length <= 253 &&
    DNS1123_SUBDOMAIN_RE.test(prefix) &&
    LABEL_KEY_NAME_RE.test(key.slice(slash + 1))
  );
}

export const kubernetesLabelsSchema = z
  .record(
    z.string().refine(isLabelKey, {
      error:
        "expected a Kubernetes label key: an optional DNS prefix and /, then at most 63 letters, digits, -, _ and .",
    }),
    z.string().regex(LABEL_VALUE_RE, {
      error:
        "expected a Kubernetes label value: at most 63 letters, digits, -, _ and ., starting and ending with a letter or digit",
    }),
  )
  .meta({
    description: "Labels of the resource's metadata (what the operator's ruleSelector matches)",
  });

/** A service's own overrides of the estate's Kubernetes settings. */
export const serviceKubernetesSchema = z
  .strictObject({
    name: kubernetesNameSchema.optional().meta({
      description:
        "metadata.name of the service's PrometheusRule (default: the service name, _ as -)",
    }),
    namespace: kubernetesNameSchema
      .optional()
      .meta({ description: "metadata.namespace, instead of the estate's" }),
    labels: kubernetesLabelsSchema
      .optional()
      .meta({ description: "metadata.labels added to (and overriding) the estate's" }),
  })
  .meta({
    description:
      "Kubernetes metadata of this service's PrometheusRule; setting it writes out/kubernetes/<service>.prometheusrule.yml even when the estate does not",
  });

export type ServiceKubernetes = z.infer<typeof serviceKubernetesSchema>;
