import type { ProviderCredential } from "@/lib/generated/sqlite/client";
import { decodePublicFields } from "./json-columns";
import { PROVIDERS, isProviderName, type ProviderName } from "./providers";

/** What callers see of a credential: never its ciphertext, wrapped key or plaintext. */
export type CredentialView = {
  id: string;
  applicationId: string;
  provider: ProviderName;
  providerLabel: string;
  /** Provider prefix and last four characters, e.g. "sk_test_…4242". */
  mask: string;
  publicFields: Record<string, string>;
  setBy: string;
  setAt: Date;
  rotatedAt: Date | null;
  createdAt: Date;
};

export function toCredentialView(row: ProviderCredential): CredentialView {
  return {
    id: row.id,
    applicationId: row.applicationId,
    provider: row.provider as ProviderName,
    providerLabel: isProviderName(row.provider) ? PROVIDERS[row.provider].label : row.provider,
    mask: row.mask,
    publicFields: decodePublicFields(row.publicFields),
    setBy: row.setByLabel,
    setAt: row.setAt,
    rotatedAt: row.rotatedAt,
    createdAt: row.createdAt,
  };
}
