import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export declare function requestIdFor(headers: IncomingHttpHeaders, env?: Record<string, string | undefined>): string;
export declare function routeOf(url: string | undefined): string;
export declare function withAccessLog(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  env?: Record<string, string | undefined>,
): (req: IncomingMessage, res: ServerResponse) => unknown;
