import type { OpenAPIRegistry } from "../registry";

/**
 * The applications endpoints' OpenAPI paths. Register each route here with
 * the zod schemas that validate it (see ./api-keys.ts for the pattern);
 * document.ts already calls this function.
 */
export function registerApplicationPaths(registry: OpenAPIRegistry): void {
  void registry;
}
