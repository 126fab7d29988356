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
    // The picker is busy until the lesson files have arrived (fetched on demand).
    await page
      .waitForFunction(() => document.querySelectorAll('.lesson-row').length >= 13, null, { timeout: 15000 })
      .catch(() => {});
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
  await check(`${tag} step 1: power off node-2, the checkmarks turn on; the charts mark the fast-forward`, async () => {
    await runFromText(page, 'kubectl get pods -o wide', '命令');
    await runFromText(page, 'node power-off node-2', '命令');
    await fastForward(page);
    await waitStepPassed(page);
    // The fast-forward is journaled (sleep T --mark) and drawn as a span on every chart.
    await page.waitForFunction(() => /\[fast-forward [\d.ms]+ [\d.ms]+–[\d.ms]+\]$/.test(
      document.querySelector('canvas.chart-replicas')?.getAttribute('aria-label') || ''), null, { timeout: 5000 });
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
    if (name === 'en') {
      await check(`${tag} ${name}: Show me brings the console and the played lines into view`, async () => {
        page.on('dialog', (dialog) => dialog.accept());
        await page.getByRole('button', { name: 'Show me', exact: true }).click();
        await waitStepPassed(page);
        await page.waitForTimeout(300);
        if (!(await inView(page, '.console-screen .con-line:last-child'))) throw new Error('the played lines are not in view');
        await page.screenshot({ path: join(outDir, `lesson-show-me-400x800.png`), fullPage: false });
      });
    }
    await checkNoProblems(`${tag} ${name}`, problems);
    await context.close();
  }
}

/** The id (or, without one, the text) of the focused element. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? (el.id || el.textContent.trim().slice(0, 80)) : '';
  });
}

/** Presses `key` until `test(focused element)` holds (at most `max` times). */
async function pressUntil(page, key, test, what, max = 60) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      return { id: a?.id || '', text: (a?.textContent || '').trim(), label: a?.getAttribute('aria-label') || '' };
    });
    if (test(el)) return;
  }
  throw new Error(`${key} ${max} times did not reach ${what}`);
}

/** Whether the element matching `selector` lies within the window, wholly. */
async function inView(page, selector) {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

/** The focused element shows a focus ring. */
async function focusVisible(page) {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  });
}

