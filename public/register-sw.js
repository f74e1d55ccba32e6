// Registers the service worker (public/sw.js) that keeps the executor's pages for offline use.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js');
