// Core: top bar, cluster view, layout (tabs, side column), languages, narrow screens.

import { join } from 'node:path';
import {
  assertEqual, check, checkNoProblems, journalLink, openPage, untranslatedTexts, waitForThreeRunning,
} from '../lib.mjs';

/** How long the 3 starter pods may take to be Running after navigation [ms]. */
const RUNNING_DEADLINE_MS = 2000;
/** First full render budget (first node card after navigation) [ms]. */
const FIRST_RENDER_MS = 1000;

async function desktop({ browser, baseUrl, label, first, outDir, docsScreenshot, stats }) {
  const tag = `[${label} 1280x720]`;
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1280, height: 720 }, { locale: 'en-US' });
  await check(`${tag} first render within ${FIRST_RENDER_MS} ms, 3 pods Running within ${RUNNING_DEADLINE_MS} ms`, async () => {
    const runningAt = await waitForThreeRunning(page);
    const firstRender = await page.evaluate(() => window.__firstRenderMs);
    stats.firstRenders.push(firstRender);
    stats.runningTimes.push(runningAt);
    console.log(`        first render ${Math.round(firstRender)} ms, 3 Running at ${Math.round(runningAt)} ms after navigation`);
    if (firstRender > FIRST_RENDER_MS) throw new Error(`first render took ${Math.round(firstRender)} ms`);
    if (runningAt > RUNNING_DEADLINE_MS) throw new Error(`Running took ${Math.round(runningAt)} ms`);
  });
  await check(`${tag} title, nodes and pod columns`, async () => {
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
  await check(`${tag} every top-bar control has an accessible name`, async () => {
    for (const name of ['Pause simulation', 'Speed 1x', 'Speed 10x', 'Speed 30x', 'Speed 100x', 'Speed 300x',
      'Skip 1 minute', 'Skip 5 minutes', 'Reset the cluster to its starting state', 'EN', '中文',
      'Power off node-2', 'Cut node-2 off the network']) {
      assertEqual(await page.getByRole('button', { name, exact: true }).count(), 1, `button "${name}"`);
    }
    assertEqual(await page.getByRole('timer', { name: 'cluster time' }).count(), 1, 'clock');
    assertEqual(await page.getByRole('group', { name: 'Language' }).count(), 1, 'language group');
    assertEqual(await page.getByRole('complementary', { name: 'Manifest, load and charts' }).count(), 1, 'side column');
  });
  await check(`${tag} keyboard: pause, speed, play`, async () => {
    await page.focus('#play-pause');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Play simulation' }).waitFor({ timeout: 2000 });
    const clock = await page.textContent('#clock');
    await page.waitForTimeout(400);
    assertEqual(await page.textContent('#clock'), clock, 'clock while paused');
    await page.keyboard.press('Tab'); // Speed 1x
    await page.keyboard.press('Tab'); // Speed 10x
    await page.keyboard.press('Tab'); // Speed 30x
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('[data-speed="30"]').getAttribute('aria-pressed') === 'true', null, { timeout: 2000 });
    await page.focus('#play-pause');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause simulation' }).waitFor({ timeout: 2000 });
    // Shortcuts outside text fields: ] faster, [ slower, Space pause/play.
    await page.focus('#cluster');
    await page.keyboard.press(']');
    assertEqual(await page.getAttribute('[data-speed="100"]', 'aria-pressed'), 'true', '] -> 100x');
    await page.keyboard.press('[');
    await page.keyboard.press('[');
    assertEqual(await page.getAttribute('[data-speed="10"]', 'aria-pressed'), 'true', '[ [ -> 10x');
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Play simulation' }).waitFor({ timeout: 2000 });
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Pause simulation' }).waitFor({ timeout: 2000 });
  });
  await check(`${tag} tabs: console, events, pods table; arrow keys move between them`, async () => {
    const tabs = page.getByRole('tablist').getByRole('tab');
    assertEqual(await tabs.allTextContents(), ['Console', 'Events', 'Pods table'], 'tabs');
    const console_ = page.getByRole('tab', { name: 'Console' });
    assertEqual(await console_.getAttribute('aria-selected'), 'true', 'console selected first');
    await console_.focus();
    await page.keyboard.press('ArrowRight');
    const events = page.getByRole('tab', { name: 'Events' });
    assertEqual(await events.getAttribute('aria-selected'), 'true', 'events after ArrowRight');
    assertEqual(await page.evaluate(() => document.activeElement.id), 'tab-events', 'focus follows');
    assertEqual(await page.getByRole('tabpanel', { name: 'Events' }).count(), 1, 'events panel shown');
    await page.keyboard.press('End');
    assertEqual(await page.getByRole('tab', { name: 'Pods table' }).getAttribute('aria-selected'), 'true', 'End');
    await page.keyboard.press('ArrowRight');
    assertEqual(await console_.getAttribute('aria-selected'), 'true', 'wraps to the console');
  });
  await check(`${tag} screenshot (English)`, async () => {
    // Start again from the page as a visitor sees it, so the picture shows the starter state
    // (the keyboard check above changed the kept speed).
    await page.evaluate(() => localStorage.removeItem('kubeplay.clock'));
    await page.reload({ waitUntil: 'load' });
    await waitForThreeRunning(page);
    await page.screenshot({ path: join(outDir, `${label}-en-1280x720.png`) });
    if (first && process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: docsScreenshot });
  });
  await check(`${tag} 中文: the whole page in Chinese, no English left, remembered on reload`, async () => {
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.getByRole('button', { name: '暂停模拟' }).waitFor({ timeout: 2000 });
    assertEqual(await page.getAttribute('html', 'lang'), 'zh-Hans', '<html lang>');
    assertEqual(await page.getByRole('heading', { name: '节点' }).count(), 1, 'nodes heading');
    assertEqual(await page.getByRole('button', { name: '10 倍速' }).count(), 1, 'speed button');
    const left = await untranslatedTexts(page);
    if (left.length) throw new Error(`untranslated: ${left.join(' | ')}`);
    await page.reload({ waitUntil: 'load' });
    await waitForThreeRunning(page);
    assertEqual(await page.getByRole('button', { name: '中文', exact: true }).getAttribute('aria-pressed'), 'true', 'remembered');
    assertEqual(await page.getByRole('timer', { name: '集群时间' }).count(), 1, 'clock label after reload');
    await page.screenshot({ path: join(outDir, `${label}-zh-1280x720.png`) });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('button', { name: 'Pause simulation' }).waitFor({ timeout: 2000 });
    assertEqual(await page.getAttribute('html', 'lang'), 'en', '<html lang> back to English');
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

/** Reads a pod card's data attributes, by pod name. */
async function podState(page, name) {
  return page.evaluate((n) => {
    const el = document.querySelector(`[data-pod="${n}"]`);
    return el ? { status: el.dataset.status, restarts: el.dataset.restarts, node: el.closest('.node-card')?.dataset.node } : null;
  }, name);
}

/** Pod names with status and node, and node statuses, as the page shows them. */
async function clusterState(page) {
  return page.evaluate(() => ({
    pods: [...document.querySelectorAll('[data-pod]')].map((p) => [p.dataset.pod, p.dataset.status]).sort(),
    nodes: [...document.querySelectorAll('.node-card')].map((n) => [n.dataset.node, n.dataset.status, n.dataset.powered]),
  }));
}

/** Seeds' demonstrations through the UI alone: kill a container, power off a node. */
async function demonstrations({ browser, baseUrl, label, outDir, stats }) {
  const tag = `[${label} demos]`;
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1920, height: 1080 }, { locale: 'en-US' });
  await waitForThreeRunning(page);
  await check(`${tag} kill a container -> RESTARTS 1, with describe, logs and events in the details`, async () => {
    const pod = await page.$eval('[data-node="node-1"] [data-pod]', (el) => el.dataset.pod);
    await page.getByRole('button', { name: `Pod ${pod}, Running: show details`, exact: true }).click();
    const details = page.getByRole('region', { name: `Pod ${pod}` });
    await details.waitFor({ timeout: 2000 });
    if (!(await details.locator('.details-output').textContent()).includes(`Name:`)) throw new Error('no describe output');
    await page.getByRole('button', { name: `Kill container nginx in pod ${pod}`, exact: true }).click();
    await page.waitForFunction((n) => document.querySelector(`[data-pod="${n}"]`)?.dataset.restarts === '1', pod, { timeout: 10000 });
    await page.waitForFunction(() => document.querySelector('#announcer').textContent.includes('restarted'), null, { timeout: 5000 });
    await details.getByRole('button', { name: 'Events' }).click();
    const events = await details.locator('.details-output').textContent();
    if (!events.includes('Started')) throw new Error(`events: ${events.slice(0, 200)}`);
    await details.getByRole('button', { name: 'Previous logs' }).click();
    await page.screenshot({ path: join(outDir, `${label}-en-1920x1080-details.png`) });
    await page.getByRole('button', { name: 'Close the pod details' }).click();
  });
  await check(`${tag} Esc closes the pod details and gives the focus back to the pod`, async () => {
    const pod = await page.$eval('[data-node="node-1"] [data-pod]', (el) => el.dataset.pod);
    await page.locator(`[data-pod="${pod}"] .pod-select`).press('Enter');
    const details = page.getByRole('region', { name: `Pod ${pod}` });
    await details.waitFor({ timeout: 2000 });
    await details.getByRole('button', { name: 'Events' }).focus();
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached', timeout: 2000 });
    const focused = await page.evaluate(() => document.activeElement?.closest('[data-pod]')?.dataset.pod);
    assertEqual(focused, pod, 'focused pod after Esc');
  });
  await check(`${tag} power off node-2 -> countdown -> skip -> NotReady -> eviction, replacements Running elsewhere`, async () => {
    const victim = await page.$eval('[data-node="node-2"] [data-pod]', (el) => el.dataset.pod);
    await page.getByRole('button', { name: 'Power off node-2' }).click();
    const countdown = page.locator('[data-node="node-2"] .not-ready-in');
    await countdown.waitFor({ timeout: 2000 });
    if (!/^NotReady in \d+:\d\d$/.test(await countdown.textContent())) throw new Error(`countdown ${await countdown.textContent()}`);
    await page.getByRole('button', { name: 'Skip 1 minute' }).click();
    await page.waitForFunction(() => document.querySelector('[data-node="node-2"]').dataset.status === 'NotReady', null, { timeout: 5000 });
    await page.waitForFunction(() => document.querySelector('#announcer').textContent.includes('node-2 is NotReady'), null, { timeout: 5000 });
    const evicted = page.locator('[data-node="node-2"] .evicted-in');
    if (!/^pods evicted in \d+:\d\d$/.test(await evicted.textContent())) throw new Error(`eviction countdown ${await evicted.textContent()}`);
    await page.screenshot({ path: join(outDir, `${label}-en-1920x1080-not-ready.png`) });
    // Skip 5 minutes, timed: the clock must move 5 minutes in well under a second.
    const before = await page.textContent('#clock');
    const started = Date.now();
    await page.getByRole('button', { name: 'Skip 5 minutes' }).click();
    await page.waitForFunction((b) => document.querySelector('#clock').textContent !== b && !document.querySelector('.skipping'), before, { timeout: 5000 });
    stats.notes.push(`skip 5 min (3 pods) took ${Date.now() - started} ms from click to the new clock (includes Playwright round trips)`);
    await page.waitForFunction((v) => document.querySelector(`[data-pod="${v}"]`)?.dataset.status === 'Terminating', victim, { timeout: 5000 });
    await page.waitForFunction(() => {
      const running = [...document.querySelectorAll('[data-pod]')].filter((p) => p.dataset.status === 'Running');
      return running.length === 3 && running.every((p) => p.closest('.node-card')?.dataset.node !== 'node-2');
    }, null, { timeout: 10000 });
    assertEqual((await podState(page, victim)).node, 'node-2', 'the old pod stays on node-2');
    await page.screenshot({ path: join(outDir, `${label}-en-1920x1080-evicted.png`) });
  });
  await check(`${tag} reload -> the same cluster, rebuilt from the saved journal, still paused at 100x`, async () => {
    await page.getByRole('button', { name: 'Speed 100x' }).click();
    await page.getByRole('button', { name: 'Pause simulation' }).click();
    const before = await clusterState(page);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('[data-pod]');
    await page.locator('#notice').waitFor({ timeout: 5000 });
    if (!(await page.textContent('#notice')).includes('Welcome back')) throw new Error(await page.textContent('#notice'));
    assertEqual(await page.getByRole('button', { name: 'Play simulation' }).count(), 1, 'paused after reload');
    assertEqual(await page.getByRole('button', { name: 'Speed 100x' }).getAttribute('aria-pressed'), 'true', '100x after reload');
    const after = await clusterState(page);
    assertEqual(after.pods.map((p) => p[0]), before.pods.map((p) => p[0]), 'pod names after reload');
    assertEqual(after.nodes, before.nodes, 'nodes after reload');
  });
  await check(`${tag} share link -> the same cluster in a fresh browser context; a bad link is explained`, async () => {
    await page.getByRole('button', { name: 'Share this cluster as a link' }).click();
    const link = await page.inputValue('#share-link');
    if (!link.includes('#cluster=')) throw new Error(`link ${link.slice(0, 80)}`);
    const mine = await clusterState(page);
    const other = await openPage(browser, link, { width: 1280, height: 720 }, { locale: 'en-US' });
    await other.page.waitForSelector('[data-pod]');
    await other.page.getByRole('button', { name: 'Pause simulation' }).click();
    if (!(await other.page.textContent('#notice')).includes('shared link')) throw new Error('no notice');
    const theirs = await clusterState(other.page);
    assertEqual(theirs.pods.map((p) => p[0]), mine.pods.map((p) => p[0]), 'pod names in the shared cluster');
    assertEqual(theirs.nodes, mine.nodes, 'nodes in the shared cluster');
    if (other.page.url().includes('#cluster=')) throw new Error('the link stays in the address bar');
    await other.page.goto(`${baseUrl}#cluster=${link.split('#cluster=')[1].slice(0, -9)}`, { waitUntil: 'load' });
    await other.page.reload({ waitUntil: 'load' });
    await other.page.locator('#notice.error').waitFor({ timeout: 5000 });
    const reason = await other.page.textContent('#notice');
    if (!reason.includes('nothing from it was run') || !reason.includes('the data is damaged')) throw new Error(reason);
    if (other.problems.length) throw new Error(other.problems.join(' | '));
    await other.context.close();
  });
  await check(`${tag} 中文 with countdowns and details open: no English left`, async () => {
    await page.getByRole('button', { name: 'Power on node-2' }).click();
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.getByRole('button', { name: '让模拟继续运行' }).waitFor({ timeout: 2000 });
    const pod = await page.$eval('[data-node="node-1"] [data-pod]', (el) => el.dataset.pod);
    await page.locator(`[data-pod="${pod}"] .pod-select`).click();
    await page.getByRole('region', { name: `Pod ${pod} 的详情` }).waitFor({ timeout: 2000 });
    const left = await untranslatedTexts(page);
    if (left.length) throw new Error(`untranslated: ${left.join(' | ')}`);
    await page.screenshot({ path: join(outDir, `${label}-zh-1920x1080-details.png`) });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

/** 50 pods behind a Service with an HPA and load, opened from a share link (the link format
 *  is the Session codec's: see journalLink in ../lib.mjs). */
function busyClusterLink(baseUrl) {
  const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: busy}
spec:
  replicas: 50
  selector: {matchLabels: {app: busy}}
  template:
    metadata: {labels: {app: busy}}
    spec:
      containers:
      - {name: nginx, image: nginx, resources: {requests: {cpu: 50m}}}
---
apiVersion: v1
kind: Service
metadata: {name: busy}
spec:
  selector: {app: busy}
  ports: [{port: 80}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: busy}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: busy}
  minReplicas: 50
  maxReplicas: 60
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`;
  return journalLink(baseUrl, { now: 60000, entries: [{ at: 0, apply: manifest }, { at: 40000, line: 'load start busy --rps 200' }] });
}

/** At 300x with 50 pods, load and an HPA: frame gaps and long tasks; skip 5 min in the page. */
async function performance_({ browser, baseUrl, label, outDir, stats }) {
  const tag = `[${label} perf]`;
  const { context, page, problems } = await openPage(browser, await busyClusterLink(baseUrl), { width: 1280, height: 720 }, { locale: 'en-US' });
  await check(`${tag} 300x with 50 pods, load and an HPA: 95% of frames on time (16 ms), no long task over 200 ms; skip 5 min under 200 ms`, async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-pod]').length >= 50, null, { timeout: 10000 });
    await page.getByRole('button', { name: 'Speed 300x' }).click();
    const run = await page.evaluate(() => new Promise((resolve) => {
      const long = [];
      const observer = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
      observer.observe({ type: 'longtask' });
      const gaps = [];
      let last = performance.now();
      const started = last;
      const frame = (t) => {
        gaps.push(t - last);
        last = t;
        if (t - started < 5000) requestAnimationFrame(frame);
        else { observer.disconnect(); resolve({ long, gaps }); }
      };
      requestAnimationFrame(frame);
    }));
    const sorted = [...run.gaps].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)];
    const maxLong = Math.max(0, ...run.long);
    stats.notes.push(`300x, 50 pods + load + HPA, 5 s: ${run.gaps.length} frames, frame gap p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms; ${run.long.length} long tasks (max ${maxLong.toFixed(0)} ms)`);
    const skipMs = await page.evaluate(() => new Promise((resolve) => {
      const before = document.querySelector('#clock').textContent;
      const t0 = performance.now();
      document.querySelector('[data-skip="300"]').click();
      const look = () => {
        if (!document.querySelector('.skipping') && document.querySelector('#clock').textContent !== before) resolve(performance.now() - t0);
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    }));
    stats.notes.push(`skip 5 min with 50 pods + load + HPA: ${skipMs.toFixed(0)} ms in the page (click to the new clock rendered)`);
    await page.screenshot({ path: join(outDir, `${label}-en-1280x720-busy.png`) });
    // A frame whose main-thread work (tick, render, charts) overran 16 ms shows as a gap of two
    // frames (33 ms) at 60 Hz.
    if (p95 > 17.5) throw new Error(`frame gap p95 ${p95.toFixed(1)} ms: more than 5% of frames late`);
    if (maxLong > 200) throw new Error(`a long task took ${maxLong.toFixed(0)} ms`);
    if (skipMs > 200) throw new Error(`skip 5 min took ${skipMs.toFixed(0)} ms`);
  });
  await check(`${tag} presentation mode at 1280x720 (screenshot), both languages`, async () => {
    await page.getByRole('button', { name: 'Pause simulation' }).click();
    await page.getByRole('button', { name: 'Presentation mode: large type, high contrast, fewer panels' }).click();
    assertEqual(await page.locator('.app.presentation').count(), 1, 'presentation class');
    assertEqual(await page.getByRole('tablist').count(), 0, 'tabs hidden');
    await page.screenshot({ path: join(outDir, `${label}-en-1280x720-presentation.png`) });
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.screenshot({ path: join(outDir, `${label}-zh-1280x720-presentation.png`) });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

async function chineseBrowser({ browser, baseUrl, label }) {
  const tag = `[${label} zh-CN browser]`;
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1280, height: 720 }, { locale: 'zh-CN' });
  await check(`${tag} a Chinese browser opens the Chinese page`, async () => {
    await waitForThreeRunning(page);
    assertEqual(await page.getByRole('button', { name: '中文', exact: true }).getAttribute('aria-pressed'), 'true', '中文 pressed');
    assertEqual(await page.getByRole('tab', { name: '命令行' }).count(), 1, 'console tab');
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

async function narrow({ browser, baseUrl, label, outDir }) {
  const tag = `[${label} 400x800]`;
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 400, height: 800 }, { locale: 'en-US' });
  await check(`${tag} 3 pods Running, nothing wider than the screen`, async () => {
    await waitForThreeRunning(page);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (widths[0] > widths[1]) throw new Error(`page is ${widths[0]} px wide in a ${widths[1]} px window`);
    await page.screenshot({ path: join(outDir, `${label}-en-400x800.png`), fullPage: true });
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.screenshot({ path: join(outDir, `${label}-zh-400x800.png`), fullPage: true });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

export default async function core(ctx) {
  await desktop(ctx);
  if (ctx.first) await demonstrations(ctx);
  if (ctx.first) await performance_(ctx);
  await chineseBrowser(ctx);
  await narrow(ctx);
}
