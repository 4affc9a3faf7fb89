// Browser tests of the web app (tests/browser/run.sh starts the server and sets PRAKSIS_URL).
// Playwright drives Debian's /usr/bin/chromium headless; it downloads no browser.
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: 'tests',
  timeout: 60000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: process.env.PRAKSIS_URL,
    headless: true,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.PRAKSIS_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox'],
    },
  },
});
