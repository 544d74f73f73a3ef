import { Badge } from "@/components/ui/badge";

type Status = { enabled: boolean; disabledReason: "merchant" | "failing" | null; failingSince: Date | null };

/** Enabled, failing (deliveries being retried), disabled, or disabled by Keyward after 3 days of failures. */
export function EndpointStatus({ endpoint }: { endpoint: Status }) {
  if (!endpoint.enabled) {
    return endpoint.disabledReason === "failing" ? <Badge tone="red">Disabled: failing</Badge> : <Badge>Disabled</Badge>;
  }
  if (endpoint.failingSince) return <Badge tone="amber">Failing</Badge>;
  return <Badge tone="green">Enabled</Badge>;
}
