// Panels: the YAML editor, console, events, pods table, load panel and charts, driven by role
// and accessible name. The seeds' demonstrations through the panels: a YAML typo is reported at
// its line and nothing is applied; `kubectl get pods` and `get deploy -o yaml` in the console; `kubectl exec -it POD -- sh` shows the
// container's prompt until `exit`; the HPA demo under ab load
// scales out (chart and table); a curl loop during a kill shows failed then successful answers.

import { join } from 'node:path';
import { assertEqual, check, checkNoProblems, openPage, untranslatedTexts, waitForThreeRunning } from '../lib.mjs';

/** Types `line` into the console and presses Enter. */
async function typeCommand(page, line) {
  await page.getByRole('tab', { name: /^(Console|命令行)$/ }).click();
  const input = page.getByRole('textbox', { name: /^(Command|命令)$/ });
  await input.fill(line);
  await input.press('Enter');
}

/** The console's screen text. */
async function consoleText(page) {
  return page.getByRole('log', { name: /^(Console|命令行)$/ }).innerText();
}

/** Loads `file` (a template's option value) into the editor and applies it. */
async function applyTemplate(page, file) {
  await page.getByRole('combobox', { name: /Load a template|载入模板/ }).selectOption(file);
  await page.getByRole('button', { name: /^(Apply|应用)$/ }).click();
  await page.waitForFunction(() => document.querySelector('#editor-reply')?.classList.contains('ok'), null, { timeout: 3000 });
}

/** Sets the simulation speed (top bar): the first of `speeds` the top bar offers. */
async function setSpeed(page, ...speeds) {
  for (const speed of speeds) {
    const button = page.locator(`[data-speed="${speed}"]`);
    if (await button.count()) return button.click();
  }
  throw new Error(`no speed button for ${speeds.join(', ')}`);
}

/** Rows of the live `get pods -o wide` table whose NAME starts with `prefix`: [name, ready, status]. */
async function podRows(page, prefix) {
  return page.evaluate((prefix) => [...document.querySelectorAll('.pods-wide tbody tr')]
    .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
    .filter((cells) => cells[0].startsWith(prefix))
    .map((cells) => [cells[0], cells[1], cells[2]]), prefix);
}

