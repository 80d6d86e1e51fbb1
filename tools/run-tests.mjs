#!/usr/bin/env node
// `npm test`: runs every project's Jest suite through Nx (unit specs and integration specs
// against the real PostgreSQL, NATS and Redis), then prints one line summing Jest's --json
// results: `tests: N passed, N failed`. Exits non-zero when anything failed or nothing ran.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultFiles = () =>
  ['apps', 'libs', '.']
    .flatMap((dir) =>
      dir === '.' ? ['deploy'] : readdirSync(join(root, dir)).map((p) => join(dir, p)),
    )
    .map((project) => join(root, project, 'test-output', 'jest', 'results.json'))
    .filter((file) => existsSync(file));

for (const file of resultFiles()) rmSync(file);

const extra = process.argv.slice(2);
const nx = spawnSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'test',
    '--parallel=1',
    '--outputStyle=stream',
    ...extra,
    '--',
    '--json',
    '--outputFile=test-output/jest/results.json',
  ],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
for (const file of resultFiles()) {
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(nx.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
