export declare const NOT_CODE: ReadonlySet<string>;
export declare function codeFiles(root: string): string[];
export declare function suiteKey(root: string, os?: string): string;