export default async function panels({ browser, baseUrl, label, first, outDir, stats }) {
  const tag = `[${label} 1280x720 panels]`;
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1280, height: 720 }, { locale: 'en-US' });
  await waitForThreeRunning(page);

  await check(`${tag} editor, template menu and Apply have accessible names`, async () => {
    assertEqual(await page.getByRole('button', { name: 'Apply', exact: true }).count(), 1, 'button "Apply"');
    assertEqual(await page.getByRole('textbox', { name: 'Manifest YAML' }).count(), 1, 'manifest editor');
    assertEqual(await page.getByRole('combobox', { name: 'Load a template' }).count(), 1, 'template menu');
  });

  await check(`${tag} a YAML typo is shown at its line with the field, and nothing is applied`, async () => {
    await page.getByRole('combobox', { name: 'Load a template' }).selectOption('hpa-demo.yaml');
    const editor = page.getByRole('textbox', { name: 'Manifest YAML' });
    const text = await editor.inputValue();
    const typoLine = text.split('\n').findIndex((line) => line.includes('replicas: 2')) + 1;
    if (typoLine < 1) throw new Error('the HPA template has no "replicas: 2" line');
    await editor.fill(text.replace('replicas: 2', 'replica: 2'));
    await editor.press('Control+Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 3000 });
    const message = await alert.innerText();
    if (!message.includes(`Line ${typoLine}`)) throw new Error(`alert does not name line ${typoLine}: ${JSON.stringify(message)}`);
    if (!/did you mean/i.test(message)) throw new Error(`no "did you mean" in ${JSON.stringify(message)}`);
    if (!message.includes('Nothing was applied')) throw new Error(`no "Nothing was applied" in ${JSON.stringify(message)}`);
    const marked = await page.locator('.gutter-error').innerText();
    if (!marked.includes(String(typoLine))) throw new Error(`gutter marks ${JSON.stringify(marked)}, not line ${typoLine}`);
    assertEqual(await editor.getAttribute('aria-invalid'), 'true', 'editor aria-invalid');
    await typeCommand(page, 'kubectl get deploy,svc,hpa');
    const out = await consoleText(page);
    if (out.includes('hello-world-flask')) throw new Error('the failed apply created objects');
    await page.screenshot({ path: join(outDir, `${label}-panels-editor-error-en.png`) });
  });

  await check(`${tag} a 20,000-line paste is shown at once, without colours, and keys still answer`, async () => {
    const editor = page.getByRole('textbox', { name: 'Manifest YAML' });
    const before = await editor.inputValue();
    const rendered = await page.evaluate(async () => {
      const docs = [];
      for (let i = 0; i < 2000; i++) docs.push(`---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  ports:\n  - port: 80\n  selector:\n    app: x${i}`);
      const area = document.querySelector('textarea.editor-input');
      const started = performance.now();
      area.value = docs.join('\n');
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
      return performance.now() - started;
    });
    const hint = await page.locator('#editor-hint').innerText();
    if (!hint.includes('without colours')) throw new Error(`no plain-text note in ${JSON.stringify(hint)}`);
    await editor.press('End');
    const started = Date.now();
    await editor.press('x');
    await page.waitForFunction(() => document.querySelector('textarea.editor-input').value.endsWith('x'), null, { timeout: 5000, polling: 10 });
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
    const key = Date.now() - started;
    stats.notes.push(`editor: a 20,000-line paste rendered in ${rendered.toFixed(0)} ms, then a keystroke in ${key} ms`);
    if (rendered > 2000 || key > 1000) throw new Error(`paste ${rendered.toFixed(0)} ms, keystroke ${key} ms`);
    await editor.fill(before);
    assertEqual(await page.locator('.editor-highlight .code-line').count(), before.split('\n').length, 'coloured lines again');
  });

  await check(`${tag} console: kubectl get pods prints kubectl's table`, async () => {
    await typeCommand(page, 'clear');
    await typeCommand(page, 'kubectl get pods');
    await page.waitForFunction(() => document.querySelector('.console-screen')?.innerText.includes('NAME'), null, { timeout: 2000 });
    const out = await consoleText(page);
    if (!/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/.test(out)) throw new Error(`no header in ${JSON.stringify(out)}`);
    const running = out.split('\n').filter((line) => /^web-\S+\s+1\/1\s+Running\s+0/.test(line));
    assertEqual(running.length, 3, 'Running web pods in the output');
  });

  await check(`${tag} console: Tab completes and ↑ recalls the last command`, async () => {
    const input = page.getByRole('textbox', { name: 'Command' });
    await input.fill('kubectl get dep');
    await input.press('Tab');
    assertEqual(await input.inputValue(), 'kubectl get deployments ', 'completed line');
    await input.fill('');
    await input.press('ArrowUp');
    assertEqual(await input.inputValue(), 'kubectl get pods', 'recalled line');
    await input.fill('');
  });

  await check(`${tag} console: kubectl get deploy -o yaml prints kubectl's YAML`, async () => {
    await typeCommand(page, 'clear');
    await typeCommand(page, 'kubectl get deploy web -o yaml');
    await page.waitForFunction(() => document.querySelector('.console-screen')?.innerText.includes('kind: Deployment'), null, { timeout: 2000 });
    const out = await consoleText(page);
    for (const line of ['apiVersion: apps/v1', 'kind: Deployment', '  name: web', '  replicas: 3', '      containers:', '      - image: ']) {
      if (!out.split('\n').some((l) => l.startsWith(line))) throw new Error(`no line ${JSON.stringify(line)} in ${JSON.stringify(out)}`);
    }
    if (!/\n  creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n/.test(out)) throw new Error(`timestamp not double-quoted in ${JSON.stringify(out)}`);
  });

  await check(`${tag} console: kubectl exec -it POD -- sh shows the container's prompt until exit`, async () => {
    const prompt = page.locator('.console-input-row .con-prompt');
    const name = await page.evaluate(() => document.querySelector('[data-pod]')?.getAttribute('data-pod'));
    if (!name) throw new Error('no pod on the page');
    await typeCommand(page, 'clear');
    await typeCommand(page, `kubectl exec -it ${name} -- sh`);
    await page.waitForFunction(() => document.querySelector('.console-input-row .con-prompt')?.textContent.trim().endsWith('#'), null, { timeout: 2000 });
    await typeCommand(page, 'echo hello-from-the-pod');
    await typeCommand(page, 'ls /');
    await page.waitForFunction(() => document.querySelector('.console-screen')?.innerText.includes('hello-from-the-pod'), null, { timeout: 2000 });
    const out = await consoleText(page);
    if (!/^#\s+echo hello-from-the-pod$/m.test(out)) throw new Error(`the typed line is not shown after the shell prompt: ${JSON.stringify(out)}`);
    if (!/^etc$/m.test(out)) throw new Error(`ls / printed no etc: ${JSON.stringify(out)}`);
    await typeCommand(page, 'clear');
    assertEqual((await consoleText(page)).trim(), '', 'screen after clear in the shell');
    assertEqual((await prompt.textContent()).trim(), '#', 'still in the shell after clear');
    await typeCommand(page, 'exit');
    await page.waitForFunction(() => document.querySelector('.console-input-row .con-prompt')?.textContent.trim() === '$', null, { timeout: 2000 });
    await typeCommand(page, 'kubectl get pods');
    await page.waitForFunction(() => document.querySelector('.console-screen')?.innerText.includes('NAME'), null, { timeout: 2000 });
  });

  if (first) {
    await check(`${tag} pod details: "Fail health checks" -> liveness probe fails -> one restart`, async () => {
      // Skips, not speed: a skip reaches its cluster time however busy the machine is.
      const skipMinute = async () => {
        const before = await page.locator('#clock').textContent();
        await page.getByRole('button', { name: 'Skip 1 minute' }).click();
        await page.waitForFunction((b) => !document.querySelector('.skipping') && document.querySelector('#clock').textContent !== b,
          before, { timeout: 20000 });
      };
      const starter = (await podRows(page, 'web-')).map(([name]) => name);
      await applyTemplate(page, 'deployment-probes.yaml');
      await skipMinute();
      // The rollout replaced the starter's pods: three new ones, Running and ready.
      await page.waitForFunction((old) => {
        const rows = [...document.querySelectorAll('.pods-wide tbody tr')]
          .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
          .filter((cells) => cells[0].startsWith('web-'));
        return rows.length === 3 && rows.every((cells) => !old.includes(cells[0]) && cells[1] === '1/1' && cells[2] === 'Running');
      }, starter, { timeout: 20000 });
      const [[pod]] = await podRows(page, 'web-');
      await page.getByRole('button', { name: `Pod ${pod}, Running: show details`, exact: true }).click();
      const details = page.getByRole('region', { name: `Pod ${pod}` });
      await details.getByRole('button', { name: `Make the health endpoint of container nginx in pod ${pod} fail`, exact: true }).click();
      const reply = await details.locator('.action-reply').textContent({ timeout: 2000 });
      if (!reply.includes(`health fail ${pod} -c nginx`) || !reply.includes('answer 500')) throw new Error(`reply: ${reply}`);
      // Liveness: every 10 s, 3 failures, then the kubelet restarts the container.
      await skipMinute();
      await page.waitForFunction((n) => document.querySelector(`[data-pod="${n}"]`)?.dataset.restarts === '1', pod, { timeout: 20000 });
      await details.getByRole('button', { name: 'Events' }).click();
      const events = await details.locator('.details-output').textContent();
      if (!events.includes('Liveness probe failed: HTTP probe failed with statuscode: 500')) throw new Error(`events: ${events.slice(-400)}`);
      // The restarted container is a fresh process: healthy again, so no second restart.
      await skipMinute();
      const restarts = await page.$eval(`[data-pod="${pod}"]`, (el) => el.dataset.restarts);
      assertEqual(restarts, '1', 'restarts a minute after the restart');
      await page.getByRole('button', { name: 'Close the pod details' }).click();
    });

    await check(`${tag} curl every 1 s during a kill: failed answers, then successful ones`, async () => {
      await applyTemplate(page, 'hpa-demo.yaml');
      await setSpeed(page, 30, 60);
      await page.waitForFunction(() => [...document.querySelectorAll('.pods-wide tbody tr')]
        .filter((tr) => tr.textContent.startsWith('hello-world-flask') && tr.textContent.includes('Running')).length === 2,
      null, { timeout: 15000 });
      await setSpeed(page, 1);
      await page.getByRole('combobox', { name: 'Service' }).selectOption('hello-world-flask');
      await page.getByRole('button', { name: 'curl every 1 s' }).click();
      await page.locator('.curl-answers .answer').first().waitFor({ timeout: 5000 });
      // Each pod under load shows the requests it answers per second.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-pod^="hello-world-flask"] .pod-traffic')]
        .some((el) => /^\d+ req\/s/.test(el.textContent)), null, { timeout: 5000 });
      // Kill both app containers twice (seed 001's killall, on every pod): the second restart
      // waits for the 10 s back-off, so requests fail for a while, then succeed again.
      const pods = (await podRows(page, 'hello-world-flask')).map(([name]) => name);
      for (const name of pods) await typeCommand(page, `kill ${name}`);
      await page.waitForFunction((names) => names.every((name) => {
        const row = document.querySelector(`.pods-wide tr[data-name="${name}"]`);
        const cells = row ? [...row.querySelectorAll('td')].map((td) => td.textContent) : [];
        return cells[2] === 'Running' && cells[3].startsWith('1');
      }), pods, { timeout: 20000 });
      for (const name of pods) await typeCommand(page, `kill ${name}`);
      await setSpeed(page, 10);
      await page.waitForFunction(() => {
        const answers = [...document.querySelectorAll('.curl-answers .answer')].map((a) => a.textContent);
        const failed = answers.findIndex((a) => a.includes('curl: ('));
        return failed >= 0 && answers.slice(failed + 1).some((a) => a.includes('Hello'));
      }, null, { timeout: 30000 });
      await page.screenshot({ path: join(outDir, `${label}-panels-curl-en.png`) });
      await page.getByRole('button', { name: /^Stop load/ }).click();
    });

    await check(`${tag} HPA demo under ab load: replicas rise on the chart and in the pods table`, async () => {
      await setSpeed(page, 30, 60);
      await page.getByRole('button', { name: 'ab -c 50 -n 10000' }).click();
      await page.waitForFunction(() => {
        const label = document.querySelector('canvas.chart-replicas')?.getAttribute('aria-label') || '';
        const m = label.match(/deployment\/hello-world-flask: desired (\d+), ready (\d+)/);
        return m && Number(m[2]) > 2;
      }, null, { timeout: 30000 });
      await page.waitForFunction(() => [...document.querySelectorAll('.pods-wide tbody tr')]
        .filter((tr) => tr.textContent.startsWith('hello-world-flask')).length > 2, null, { timeout: 5000 });
      const rows = await podRows(page, 'hello-world-flask');
      await page.getByRole('tab', { name: 'Pods' }).click();
      await page.screenshot({ path: join(outDir, `${label}-panels-hpa-en.png`) });
      stats.notes.push(`HPA demo: ${rows.length} hello-world-flask pods after the ab burst`);
    });

    await check(`${tag} events tab lists the cluster's events, newest last, filterable`, async () => {
      await page.getByRole('tab', { name: 'Events' }).click();
      const rows = page.locator('.events tbody tr');
      await rows.first().waitFor({ timeout: 3000 });
      const reasons = await page.$$eval('.events tbody tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent));
      for (const reason of ['Scheduled', 'Started', 'SuccessfulRescale']) {
        if (!reasons.includes(reason)) throw new Error(`no ${reason} event`);
      }
      await page.getByRole('combobox', { name: 'Show events of' }).selectOption('deployment/hello-world-flask');
      const objects = await page.$$eval('.events tbody tr td:nth-child(4)', (tds) => [...new Set(tds.map((td) => td.textContent))]);
      assertEqual(objects, ['deployment/hello-world-flask'], 'objects after filtering');
    });

    await check(`${tag} charts draw on their canvases`, async () => {
      const painted = await page.evaluate(() => [...document.querySelectorAll('canvas.chart')].map((canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let ink = 0;
        for (let i = 0; i < data.length; i += 16) if (data[i] < 200) ink += 1;
        return [canvas.dataset.panel, ink];
      }));
      if (painted.length < 3) throw new Error(`only ${painted.length} charts`);
      for (const [panel, ink] of painted) if (ink < 50) throw new Error(`${panel} is blank`);
    });
  }

  await checkNoProblems(tag, problems);
  await context.close();

  if (first) {
    const zh = `[${label} 1280x720 panels 中文]`;
    const opened = await openPage(browser, baseUrl, { width: 1280, height: 720 }, { locale: 'zh-CN' });
    await waitForThreeRunning(opened.page);
    await check(`${zh} the panels speak Chinese (no untranslated text)`, async () => {
      await opened.page.getByRole('button', { name: '应用' }).waitFor({ timeout: 3000 });
      await opened.page.getByRole('combobox', { name: '载入模板' }).selectOption('liveness-exec.yaml');
      await opened.page.getByRole('button', { name: '应用' }).click();
      await typeCommand(opened.page, 'kubectl get pods');
      for (const tab of ['事件', 'Pod 列表', '命令行']) {
        await opened.page.getByRole('tab', { name: tab }).click();
        const left = await untranslatedTexts(opened.page);
        if (left.length) throw new Error(`English on the ${tab} tab: ${left.slice(0, 5).join(' | ')}`);
      }
      await opened.page.screenshot({ path: join(outDir, `${label}-panels-zh.png`), fullPage: true });
    });
    await check(`${zh} seed 004: the exec-liveness pod restarts after its probe fails`, async () => {
      // The template's busybox removes /tmp/healthy after 30 s; `cat` then fails 3 times, 5 s apart.
      const before = await opened.page.locator('#clock').textContent();
      await opened.page.getByRole('button', { name: '快进 1 分钟' }).click();
      await opened.page.waitForFunction((b) => !document.querySelector('.skipping') && document.querySelector('#clock').textContent !== b,
        before, { timeout: 20000 });
      await opened.page.waitForFunction(() => Number(document.querySelector('[data-pod="test-liveness-exec"]')?.dataset.restarts) >= 1,
        null, { timeout: 20000 });
      await opened.page.getByRole('tab', { name: '事件' }).click();
      await opened.page.waitForFunction(() => document.body.innerText.includes('Liveness probe failed'), null, { timeout: 5000 });
    });
    await checkNoProblems(zh, opened.problems);
    await opened.context.close();
  }
}
