// The lessons' texts are files beside the wasm (index.html copies lessons/; the page fetches
// them after it starts, src/ui/services/lessons.rs): fetched by relative URL at / and under a
// sub-path, kept for offline use, and a deep link waits for them.

import { check, checkNoProblems, openPage } from '../lib.mjs';

export default async function lessonFiles({ browser, baseUrl, label }) {
  const tag = `[${label} lesson files]`;
  const { context, page, problems } = await openPage(browser, baseUrl, { width: 1280, height: 720 }, { locale: 'en-US' });
  await check(`${tag} the page fetches the 13 lesson files from beside it`, async () => {
    const lessonFiles = () => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.yaml'));
    await page.waitForFunction((f) => eval(f)().length >= 13, `(${lessonFiles})`, { timeout: 15000 });
    const names = await page.evaluate(lessonFiles);
    const base = new URL('lessons/', baseUrl).href;
    const elsewhere = names.filter((name) => !name.startsWith(base));
    if (elsewhere.length) throw new Error(`not under ${base}: ${elsewhere.join(' ')}`);
  });
  await check(`${tag} offline after load, the picker lists every lesson and one starts`, async () => {
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.locator('.lesson-row').first().waitFor();
    const rows = await page.locator('.lesson-row').count();
    if (rows < 13) throw new Error(`only ${rows} lessons listed`);
    await page.getByRole('button', { name: /^Start lesson: Self-healing/ }).click();
    await page.getByRole('button', { name: 'Begin', exact: true }).waitFor();
  });
  await context.setOffline(false);
  await checkNoProblems(tag, problems);
  await context.close();

  const deep = await openPage(browser, new URL('#lesson=failover', baseUrl).href, { width: 1280, height: 720 }, { locale: 'en-US' });
  await check(`${tag} a deep link opens its lesson once the files are in`, async () => {
    await deep.page.getByRole('button', { name: 'Begin', exact: true }).waitFor({ timeout: 15000 });
    const fragment = await deep.page.evaluate(() => location.hash);
    if (!fragment.includes('lesson=failover')) throw new Error(`address bar: ${fragment}`);
  });
  await checkNoProblems(`${tag} deep link`, deep.problems);
  await deep.context.close();

  // A slow network: Lessons opens the picker at once (focus on its heading) saying the lessons
  // are on their way, and lists them when they come.
  const slow = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const slowPage = await slow.newPage();
  await slowPage.route('**/lessons/*.yaml', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await route.continue();
  });
  await slowPage.goto(baseUrl);
  await check(`${tag} before the files arrive, the picker says it is loading, then lists them`, async () => {
    await slowPage.locator('.node-card').first().waitFor();
    await slowPage.getByRole('button', { name: 'Lessons', exact: true }).click();
    await slowPage.getByText('Loading the lessons…').waitFor({ timeout: 1500 });
    const focused = await slowPage.evaluate(() => document.activeElement?.id);
    if (focused !== 'lesson-picker-heading') throw new Error(`focus on ${focused}`);
    await slowPage.locator('.lesson-row').first().waitFor({ timeout: 10000 });
    if ((await slowPage.locator('.lesson-row').count()) < 13) throw new Error('not every lesson listed');
  });
  await slow.close();

  // No network for the files (offline since the page started): a deep link opens the picker,
  // which says the lessons could not be loaded; "Try again" fetches them once the network is back.
  const down = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const downPage = await down.newPage();
  await downPage.route('**/lessons/*.yaml', (route) => route.abort('internetdisconnected'));
  await downPage.goto(new URL('#lesson=failover', baseUrl).href);
  await check(`${tag} when the files cannot be fetched, the picker says so and Try again loads them`, async () => {
    await downPage.getByRole('alert').filter({ hasText: 'The lessons could not be loaded' }).waitFor({ timeout: 15000 });
    await downPage.locator('.node-card').first().waitFor();
    await downPage.unroute('**/lessons/*.yaml');
    await downPage.getByRole('button', { name: 'Try again', exact: true }).click();
    await downPage.getByRole('button', { name: 'Begin', exact: true }).waitFor({ timeout: 15000 });
  });
  await down.close();
}
