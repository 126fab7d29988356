// End-to-end test of the built kubeplay site in Debian's headless Chromium, through
// playwright-core (which never downloads a browser).
//
//   node e2e/e2e.mjs http://127.0.0.1:8765/ http://127.0.0.1:8766/kubeplay/
//
// For each base URL it loads the page at 1280x720 and at 400x800, waits for the starter
// Deployment's 3 pods to be Running, checks the controls, takes screenshots, and fails on any
// console error or warning, page error, failed request or HTTP error. The last line is
// `e2e: N passed, M failed`; the exit code is 0 only when M is 0.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const docsScreenshot = join(here, '..', 'docs', 'screenshot.png');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const baseUrls = process.argv.slice(2).length ? process.argv.slice(2) : [process.env.APP_URL || 'http://127.0.0.1:8080/'];
/** How long the 3 starter pods may take to be Running after navigation [ms]. */
const RUNNING_DEADLINE_MS = 2000;

let passed = 0;
let failed = 0;
const firstRenders = [];
const runningTimes = [];

/** Runs one named check; a thrown error fails it with its message, not a stack trace. */
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`  ok    ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`  FAIL  ${name}: ${String(err && err.message ? err.message : err).split('\n')[0]}`);
  }
}

function assertEqual(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Records, in page time, when the first node card appears (the first real render). */
function firstRenderProbe() {
  const seen = () => {
    if (!window.__firstRenderMs && document.querySelector('.node-card')) {
      window.__firstRenderMs = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}

/** Opens `url` at the given viewport, collecting every kind of problem the page reports. */
async function openPage(browser, url, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.addInitScript(firstRenderProbe);
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, problems };
}

/** Waits until the page shows exactly 3 pods, all Running; returns that moment in page time. */
async function waitForThreeRunning(page) {
  const handle = await page.waitForFunction(
    () => {
      const pods = [...document.querySelectorAll('[data-pod]')];
      return pods.length === 3 && pods.every((pod) => pod.dataset.status === 'Running') && performance.now();
    },
    null,
    { timeout: 10000, polling: 50 },
  );
  return handle.jsonValue();
}

async function testDesktop(browser, baseUrl, label, saveDocsScreenshot) {
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1280, height: 720 });
  await check(`[${label} 1280x720] 3 pods Running within ${RUNNING_DEADLINE_MS} ms`, async () => {
    const runningAt = await waitForThreeRunning(page);
    const firstRender = await page.evaluate(() => window.__firstRenderMs);
    firstRenders.push(firstRender);
    runningTimes.push(runningAt);
    console.log(`        first render ${Math.round(firstRender)} ms, 3 Running at ${Math.round(runningAt)} ms after navigation`);
    if (runningAt > RUNNING_DEADLINE_MS) throw new Error(`took ${Math.round(runningAt)} ms`);
  });
  await check(`[${label} 1280x720] title, nodes and pod columns`, async () => {
    assertEqual(await page.textContent('#title'), 'kubeplay', 'title');
    assertEqual(await page.title(), 'kubeplay', 'document title');
    const nodes = await page.$$eval('.node-card', (cards) => cards.map((c) => [c.dataset.node, c.dataset.status]));
    assertEqual(nodes, [['node-1', 'Ready'], ['node-2', 'Ready'], ['node-3', 'Ready']], 'nodes');
    const pods = await page.$$eval('[data-pod]', (els) => els.map((p) => [p.dataset.ready, p.dataset.restarts, p.closest('.node-card')?.dataset.node]));
    assertEqual(pods.map((p) => p.slice(0, 2)), [['1/1', '0'], ['1/1', '0'], ['1/1', '0']], 'READY and RESTARTS');
    assertEqual(new Set(pods.map((p) => p[2])).size, 3, 'distinct nodes holding the pods');
    const names = await page.$$eval('[data-pod]', (els) => els.map((p) => p.dataset.pod));
    if (!names.every((n) => /^web-[a-z0-9]+-[a-z0-9]{5}$/.test(n))) throw new Error(`pod names ${names}`);
  });
  await check(`[${label} 1280x720] every control has an accessible name`, async () => {
    for (const name of ['Pause simulation', 'Speed 1x', 'Speed 10x', 'Speed 60x', 'Apply']) {
      assertEqual(await page.getByRole('button', { name, exact: true }).count(), 1, `button "${name}"`);
    }
    assertEqual(await page.getByRole('textbox', { name: /YAML/ }).count(), 1, 'manifest editor');
    assertEqual(await page.getByRole('timer', { name: 'cluster time' }).count(), 1, 'clock');
  });
  await check(`[${label} 1280x720] keyboard: pause, speed, play`, async () => {
    await page.focus('#play-pause');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Play simulation' }).waitFor({ timeout: 2000 });
    const clock = await page.textContent('#clock');
    await page.waitForTimeout(400);
    assertEqual(await page.textContent('#clock'), clock, 'clock while paused');
    await page.keyboard.press('Tab'); // Speed 1x
    await page.keyboard.press('Tab'); // Speed 10x
    await page.keyboard.press('Tab'); // Speed 60x
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('[data-speed="60"]').getAttribute('aria-pressed') === 'true', null, { timeout: 2000 });
    await page.focus('#play-pause');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause simulation' }).waitFor({ timeout: 2000 });
  });
  await check(`[${label} 1280x720] apply reports a YAML error as text`, async () => {
    await page.fill('#manifest', 'kind: [');
    await page.click('#apply');
    await page.waitForFunction(() => document.querySelector('#apply-output').classList.contains('error'), null, { timeout: 2000 });
    const reply = await page.textContent('#apply-output');
    if (!reply.startsWith('error')) throw new Error(`reply ${JSON.stringify(reply)}`);
    assertEqual(await page.locator('[data-pod]').count(), 3, 'pods after a failed apply');
  });
  await check(`[${label} 1280x720] screenshot`, async () => {
    // Start again from the page as a visitor sees it, so the picture shows the starter state.
    await page.reload({ waitUntil: 'load' });
    await waitForThreeRunning(page);
    const path = join(outDir, `${label}-1280x720.png`);
    await page.screenshot({ path });
    if (saveDocsScreenshot) await page.screenshot({ path: docsScreenshot });
  });
  await check(`[${label} 1280x720] no console errors or warnings, page errors or failed requests`, async () => {
    if (problems.length) throw new Error(problems.join(' | '));
  });
  await context.close();
}

async function testNarrow(browser, baseUrl, label) {
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 400, height: 800 });
  await check(`[${label} 400x800] 3 pods Running, nothing wider than the screen`, async () => {
    await waitForThreeRunning(page);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (widths[0] > widths[1]) throw new Error(`page is ${widths[0]} px wide in a ${widths[1]} px window`);
    await page.screenshot({ path: join(outDir, `${label}-400x800.png`), fullPage: true });
  });
  await check(`[${label} 400x800] no console errors or warnings, page errors or failed requests`, async () => {
    if (problems.length) throw new Error(problems.join(' | '));
  });
  await context.close();
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  mkdirSync(dirname(docsScreenshot), { recursive: true });
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
  for (const [idx, baseUrl] of baseUrls.entries()) {
    const path = new URL(baseUrl).pathname.replace(/^\/|\/$/g, '');
    const label = path ? path.replace(/\//g, '-') : 'root';
    console.log(`e2e: ${baseUrl}`);
    await testDesktop(browser, baseUrl, label, idx === 0 && process.env.UPDATE_SCREENSHOT === '1');
    await testNarrow(browser, baseUrl, label);
  }
  await browser.close();
  if (firstRenders.length) {
    console.log(`e2e: first render (first node card, from navigation start) median ${Math.round(median(firstRenders))} ms over ${firstRenders.length} loads; 3 pods Running median ${Math.round(median(runningTimes))} ms`);
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.log(`e2e: crashed: ${String(err && err.message ? err.message : err).split('\n')[0]}`);
  console.log(`e2e: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
