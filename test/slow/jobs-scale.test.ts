// --jobs at scale: the cases of test/jobs.test.ts over thousands of generated referrals, so
// that every thread takes many batches and results come back out of order many times over.
import { jobsCases } from '../jobs-cases.js';

jobsCases({ ndjson: 3000, json: 500, stdinNdjson: 1000, stdinJson: 300 });
