export declare const SUPPORTED_NODE_MAJORS: number[];
export declare const RECOMMENDED_NODE: string;
export declare function nodeSupportWarning(version?: string): string | null;
