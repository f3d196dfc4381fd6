// The messages between the web page (./page.ts) and its Web Worker (./worker.ts). Types only.
import type { LintResult } from '../model/types.js';
import type { PageFile, PageFormat, PageProgress, RuleView } from './run.js';

/** The page asks: run over these files (the worker keeps the outcome for downloads), or render a report of the last run. */
export type ToWorker =
  | {
      kind: 'run';
      files: PageFile[];
      config?: PageFile;
      mappings: (PageFile | string)[];
      now?: string;
      includePersonalData: boolean;
      tool: { name: string; version: string };
    }
  | { kind: 'report'; format: PageFormat };

/** The worker answers: progress, the outcome, a report, or why the run could not start or stopped. */
export type FromWorker =
  | { kind: 'progress'; progress: PageProgress }
  | { kind: 'done'; result: LintResult; rules: RuleView[]; configName: string; timeZone: string }
  | { kind: 'report'; format: PageFormat; text: string }
  /** A config or mapping that cannot be used: nothing was linted (the command line's exit 2). */
  | { kind: 'setup-error'; message: string }
  /** A fault of the page itself, not of the user's files. */
  | { kind: 'crash'; message: string };
