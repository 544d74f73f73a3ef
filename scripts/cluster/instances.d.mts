export declare const root: string;
export declare function npmRun(script: string, env: Record<string, string>, args?: string[]): string;
export type AppInstance = {
  name: string;
  port: number;
  url: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  tail(): string;
  start(): Promise<AppInstance>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  kill(): Promise<void>;
};
export declare function appInstance(options: {
  name: string;
  port: number;
  env: Record<string, string>;
  logFile?: string;
  echo?: boolean;
}): AppInstance;
export declare function roundRobinProxy(options: {
  port: number;
  targets: string[];
  host?: string;
}): Promise<{ url: string; close(): Promise<void> }>;
