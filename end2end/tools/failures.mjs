// Prints, last in a run's output, each failed spec with the first lines of its error: CI keeps
// only the end of the log, where the list reporter has put nothing but the attachments' paths.
// Usage: node tools/failures.mjs results.json
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const plain = (s) => (s ?? '').replace(/\u001b\[[0-9;]*m/g, '');

function* specs(suite) {
  for (const spec of suite.specs ?? []) yield spec;
  for (const child of suite.suites ?? []) yield* specs(child);
}

for (const suite of report.suites ?? []) {
  for (const spec of specs(suite)) {
    for (const t of spec.tests) {
      const failed = t.results.filter((r) => r.status !== 'passed' && r.status !== 'skipped');
      for (const r of failed) {
        console.log(`\n✘ [${t.projectName}] ${spec.file}:${spec.line} › ${spec.title} (${r.status}, ${r.duration} ms)`);
        for (const e of r.errors ?? []) {
          if (e.location) console.log(`at ${e.location.file.replace(/.*\/end2end\//, '')}:${e.location.line}`);
          console.log(plain(e.message).split('\n').slice(0, 14).join('\n'));
        }
      }
    }
  }
}
