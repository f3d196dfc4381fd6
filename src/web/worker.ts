// The web page's Web Worker: runs the rules off the page's thread, so that a large export does
// not freeze the page, and keeps the last run for its downloads. Started from the page's own
// code (a blob: URL), it makes no request.
import { describeThrown } from '../engine/engine.js';
import { PageSetupError, runPage, type PageRun } from './run.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** The worker's global scope, as much of it as is used (the DOM's types describe the page, not a worker). */
interface WorkerScope {
  onmessage: ((event: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = globalThis as unknown as WorkerScope;
let last: PageRun | undefined;

async function handle(message: ToWorker): Promise<void> {
  if (message.kind === 'report') {
    if (!last) return;
    try {
      scope.postMessage({ kind: 'report', format: message.format, text: last.report(message.format) });
    } catch (error) {
      // A report too large for one string (about 512 MB), or a fault of the reporter: said, not left waiting.
      const personal = last.result.includesPersonalData === true;
      scope.postMessage({ kind: 'crash', message: error instanceof RangeError ? `the ${message.format.toUpperCase()} report is too large to make in the browser: use the command-line tool, or check the export in parts` : describeThrown(error, personal) });
    }
    return;
  }
  last = undefined;
  try {
    const { kind: _kind, ...request } = message;
    last = await runPage(request, (progress) => scope.postMessage({ kind: 'progress', progress }));
    scope.postMessage({ kind: 'done', result: last.result, rules: last.rules, configName: last.configName, timeZone: last.timeZone });
  } catch (error) {
    if (error instanceof PageSetupError) scope.postMessage({ kind: 'setup-error', message: error.message });
    // No stack trace; the message only with the personal-data box ticked, as the command line withholds it: it may quote a file.
    else scope.postMessage({ kind: 'crash', message: describeThrown(error, message.includePersonalData) });
  }
}

scope.onmessage = (event) => {
  void handle(event.data);
};
