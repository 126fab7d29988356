// Panels: the manifest editor, console, events, pods table, load panel and charts.

import { assertEqual, check, checkNoProblems, openPage, waitForThreeRunning } from '../lib.mjs';

export default async function panels({ browser, baseUrl, label }) {
  const tag = `[${label} 1280x720 panels]`;
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1280, height: 720 }, { locale: 'en-US' });
  await waitForThreeRunning(page);
  await check(`${tag} the editor and its Apply button have accessible names`, async () => {
    assertEqual(await page.getByRole('button', { name: 'Apply', exact: true }).count(), 1, 'button "Apply"');
    assertEqual(await page.getByRole('textbox', { name: /YAML/ }).count(), 1, 'manifest editor');
  });
  await check(`${tag} apply reports a YAML error as text`, async () => {
    await page.fill('#manifest', 'kind: [');
    await page.click('#apply');
    await page.waitForFunction(() => document.querySelector('#apply-output').classList.contains('error'), null, { timeout: 2000 });
    const reply = await page.textContent('#apply-output');
    if (!reply.startsWith('error')) throw new Error(`reply ${JSON.stringify(reply)}`);
    assertEqual(await page.locator('[data-pod]').count(), 3, 'pods after a failed apply');
  });
  await checkNoProblems(tag, problems);
  await context.close();
}
