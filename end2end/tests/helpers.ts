import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { deflateSync, inflateRawSync } from 'node:zlib';

export const PASSWORD = 'demo';

export const USERS = {
  admin: { email: 'admin@demo.local', name: 'Ольга Смирнова' },
  manager: { email: 'manager@demo.local', name: 'Дмитрий Кузнецов' },
  dispatcher: { email: 'dispatcher@demo.local', name: 'Наталья Морозова' },
  executor: { email: 'executor@demo.local', name: 'Сергей Иванов' },
  executive: { email: 'executive@demo.local', name: 'Фаррух Ахмедов' },
  accountant: { email: 'accountant@demo.local', name: 'Елена Павлова' },
  viewer: { email: 'viewer@demo.local', name: 'Анна Соколова' },
  shop: { email: 'shop@demo.local', name: 'Оксана Коваленко' },
} as const;

/** True in the `hydrated` project, false in `ssr` (JavaScript disabled). */
export function jsEnabled(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** A string unique to this test run, project and test: for titles and e-mails. */
export function unique(): string {
  const info = test.info();
  return `${info.project.name}-${Date.now().toString(36)}-${info.workerIndex}${Math.floor(Math.random() * 1e4)}`;
}

/** With JavaScript on, waits until the wasm has hydrated the page (it sets `body[data-hydrated]`). */
export async function ready(page: Page): Promise<void> {
  if (jsEnabled()) {
    await page.locator('body[data-hydrated]').waitFor({ state: 'attached', timeout: 15_000 });
  }
}

/** Navigates and waits for hydration. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await ready(page);
}

/** Fills the sign-in form on the current /login page and submits it. */
export async function submitLogin(page: Page, email: string, password = PASSWORD): Promise<void> {
  await ready(page);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in from /login and waits for the page the server sends us to (the list by default). */
export async function signIn(
  page: Page,
  email: string,
  { password = PASSWORD, landing = /\/requests(\?|$)/ }: { password?: string; landing?: RegExp } = {},
): Promise<void> {
  await open(page, '/login');
  await submitLogin(page, email, password);
  await page.waitForURL(landing);
  await ready(page);
}

/** A fresh browser context with the project's options (JavaScript on or off, base URL, locale). */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const use = test.info().project.use;
  return browser.newContext({
    baseURL: use.baseURL,
    locale: use.locale,
    javaScriptEnabled: use.javaScriptEnabled,
  });
}

/** Creates a request through the form and returns its id; leaves the page on the request. */
export async function createRequest(
  page: Page,
  title: string,
  { description = '', priority, urgent = false, phone, contact }:
    { description?: string; priority?: 'low' | 'normal' | 'high' | 'critical'; urgent?: boolean; phone?: string; contact?: string } = {},
): Promise<number> {
  await open(page, '/requests/new');
  await page.locator('#title').fill(title);
  if (description) await page.locator('#description').fill(description);
  if (priority) await page.locator('#priority').selectOption(priority);
  if (contact) await page.locator('#contact_name').fill(contact);
  if (phone) await page.locator('#contact_phone').fill(phone);
  if (urgent) await page.getByLabel('Urgent').check();
  await page.getByRole('button', { name: 'Create request' }).click();
  await page.waitForURL(/\/requests\/\d+(\?|#|$)/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** Rows of the requests table. */
export function rows(page: Page) {
  return page.locator('table.requests tbody tr');
}

/** Request numbers (`R-123` → 123) of the rows on the page, in order. */
export async function rowNumbers(page: Page): Promise<number[]> {
  const texts = await page.locator('table.requests tbody tr td.num').allInnerTexts();
  return texts.map((t) => Number(t.replace(/\D/g, '')));
}

// ---- a small PNG, generated here ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid `size`×`size` RGB PNG of one colour. */
export function pngBytes(size = 8, rgb: [number, number, number] = [0x2f, 0x80, 0xed]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(rgb, row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Fluent wraps interpolated values in Unicode isolation marks (U+2068 … U+2069); this builds a
 * pattern from text where `{}` stands for such a value: `fluent('Created in status «{}»', 'Новая')`.
 */
export function fluent(template: string, ...values: string[]): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = template.split('{}');
  let source = esc(parts[0]);
  parts.slice(1).forEach((p, i) => {
    source += `\u2068?${esc(values[i])}\u2069?${esc(p)}`;
  });
  return new RegExp(source);
}

// ---- reading a downloaded workbook ----

/** The files of a ZIP archive by name (stored or deflated entries, as XLSX writers make). */
export function unzip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The first worksheet of an XLSX file as rows of cell texts (numbers as written). */
export function xlsxRows(file: Buffer): string[][] {
  const files = unzip(file);
  const shared = [...(files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map(
    (m) => unescapeXml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const sheet = files.get('xl/worksheets/sheet1.xml')?.toString('utf8');
  if (!sheet) throw new Error('no first worksheet');
  const column = (ref: string) => [...ref.replace(/\d/g, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [...sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const cells: string[] = [];
    for (const c of row[1].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, ref, attrs, inner = ''] = c;
      const value = inner.match(/<v>([\s\S]*?)<\/v>/)?.[1];
      const inline = inner.match(/<t[^>]*>([\s\S]*?)<\/t>/)?.[1];
      cells[column(ref)] = / t="s"/.test(attrs)
        ? (shared[Number(value)] ?? '')
        : unescapeXml(inline ?? value ?? '');
    }
    return Array.from(cells, (v) => v ?? '');
  });
}

// ---- requests made through the REST API (the demo company's token, from `make e2e`) ----

/** Creates a request through the API, optionally assigned and urgent; returns its id. */
export async function apiCreate(
  request: APIRequestContext,
  title: string,
  assignee?: number,
  { urgent = false, priority }: { urgent?: boolean; priority?: string } = {},
): Promise<number> {
  const res = await request.post('/api/v1/requests', {
    headers: { Authorization: `Bearer ${process.env.UPRAVA_TOKEN_DEMO!}` },
    data: {
      title,
      urgent,
      contact: { name: 'Житель', phone: '+998 90 321 54 76' },
      ...(assignee ? { assignee_id: assignee } : {}),
      ...(priority ? { priority } : {}),
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}

/** The demo executor's user id, read from the create form's assignee picker. */
export async function executorId(page: Page): Promise<number> {
  await open(page, '/requests/new');
  const option = page.locator('#assignee_id option', { hasText: USERS.executor.name });
  return Number(await option.getAttribute('value'));
}
