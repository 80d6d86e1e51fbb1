#!/usr/bin/env node
// `npm test`: runs every project's Jest suite through Nx (unit specs and integration specs
// against the real PostgreSQL, NATS and Redis), then prints one line summing Jest's --json
// results: `tests: N passed, N failed`. Exits non-zero when anything failed or nothing ran.
// Extra arguments go to `nx run-many` (e.g. `npm test -- --projects=crm`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const projects = ['apps', 'libs']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(dir, name)))
  .concat('deploy')
  .filter((project) => existsSync(join(root, project, 'jest.config.js')));
// Not under test-output/: Nx clears a target's declared outputs before running it.
const resultFile = (project) => join(root, project, 'test-results', 'jest.json');

// Jest does not create the folder of --outputFile, and a stale result must not be counted.
for (const project of projects) {
  mkdirSync(join(root, project, 'test-results'), { recursive: true });
  rmSync(resultFile(project), { force: true });
}

const nx = spawnSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'test',
    '--parallel=1',
    '--outputStyle=stream',
    ...process.argv.slice(2),
    '--',
    '--json',
    '--outputFile=test-results/jest.json',
  ],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
for (const file of projects.map(resultFile).filter((f) => existsSync(f))) {
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(nx.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