async function keyboardOnly({ browser, baseUrl, label, outDir }) {
  const tag = `[${label} lesson keyboard only 1280x720]`;
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1280, height: 720 }, { locale: 'en-US' });
  page.on('dialog', (dialog) => dialog.accept());
  await page.locator('.node-card').first().waitFor();
  await check(`${tag} Tab reaches Lessons; Enter opens the picker with focus in it, Escape closes it`, async () => {
    await pressUntil(page, 'Tab', (el) => el.id === 'lessons-entry', 'the Lessons button');
    if (!(await focusVisible(page))) throw new Error('no focus ring on the Lessons button');
    await page.keyboard.press('Enter');
    assertEqual(await focused(page), 'lesson-picker-heading', 'focus after opening the picker');
    await page.keyboard.press('Escape');
    assertEqual(await page.locator('.lesson-picker').count(), 0, 'picker closed');
    assertEqual(await focused(page), 'lessons-entry', 'focus after Escape');
  });
  await check(`${tag} a lesson opens from the keyboard: Begin, then the step's title has focus`, async () => {
    await page.keyboard.press('Enter');
    // The page fetches the lessons' files after it starts; a learner waits for the list (on a busy CI
    // machine the fetch can outlast 60 Tabs through a picker that only says "Loading").
    await page.getByRole('button', { name: /^Start lesson: Self-healing/ }).waitFor({ timeout: 10000 });
    await pressUntil(page, 'Tab', (el) => el.label.startsWith('Start lesson: Self-healing'), 'Start self-healing');
    await page.keyboard.press('Enter');
    await page.locator('.lesson-intro').waitFor();
    assertEqual(await focused(page), 'lesson-begin', 'focus on Begin');
    await page.keyboard.press('Enter');
    assertEqual(await focused(page), 'lesson-step-title', 'focus on the step title');
    if (!(await focusVisible(page))) throw new Error('no focus ring on the step title');
  });
  await check(`${tag} the step's title, checklist and buttons are visible without scrolling`, async () => {
    assertEqual(await page.evaluate(() => window.scrollY), 0, 'page scroll');
    for (const selector of ['.lesson-step-title', '.lesson-checks', '.lesson-actions']) {
      if (!(await inView(page, selector))) throw new Error(`${selector} is not in view`);
    }
    // The step's words start in view, with room for a few lines (the rest scrolls in the panel).
    const text = await page.$eval('.lesson-scroll', (el) => {
      const words = el.querySelector('.lesson-text').getBoundingClientRect();
      return { top: words.top, room: el.getBoundingClientRect().bottom - words.top };
    });
    if (text.top < 0 || text.room < 60) throw new Error(`step text at ${text.top}, ${text.room} px of it in view`);
    await page.screenshot({ path: join(outDir, 'lesson-keyboard-1280x720.png') });
  });
  await check(`${tag} a command of the text goes to the console with Enter; the step passes; focus stays in the console`, async () => {
    await pressUntil(page, 'Tab', (el) => el.text.includes('killall python3'), 'the killall command');
    await page.keyboard.press('Enter');
    const input = page.getByRole('textbox', { name: 'Command', exact: true });
    await page.waitForFunction(() => document.activeElement?.id === 'console-input', null, { timeout: 2000 });
    if (!(await input.inputValue()).includes('killall python3')) throw new Error(await input.inputValue());
    await page.keyboard.press('Enter');
    await waitStepPassed(page);
    assertEqual(await focused(page), 'console-input', 'focus stays where the learner types');
    await pressUntil(page, 'Shift+Tab', (el) => el.id === 'lesson-next', 'Next step');
    await page.keyboard.press('Enter');
    assertEqual(await currentStep(page), 'stop-cleanly', 'step 2');
    assertEqual(await focused(page), 'lesson-step-title', 'focus on the new step title');
  });
  await check(`${tag} Show me from the keyboard: the console shows the played lines beside the checklist; focus on Next`, async () => {
    await pressUntil(page, 'Tab', (el) => el.text === 'Show me', 'Show me');
    await page.keyboard.press('Enter');
    await waitStepPassed(page);
    await page.waitForFunction(() => document.activeElement?.id === 'lesson-next', null, { timeout: 3000 });
    assertEqual(await page.getByRole('tab', { name: 'Console' }).getAttribute('aria-selected'), 'true', 'console tab');
    await page.waitForTimeout(300);
    if (!(await inView(page, '.console-screen .con-line:last-child'))) throw new Error('the played lines are not in view');
    if (!(await inView(page, '.lesson-checks'))) throw new Error('the checklist is not in view');
    await page.screenshot({ path: join(outDir, 'lesson-show-me-1280x720.png') });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Lesson complete' }).waitFor();
    assertEqual(await focused(page), 'lesson-summary-heading', 'focus on the summary');
  });
  await check(`${tag} Leave lesson from the keyboard; focus back on Lessons`, async () => {
    await pressUntil(page, 'Shift+Tab', (el) => el.text === 'Leave lesson', 'Leave lesson');
    await page.keyboard.press('Enter');
    assertEqual(await page.locator('.lesson-panel').count(), 0, 'no lesson panel');
    assertEqual(await focused(page), 'lessons-entry', 'focus after leaving');
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

async function presenting({ browser, baseUrl, label, outDir }) {
  const tag = `[${label} lesson presentation 1280x720]`;
  const { context, page, problems } = await openPage(browser, `${baseUrl}#lesson=failover`, { width: 1280, height: 720 }, { locale: 'en-US' });
  page.on('dialog', (dialog) => dialog.accept());
  await check(`${tag} the panel is readable on a projector and Show me plays into a visible console`, async () => {
    await page.getByRole('button', { name: 'Begin', exact: true }).click();
    await page.getByRole('button', { name: /^Presentation|^Present/ }).first().click();
    await page.locator('.app.presentation').waitFor();
    const px = await page.$eval('.lesson-text', (el) => parseFloat(getComputedStyle(el).fontSize));
    if (px < 20) throw new Error(`step text ${px} px`);
    const buttonPx = await page.$eval('.lesson-actions button', (el) => parseFloat(getComputedStyle(el).fontSize));
    if (buttonPx < 18) throw new Error(`buttons ${buttonPx} px`);
    await page.getByRole('button', { name: 'Show me', exact: true }).click();
    await waitStepPassed(page);
    await page.waitForTimeout(300);
    if (!(await inView(page, '.console-screen .con-line:last-child'))) throw new Error('the played lines are not in view');
    await page.screenshot({ path: join(outDir, 'lesson-presentation-1280x720.png') });
  });
  await checkNoProblems(tag, problems);
  await context.close();
}

export default async function lessons(ctx) {
  if (!ctx.first) return;
  await selfHealingInEnglish(ctx);
  await failoverInChinese(ctx);
  await showMe(ctx);
  await keyboardOnly(ctx);
  await presenting(ctx);
  await phone(ctx);
}
