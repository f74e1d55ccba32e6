import { defineConfig } from '@playwright/test';

// Every spec runs twice: once with JavaScript disabled (the server-rendered HTML and plain form
// posts must be enough) and once hydrated. The server is started by `make e2e` (or set
// UPRAVA_URL to a running one).
const baseURL = process.env.UPRAVA_URL ?? 'http://127.0.0.1:3217';

const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  // No retries: a spec that fails once is a bug to find, in the app or in the spec.
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions,
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'ssr', use: { javaScriptEnabled: false } },
    { name: 'hydrated', use: { javaScriptEnabled: true } },
  ],
});
