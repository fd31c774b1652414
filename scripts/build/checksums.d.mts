export declare const SUMS_FILE: string;
export declare function listFiles(root: string, paths: readonly string[]): string[];
export declare function writeChecksums(root: string, paths: readonly string[]): { digest: string; files: number };
