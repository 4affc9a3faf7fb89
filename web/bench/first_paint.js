// First map paint of the planner page in headless Chromium (bench/web.sh): a fresh browser
// context per run (nothing cached), milliseconds from navigation start to the page's "drawn"
// marker (body[data-drawn], set in the frame after every layer was added).
const { chromium } = require('@playwright/test');

(async () => {
  const [url, token, runs] = [process.env.PRAKSIS_URL, process.env.PRAKSIS_TOKEN, Number(process.env.RUNS || 5)];
  const browser = await chromium.launch({ executablePath: process.env.PRAKSIS_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const ms = [];
  for (let i = 0; i < runs; ++i) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript((t) => sessionStorage.setItem('praksis.token', t), token);
    await page.goto(url + '/');
    await page.waitForSelector('body[data-drawn="true"]', { timeout: 60000 });
    ms.push(await page.evaluate(() => window.praksisDrawnMs));
    await context.close();
  }
  await browser.close();
  const s = ms.slice().sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  console.log(JSON.stringify({ runs: ms.map((x) => Math.round(x)), median_ms: Math.round(median),
    min_ms: Math.round(s[0]), max_ms: Math.round(s[s.length - 1]) }));
})();
