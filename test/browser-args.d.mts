export declare const BROWSER_ARGS: string[];
export declare const SYSTEM_BROWSERS: string[];
