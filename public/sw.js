// Uprava's service worker: the executor's pages work without a connection.
//
// Pages under /my and the app's files (/pkg, icons, manifest) are fetched from the network
// first and kept in a cache; without a connection the cached copy is served, so the shell
// opens and hydrates offline (status changes made there wait in the page's outbox).
// Everything else (other pages, server functions, the live stream, uploads) is left to the
// network. A redirect to the login page empties the cache: the pages held someone's data.

const CACHE = 'uprava-v1';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function kept(url) {
  return (
    url.pathname === '/my' ||
    url.pathname.startsWith('/my/') ||
    url.pathname.startsWith('/pkg/') ||
    url.pathname.startsWith('/icons/') ||
    url.pathname === '/favicon.svg' ||
    url.pathname === '/manifest.webmanifest'
  );
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/login') {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (!kept(url)) return;
  event.respondWith(networkFirst(request));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.redirected && new URL(response.url).pathname === '/login') {
      await caches.delete(CACHE);
    } else if (response.ok) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (offline) {
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) return cached;
    if (request.mode === 'navigate') return offlinePage();
    throw offline;
  }
}

// A page never opened while online: say so in the user's language and offer the list.
function offlinePage() {
  const lang = (self.navigator.language || 'en').slice(0, 2);
  const text = {
    en: ['No connection', 'This page was not opened on this device before.', 'My requests'],
    ru: ['Нет связи', 'Эта страница ещё не открывалась на этом устройстве.', 'Мои заявки'],
    uk: ["Немає зв'язку", 'Ця сторінка ще не відкривалася на цьому пристрої.', 'Мої заявки'],
  }[lang] || ['No connection', 'This page was not opened on this device before.', 'My requests'];
  const html = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${text[0]}</title><link rel="stylesheet" href="/pkg/uprava.css"><main class="center-page"><div class="card narrow"><h1>${text[0]}</h1><p>${text[1]}</p><a class="btn primary" href="/my">${text[2]}</a></div></main>`;
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}
