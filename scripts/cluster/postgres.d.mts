export type PrivatePostgres = {
  url: string;
  port: number;
  dataDir: string;
  start(): string;
  stop(): void;
  running(): boolean;
  destroy(): void;
};
export declare function privatePostgres(options?: { dataDir?: string; port?: number }): PrivatePostgres;
