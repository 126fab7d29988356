// Lessons (issue 10): a learner completes the self-healing lesson in English and the failover
// lesson in Chinese through the page, using only what the lesson text shows (its command buttons
// put a command in the console; the learner presses Enter), with the checkmarks turning on; a
// reload mid-lesson resumes at the same step with the same cluster; "Show me" completes a step
// and marks it done with help. Driven by role and accessible name. Prints how long the
// self-healing lesson takes in cluster time and wall-clock time (the "newcomer < 5 minutes"
// figure of issue 10), and takes screenshots into e2e/out.

import { join } from 'node:path';
import { assertEqual, check, checkNoProblems, openPage } from '../lib.mjs';

/** The longest a check may take to turn on after the learner acted [ms of wall clock]. */
const CHECK_TIMEOUT_MS = 20000;

/** Puts `command` in the console with the lesson text's button for it, and runs it (Enter). */
async function runFromText(page, command, consoleName) {
  const name = new RegExp(`^(Put in the console|放入控制台)[:：] ?${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator('.lesson-text').getByRole('button', { name }).first().click();
  const input = page.getByRole('textbox', { name: consoleName, exact: true });
  assertEqual(await input.inputValue(), command, 'the console input holds the command');
  await input.press('Enter');
}

/** Waits until every check of the current step shows as met. */
async function waitStepPassed(page) {
  await page.waitForFunction(() => {
    const checks = [...document.querySelectorAll('.lesson-check')];
    return checks.length > 0 && checks.every((c) => c.classList.contains('met')) && document.querySelector('.lesson-passed');
  }, null, { timeout: CHECK_TIMEOUT_MS, polling: 100 });
}

/** Presses "Fast-forward until this step passes" unless the step passed already. */
async function fastForward(page) {
  const button = page.getByRole('button', { name: /^(快进集群时间|Fast-forward cluster time)/ });
  if (await button.count()) await button.click({ timeout: 2000 }).catch(() => {});
}

async function metChecks(page) {
  return page.$$eval('.lesson-check', (checks) => checks.map((c) => [c.dataset.check, c.classList.contains('met')]));
}

async function currentStep(page) {
  return page.$eval('.lesson-step', (el) => el.dataset.step);
}

async function clock(page) {
  return page.textContent('#clock');
}

/** Cluster time text ("5m55.2s") in seconds. */
function seconds(text) {
  let total = 0;
  for (const [, n, unit] of text.matchAll(/([\d.]+)(h|ms|m|s)/g)) {
    total += Number(n) * { h: 3600, m: 60, s: 1, ms: 0.001 }[unit];
  }
  return total;
}

async function selfHealingInEnglish({ browser, baseUrl, label, outDir, stats }) {
  const tag = `[${label} lesson self-healing EN]`;
  const started = Date.now();
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1280, height: 720 }, { locale: 'en-US' });
  page.on('dialog', (dialog) => dialog.accept());
  await check(`${tag} the Lessons entry opens a picker with progress for every lesson`, async () => {
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('heading', { name: 'Lessons' }).waitFor();
    const rows = await page.$$eval('.lesson-row', (rows) => rows.map((r) => r.dataset.lesson));
    if (rows.length < 13) throw new Error(`only ${rows.length} lessons listed`);
    assertEqual(await page.getByRole('progressbar').count(), rows.length, 'a progress bar per lesson');
  });
  await check(`${tag} starting the lesson replaces the cluster and shows its introduction`, async () => {
    await page.getByRole('button', { name: /^Start lesson: Self-healing/ }).click();
    await page.getByRole('button', { name: 'Begin', exact: true }).click();
    await page.getByRole('heading', { name: 'Kill the app inside a container' }).waitFor();
    const pods = await page.$$eval('[data-pod]', (els) => els.map((p) => p.dataset.pod));
    if (!pods.length || !pods.every((p) => p.startsWith('hello-world-flask-'))) throw new Error(`pods ${pods}`);
    assertEqual(await metChecks(page), [['restarted', false], ['whole-again', false]], 'checks at the start');
    if (!(await page.evaluate(() => location.hash)).startsWith('#lesson=self-healing&step=kill-container')) {
      throw new Error(`address ${await page.evaluate(() => location.hash)}`);
    }
  });
  await check(`${tag} step 1: the commands of the text, then the checkmarks turn on`, async () => {
    await runFromText(page, 'kubectl get pods', 'Command');
    await runFromText(page, 'kubectl exec -it deploy/hello-world-flask -- bash -c "killall python3"', 'Command');
    await waitStepPassed(page);
    assertEqual(await metChecks(page), [['restarted', true], ['whole-again', true]], 'checks');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(outDir, 'lesson-en-1280x720.png') });
    await page.getByRole('button', { name: 'Next step', exact: true }).click();
  });
  await check(`${tag} step 2: a clean exit, restarted too`, async () => {
    assertEqual(await currentStep(page), 'stop-cleanly', 'step');
    const solution = await page.locator('.lesson-text .lesson-cmd.block').first().textContent();
    await runFromText(page, solution, 'Command');
    await waitStepPassed(page);
    await runFromText(page, (await page.locator('.lesson-text .lesson-cmd:not(.block)').last().textContent()), 'Command');
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    await page.getByRole('heading', { name: 'Lesson complete' }).waitFor();
  });
  const wallMs = Date.now() - started;
  const clusterTime = await clock(page);
  console.log(`        self-healing lesson: ${clusterTime} of cluster time, ${(wallMs / 1000).toFixed(1)} s wall clock from opening the site to the summary`);
  stats.lessonTimes = { clusterTime, wallMs };
  await check(`${tag} the summary counts both steps as done alone; the picker shows it finished`, async () => {
    const summary = await page.locator('.lesson-summary p').first().textContent();
    if (!summary.startsWith('You did 2 step(s) on your own')) throw new Error(summary);
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const meta = await page.locator('.lesson-row[data-lesson="self-healing"] .lesson-row-meta').textContent();
    if (!meta.includes('finished')) throw new Error(meta);
  });
  await check(`${tag} well under 5 minutes for a newcomer (the page's own run: under 60 s wall clock)`, async () => {
    if (wallMs > 60000) throw new Error(`${wallMs} ms`);
  });
  await check(`${tag} leaving keeps the cluster for free play`, async () => {
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Leave the lesson and keep this cluster to play with' }).click();
    assertEqual(await page.locator('.lesson-panel').count(), 0, 'no lesson panel');
    const pods = await page.$$eval('[data-pod]', (els) => els.map((p) => p.dataset.pod));
    if (!pods.every((p) => p.startsWith('hello-world-flask-'))) throw new Error(`pods ${pods}`);
    assertEqual(await page.evaluate(() => location.hash), '', 'address without a lesson');
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

async function failoverInChinese({ browser, baseUrl, label, outDir }) {
  const tag = `[${label} lesson failover 中文]`;
  const { context, page, problems } = await openPage(browser, `${baseUrl}#lesson=failover`, { width: 1280, height: 720 }, { locale: 'zh-CN' });
  page.on('dialog', (dialog) => dialog.accept());
  await check(`${tag} a deep link opens the lesson, in Chinese`, async () => {
    await page.getByRole('button', { name: '开始第一步', exact: true }).click();
    await page.getByRole('heading', { name: '给节点断电' }).or(page.locator('.lesson-step-title')).first().waitFor();
    assertEqual(await currentStep(page), 'power-off', 'step');
    assertEqual(await page.locator('.lesson-step-of').textContent(), '第 1 步，共 4 步', 'step line');
    const english = await page.$$eval('.lesson-panel button:not(.lesson-cmd), .lesson-panel h2, .lesson-panel h3, .lesson-panel h4, .lesson-check-label',
      (els) => els.map((el) => el.textContent.trim()).filter((text) => text && !/[\u4e00-\u9fff]/.test(text)));
    if (english.length) throw new Error(`not Chinese: ${english.join(' | ')}`);
  });
  await check(`${tag} step 1: power off node-2, the checkmarks turn on`, async () => {
    await runFromText(page, 'kubectl get pods -o wide', '命令');
    await runFromText(page, 'node power-off node-2', '命令');
    await fastForward(page);
    await waitStepPassed(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(outDir, 'lesson-zh-1280x720.png') });
    await page.getByRole('button', { name: '下一步', exact: true }).click();
    assertEqual(await currentStep(page), 'eviction', 'step');
  });
  let before;
  await check(`${tag} a reload resumes at the same step with the same cluster`, async () => {
    await page.getByRole('button', { name: /^(暂停|Pause)/ }).first().click();
    await page.waitForTimeout(400);
    before = {
      clock: seconds(await clock(page)),
      pods: await page.$$eval('[data-pod]', (els) => els.map((p) => [p.dataset.pod, p.dataset.status]).sort()),
      nodes: await page.$$eval('.node-card', (els) => els.map((n) => [n.dataset.node, n.dataset.status])),
    };
    await page.reload({ waitUntil: 'load' });
    await page.locator('.lesson-step').waitFor();
    assertEqual(await currentStep(page), 'eviction', 'step after reload');
    const hash = await page.evaluate(() => location.hash);
    if (!hash.startsWith('#lesson=failover&step=eviction')) throw new Error(`address ${hash}`);
    const pods = await page.$$eval('[data-pod]', (els) => els.map((p) => [p.dataset.pod, p.dataset.status]).sort());
    assertEqual(pods, before.pods, 'pods after reload');
    const nodes = await page.$$eval('.node-card', (els) => els.map((n) => [n.dataset.node, n.dataset.status]));
    assertEqual(nodes, before.nodes, 'nodes after reload');
    const after = seconds(await clock(page));
    if (after < before.clock - 1) throw new Error(`clock went back from ${before.clock} to ${after}`);
    assertEqual((await metChecks(page)).length, 2, 'checks of the eviction step');
  });
  await check(`${tag} step 2: five minutes pass, the pod is evicted and replaced`, async () => {
    await runFromText(page, 'sleep 5m', '命令');
    await fastForward(page);
    await waitStepPassed(page);
    await page.getByRole('button', { name: '下一步', exact: true }).click();
  });
  await check(`${tag} step 3: power node-2 back on`, async () => {
    await runFromText(page, 'node power-on node-2', '命令');
    await fastForward(page);
    await waitStepPassed(page);
    await page.getByRole('button', { name: '下一步', exact: true }).click();
  });
  await check(`${tag} step 4: tolerationSeconds makes the failover take 85 s`, async () => {
    assertEqual(await currentStep(page), 'toleration-seconds', 'step');
    for (const command of ['kubectl apply -f web-fast-failover.yaml', 'kubectl rollout status deployment/web', 'node power-off node-1']) {
      await runFromText(page, command, '命令');
    }
    await fastForward(page);
    await waitStepPassed(page);
    await page.getByRole('button', { name: '完成', exact: true }).click();
    await page.getByRole('heading', { name: '本课完成' }).waitFor();
    const steps = await page.$$eval('.lesson-step-item', (items) => items.map((i) => i.className.includes('status-done ') || i.className.endsWith('status-done')));
    assertEqual(steps, [true, true, true, true], 'every step done alone');
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

async function showMe({ browser, baseUrl, label }) {
  const tag = `[${label} lesson Show me]`;
  const { context, page, problems } = await openPage(browser, `${baseUrl}#lesson=self-healing`, { width: 1280, height: 720 }, { locale: 'en-US' });
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.accept(); });
  await check(`${tag} asks first, plays the solution in the console, marks the step done with help`, async () => {
    await page.getByRole('button', { name: 'Begin', exact: true }).click();
    await page.getByRole('button', { name: 'Hint', exact: true }).click();
    assertEqual(await page.locator('.lesson-hint').count(), 1, 'one hint revealed');
    await page.getByRole('button', { name: 'Show me', exact: true }).click();
    if (!dialogs.some((d) => d.startsWith('“Show me” takes the cluster back'))) throw new Error(`dialogs ${dialogs}`);
    await waitStepPassed(page);
    assertEqual(await page.locator('.lesson-passed').textContent(), 'Step passed, with help.', 'banner');
    const consoleText = await page.locator('.console-screen').textContent();
    if (!consoleText.includes('killall python3')) throw new Error('the console does not show the solution');
    const item = await page.locator('.lesson-step-item').first().textContent();
    if (!item.includes('done with help')) throw new Error(item);
    assertEqual(await page.locator('.lesson-hint').count(), 1, 'the hint stays revealed');
  });
  await check(`${tag} "Back to my attempt" restores the learner's cluster; restart step and undo`, async () => {
    await page.getByRole('button', { name: 'Back to my attempt', exact: true }).click();
    assertEqual(await metChecks(page), [['restarted', false], ['whole-again', false]], 'checks of the own attempt');
    await runFromText(page, 'kubectl exec -it deploy/hello-world-flask -- bash -c "killall python3"', 'Command');
    await page.waitForFunction(() => document.querySelector('[data-check="restarted"]')?.classList.contains('met'), null, { timeout: CHECK_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Undo your last command in this step' }).click();
    assertEqual((await metChecks(page))[0], ['restarted', false], 'the undone kill no longer counts');
    await page.getByRole('button', { name: 'Put the cluster back as it was when this step started' }).click();
    assertEqual(await currentStep(page), 'kill-container', 'still the same step');
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

async function phone({ browser, baseUrl, label, outDir }) {
  const tag = `[${label} lesson 400x800]`;
  for (const [locale, name] of [['en-US', 'en'], ['zh-CN', 'zh']]) {
    const { context, page, problems } = await openPage(browser, `${baseUrl}#lesson=failover&step=eviction`, { width: 400, height: 800 }, { locale });
    await check(`${tag} ${name}: a deep link to a step opens it; the lesson comes first and fits the width`, async () => {
      await page.locator('.lesson-step').waitFor();
      assertEqual(await currentStep(page), 'eviction', 'step');
      const { panelTop, clusterTop, overflow } = await page.evaluate(() => ({
        panelTop: document.querySelector('.lesson-panel').getBoundingClientRect().top,
        clusterTop: document.querySelector('.main-column').getBoundingClientRect().top,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      }));
      if (panelTop > clusterTop) throw new Error('the lesson is below the cluster');
      if (overflow > 0) throw new Error(`the page is ${overflow} px wider than the screen`);
      await page.screenshot({ path: join(outDir, `lesson-${name}-400x800.png`), fullPage: false });
    });
    await checkNoProblems(`${tag} ${name}`, problems);
    await context.close();
  }
}

export default async function lessons(ctx) {
  if (!ctx.first) return;
  await selfHealingInEnglish(ctx);
  await failoverInChinese(ctx);
  await showMe(ctx);
  await phone(ctx);
}
