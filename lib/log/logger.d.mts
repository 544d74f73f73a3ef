import type { AsyncLocalStorage } from "node:async_hooks";
import type { DestinationStream, Logger } from "pino";

export type RequestContext = { requestId: string; keyId?: string; userId?: string; databaseUnavailable?: boolean };

export declare const REDACTED_PATHS: string[];
export declare const SECRET_PATTERNS: RegExp[];
export declare function maskSecrets(line: string): string;
export declare const requestContext: AsyncLocalStorage<RequestContext>;
export declare function runWithRequest<T>(context: RequestContext, fn: () => T): T;
export declare function noteRequestActor(actor: { keyId?: string; userId?: string }): void;
export declare function currentRequestId(): string | undefined;
export declare function noteDatabaseUnavailable(): void;
export declare function databaseWasUnavailable(): boolean;
export declare function createLogger(options?: { destination?: DestinationStream; env?: Record<string, string | undefined> }): Logger;
export declare const logger: Logger;
export declare function errorFields(err: unknown): { error: string; code?: string };
