export declare const repoRoot: string;
export declare const requireData: boolean;
export declare function sharedDataRoot(): string;
export declare function corpusDir(corpus: "biored" | "cdr" | "bc6pm" | "fixtures"): string;
export declare function dataFile(
  corpus: "biored" | "cdr" | "bc6pm" | "fixtures",
  ...parts: string[]
): string;
export declare function haveData(...paths: string[]): boolean;
