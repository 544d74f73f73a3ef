/**
 * The API-key operations, one module each; this is their public entry.
 * Every operation parses its input, loads the key within the caller's
 * merchant (404 otherwise), asks the key policy (403), and writes its audit
 * event in the same transaction as the change.
 */
export { authorize, findOwnKey, parseKeyId, type KeyGrant } from "./access";
export { canDoKeyOperation } from "./policy";
export { toView, viewOf, type ApiKeyView } from "./view";
export type { SecretDelivery } from "./insert";
export { createApiKey, type CreatedKey } from "./create";
export { getApiKey } from "./read";
export { listApiKeys, listApiKeysByCursor, type KeyCursorPage, type KeyPage } from "./list";
export { updateApiKey } from "./update";
export { rollApiKey, type RolledKey } from "./roll";
export { revokeApiKey } from "./revoke";
export { purgeExpiredPendingSecrets, revealSecret } from "./reveal";
