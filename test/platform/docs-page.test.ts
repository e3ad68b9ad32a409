import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);

describe.skipIf(!haveChromium)(
  `/docs in headless Chromium (needs ${executablePath}; .ci/run installs it)`,
  () => {
    let t: TestApp;
    let browser: Browser;

    beforeAll(async () => {
      t = await createTestApp({ listen: true, work: false });
      browser = await chromium.launch({
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('loads, shows the API title and its operations, with no console errors', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));

      const response = await page.goto(`${t.url}/docs`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      await page.waitForSelector('.opblock', { timeout: 15_000 });

      expect(await page.locator('.info .title').innerText()).toContain('Bazaar API');
      const operations = await page.locator('.opblock-summary-path').allInnerTexts();
      expect(operations).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
      expect(problems).toEqual([]);
    });
  },
);
