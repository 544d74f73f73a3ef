import { decodeStringRecord } from "@/lib/db/json-columns";

/** provider_credentials.public_fields: the provider's public fields (never the secret), a JSON object of strings. */
export function decodePublicFields(stored: string): Record<string, string> {
  return decodeStringRecord(stored);
}
