// What the loader yields: referrals with where they came from, and the failures it met.
import type { JsonObject } from '../domain/referral.js';

export interface Position {
  line: number;
  column: number;
}

/** Finds the line and column of a pointer (relative to the file or YAML document); worked out only when asked. */
export type Locator = (pointer: string) => Position | undefined;

export interface LoadedReferral {
  kind: 'referral';
  file: string;
  /** Pointer of the referral inside its file (or YAML document, or NDJSON line). */
  pointer: string;
  /** 1-based YAML document number, in multi-document files. */
  document?: number;
  /** Known up front for NDJSON; else found with `locate` when needed. */
  line?: number;
  data: JsonObject;
  locate: Locator;
}

/** A referral's text not parsed yet, an NDJSON line or a JSON list element: a worker thread parses it and runs its rules (--jobs). */
export interface RawReferral {
  kind: 'raw-referral';
  format: 'ndjson' | 'json';
  file: string;
  pointer: string;
  line: number;
  /** Where a JSON element starts on its line. */
  column?: number;
  text: string;
  locate: Locator;
}

export interface FailedReferral {
  kind: 'failed-referral';
  file: string;
  pointer: string;
  document?: number;
  line?: number;
  reason: string;
}

export interface FileStart {
  kind: 'file';
  file: string;
}

export interface FailedFile {
  kind: 'failed-file';
  file: string;
  reason: string;
  line?: number;
  column?: number;
}

export type LoadEvent = FileStart | LoadedReferral | RawReferral | FailedReferral | FailedFile;

export const REFERRAL_EXTENSIONS = ['.json', '.yaml', '.yml', '.ndjson', '.jsonl'] as const;
export type InputFormat = 'json' | 'yaml' | 'ndjson';
