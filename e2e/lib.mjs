// Shared helpers for the e2e test files in e2e/tests/: checks and counting, page opening with
// problem collection, waits, and the check for English left on the Chinese page.

export const RESULTS = { passed: 0, failed: 0, failures: [] };

/** Runs one named check; a thrown error fails it with its message, not a stack trace. */
export async function check(name, fn) {
  try {
    await fn();
    RESULTS.passed += 1;
    console.log(`  ok    ${name}`);
  } catch (err) {
    RESULTS.failed += 1;
    RESULTS.failures.push(name);
    console.log(`  FAIL  ${name}: ${String(err && err.message ? err.message : err).split('\n')[0]}`);
  }
}

export function assertEqual(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

export function median(values) {
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

/**
 * Opens `url` in a fresh browser context (own localStorage) at `viewport`, collecting every
 * kind of problem the page reports into `problems`. `options` go to `browser.newContext`
 * (e.g. `{ locale: 'zh-CN' }`).
 */
export async function openPage(browser, url, viewport, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.addInitScript(firstRenderProbe);
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, problems };
}

/** Collects console errors and warnings, page errors, failed requests and HTTP errors. */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A reload or navigation cancels the page's fetches in flight (lesson files): not a fault.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** A check that fails when `problems` (from `openPage`) is not empty. */
export async function checkNoProblems(name, problems) {
  await check(`${name} no console errors or warnings, page errors or failed requests`, async () => {
    if (problems.length) throw new Error(problems.join(' | '));
  });
}

/** Waits until the page shows exactly 3 pods, all Running; returns that moment in page time. */
export async function waitForThreeRunning(page) {
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

/**
 * English words that stay English on the Chinese page: product and Kubernetes terms, kinds and
 * keys, as a Chinese teacher writes them. Anything else in Latin letters is untranslated.
 */
export const ZH_KEEP_ENGLISH = new Set([
  'kubeplay', 'kubectl', 'YAML', 'Ctrl', 'Cmd', 'Enter', 'Tab', 'Esc', 'Pod', 'Pods', 'Node', 'Service',
  'Deployment', 'ReplicaSet', 'HPA', 'CPU', 'Endpoints', 'SIGKILL', 'OOM', 'OOMKilled', 'exec', 'describe',
  'logs', 'previous', 'curl', 'ab', 'wide', 'get', 'pods', 'liveness', 'readiness', 'startup',
  'help', 'clear', 'exec', 'probe',
  // Keys, as printed on keyboards.
  'Shift', 'Space', 'Alt',
  // kubectl STATUS values stay English, as on a real cluster.
  'Running', 'Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'CrashLoopBackOff', 'Completed',
  'Error', 'NotReady', 'Ready', 'Unknown', 'SchedulingDisabled', 'ErrImagePull', 'ImagePullBackOff', 'Succeeded',
  'Failed', 'Evicted', 'ExitCode', 'Init', 'horizontalpodautoscaler',
]);

/**
 * Texts on the page (text nodes, and aria-label / title / placeholder / alt) that look English
 * while the page is meant to be Chinese. Skips anything inside `translate="no"` (kubectl output,
 * names, STATUS values) or inside an element with its own non-Chinese `lang` (the EN button).
 */
export async function untranslatedTexts(page, keepEnglish = ZH_KEEP_ENGLISH) {
  return page.evaluate((keep) => {
    const keepSet = new Set(keep);
    const exempt = (el) => {
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        if (e.getAttribute('translate') === 'no') return true;
        const lang = e.getAttribute('lang');
        if (lang && !lang.startsWith('zh')) return true;
        if (e.tagName === 'SCRIPT' || e.tagName === 'STYLE' || e.tagName === 'NOSCRIPT') return true;
      }
      return false;
    };
    // Object names (node-2, web-5d4f-x2k9p) and single letters are not words to translate.
    // Names the page shows as data (containers like `nginx`) are not words either.
    const names = new Set();
    for (const el of document.querySelectorAll('[data-pod], [data-node], [data-container], [data-hpa]')) {
      for (const key of ['pod', 'node', 'container', 'hpa']) if (el.dataset[key]) names.add(el.dataset[key]);
    }
    const words = (text) => text.replace(/[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)+/g, ' ').match(/[A-Za-z]{2,}/g)?.filter((w) => !names.has(w)) || [];
    const english = (text) => words(text).some((word) => !keepSet.has(word));
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (text && english(text) && !exempt(node.parentElement)) found.push(text);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(attr);
        if (value && english(value) && !exempt(el)) found.push(`${attr}="${value}"`);
      }
    }
    if (english(document.title)) found.push(`<title>${document.title}`);
    return found;
  }, [...keepEnglish]);
}

/** A share link (`#cluster=...`) to the cluster a journal describes, written as the page's
 *  Session codec writes it (src/session/codec.rs, format version 1): base64url of the version
 *  byte and the zlib-deflated body. `entries` are `{ at, line }` or `{ at, apply, name }`;
 *  times in ms; three default nodes node-1..node-3 (4 CPUs, 8 GiB), metrics-server on. */
export async function journalLink(baseUrl, { seed = 1, now, entries }) {
  const { deflateSync } = await import('node:zlib');
  const body = [];
  const uint = (value) => {
    let v = BigInt(value);
    do {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      body.push(v === 0n ? byte : byte | 0x80);
    } while (v !== 0n);
  };
  const str = (text) => {
    const bytes = Buffer.from(text, 'utf8');
    uint(bytes.length);
    body.push(...bytes);
  };
  uint(seed); uint(50000); body.push(1); uint(3);
  for (const name of ['node-1', 'node-2', 'node-3']) { str(name); uint(4000); uint(8 * 1024 ** 3); body.push(0); }
  uint(now); uint(entries.length);
  let at = 0;
  for (const entry of entries) {
    uint(entry.at - at); at = entry.at;
    if (entry.line !== undefined) { body.push(0); str(entry.line); uint(0); }
    else { body.push(1); str(entry.name ?? '-'); str(entry.apply); }
  }
  const data = Buffer.concat([Buffer.from([1]), deflateSync(Buffer.from(body))]);
  return `${baseUrl}#cluster=${data.toString('base64url')}`;
}
