// Types of bench/profile-stages.mjs, for test/profile-stages.test.ts.
export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
  scriptId?: string;
}
export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  hitCount?: number;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}
export interface ClassifyOptions {
  /** The package's folder (a path or a file: URL); files under it are the project's. */
  root?: string;
  /** When given, only these names under rules/ count as rules. */
  ruleIds?: readonly string[];
}
export interface FunctionTime {
  name: string;
  url: string;
  line: number;
  column: number;
  us: number;
  byStage: Record<string, number>;
}
export interface Breakdown {
  totalUs: number;
  stages: Record<string, number>;
  /** Self time per function, largest first. */
  functions: FunctionTime[];
  /** Time per frame that gave samples their stage (with its helpers' time), largest first. */
  claims: FunctionTime[];
  perSample: string[];
}
export declare const STAGE_LABELS: Record<string, string>;
export declare function stageLabel(stage: string): string;
export declare function classifyFrame(callFrame: CallFrame, options?: ClassifyOptions): { stage: string; weak: boolean } | undefined;
export declare function sampleDurations(profile: CpuProfile): number[];
export declare function attribute(profile: CpuProfile, options?: ClassifyOptions): Breakdown;
export declare function mergeBreakdowns(list: readonly Breakdown[]): Breakdown;
