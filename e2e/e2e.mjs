// End-to-end tests of the built kubeplay site in Debian's headless Chromium, through
// playwright-core (which never downloads a browser).
//
//   node e2e/e2e.mjs http://127.0.0.1:8765/ http://127.0.0.1:8766/kubeplay/
//   E2E_ONLY=core node e2e/e2e.mjs URL          (only e2e/tests/core.mjs)
//
// The tests live in e2e/tests/*.mjs, one file per area (core: top bar, cluster view, layout,
// languages; panels: editor, console, events, load, charts). Each file exports a default
// `async function (ctx)` that runs its checks (lib.mjs `check`) against one base URL;
// ctx = { browser, baseUrl, label, first, outDir, docsScreenshot, stats }. `first` is true for
// the first base URL: slow checks may run only there. Files run in name order, each base URL in
// turn. The last line is `e2e: N passed, M failed`; the exit code is 0 only when M is 0.

import { chromium } from 'playwright-core';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RESULTS, median } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const testsDir = join(here, 'tests');
const docsScreenshot = join(here, '..', 'docs', 'screenshot.png');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const baseUrls = process.argv.slice(2).length ? process.argv.slice(2) : [process.env.APP_URL || 'http://127.0.0.1:8080/'];
const only = process.env.E2E_ONLY ? process.env.E2E_ONLY.split(',') : null;

async function main() {
  mkdirSync(outDir, { recursive: true });
  mkdirSync(dirname(docsScreenshot), { recursive: true });
  const files = readdirSync(testsDir)
    .filter((name) => name.endsWith('.mjs'))
    .filter((name) => !only || only.includes(name.replace(/\.mjs$/, '')))
    .sort();
  const suites = [];
  for (const name of files) {
    suites.push([name, (await import(pathToFileURL(join(testsDir, name)).href)).default]);
  }
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (err) {
    console.log(`e2e: cannot start Chromium at ${chromiumPath}: ${String(err.message).split('\n')[0]}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  const stats = { firstRenders: [], runningTimes: [], notes: [] };
  for (const [idx, baseUrl] of baseUrls.entries()) {
    const path = new URL(baseUrl).pathname.replace(/^\/|\/$/g, '');
    const label = path ? path.replace(/\//g, '-') : 'root';
    for (const [name, suite] of suites) {
      console.log(`e2e: ${baseUrl} ${name}`);
      try {
        await suite({ browser, baseUrl, label, first: idx === 0, outDir, docsScreenshot, stats });
      } catch (err) {
        RESULTS.failed += 1;
        console.log(`  FAIL  ${name} crashed: ${String(err && err.message ? err.message : err).split('\n')[0]}`);
      }
    }
  }
  await browser.close();
  if (stats.firstRenders.length) {
    console.log(`e2e: first render (first node card, from navigation start) median ${Math.round(median(stats.firstRenders))} ms over ${stats.firstRenders.length} loads; 3 pods Running median ${Math.round(median(stats.runningTimes))} ms`);
  }
  for (const note of stats.notes) console.log(`e2e: ${note}`);
  console.log(`e2e: ${RESULTS.passed} passed, ${RESULTS.failed} failed`);
  process.exit(RESULTS.failed ? 1 : 0);
}

main().catch((err) => {
  console.log(`e2e: crashed: ${String(err && err.message ? err.message : err).split('\n')[0]}`);
  console.log(`e2e: ${RESULTS.passed} passed, ${RESULTS.failed + 1} failed`);
  process.exit(1);
});
