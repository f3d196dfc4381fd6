// A run of the CLI in a child process of its own (bench/lint.mjs) that reports its peak RSS and
// its peak live heap (sampled after a full collection): memory measured, never time.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../temp-files.js';

const exec = promisify(execFile);

/** Samples the child's live heap (a full collection, then heapUsed) and prints its peak on exit. */
const LIVE_HEAP =
  'data:text/javascript,import{writeSync}from"node:fs";let peak=0;' +
  'setInterval(()=>{globalThis.gc();peak=Math.max(peak,process.memoryUsage().heapUsed)},250).unref();' +
  'process.on("exit",()=>writeSync(2,`live-heap-bytes ${peak}\\n`))';

export interface ChildRun {
  code: number;
  reportBytes: number;
  maxRssMb: number;
  liveHeapMb: number;
}

/** bench/lint.mjs on one file, with more options; exit code 1 is the sample's error findings. */
export async function lintInChild(file: string, args: readonly string[] = []): Promise<ChildRun> {
  const { stdout, stderr } = await exec(process.execPath, ['--expose-gc', '--import', LIVE_HEAP, path.join(ROOT, 'bench/lint.mjs'), file, ...args], { maxBuffer: 1 << 20 });
  const live = Number(/live-heap-bytes (\d+)/.exec(stderr)?.[1]);
  return { ...(JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<ChildRun, 'liveHeapMb'>), liveHeapMb: live / 2 ** 20 };
}
