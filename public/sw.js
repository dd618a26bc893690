// Bürgerkoffer service worker: keeps the app shell of one build so the app opens without network
// and an update waits for the person's word. One per app: the Koffer's at /sw.js, the Rathaus
// app's at /rathaus/sw.js. This is a template: scripts/precache_shell.py fills in the app's
// scope, the build id and the file list after every Trunk build and writes the app's sw.js.
'use strict';

const BUILD_ID = '__BUILD_ID__';
const SHELL_FILES = __SHELL_FILES__;
// Where the app lives (its Trunk public_url) and the apps beside it under its scope.
const SCOPE = '__SCOPE__';
const OTHER_APPS = __OTHER_APPS__;
const CACHE_PREFIX = '__CACHE_PREFIX__';
const CACHE_NAME = CACHE_PREFIX + BUILD_ID;
// The app page itself: every navigation inside the app is answered with it.
const SHELL_PAGE = SCOPE + 'index.html';
// Sent by the app when the clerk agrees to switch to this build.
const SKIP_WAITING = 'skip-waiting';

// Files Trunk names by their content (`stem-<16 hex digits>.ext`, the server's
// `shell::is_content_hashed`): a copy in the browser's HTTP cache is the file, so the page's own
// download of them on the first visit is reused, not fetched a second time over the village link.
const CONTENT_HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;

self.addEventListener('install', (event) => {
  // No skipWaiting() here: a page that is open keeps its build until the clerk agrees to update.
  // The other files (the page, the manifest, icons) are asked again, answered 304 if unchanged.
  const request = (url) => new Request(url, { cache: CONTENT_HASHED.test(url) ? 'default' : 'no-cache' });
  event.waitUntil(
    caches.open(CACHE_NAME).then((cache) => cache.addAll(SHELL_FILES.map(request))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
          .map((name) => caches.delete(name)),
      );
      // Take over pages opened before the first install, so they work offline at once.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === SKIP_WAITING) {
    self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never cached here: citizen data goes through the encrypted store, not this cache.
  // Another app's pages and files are its own worker's (or the server's).
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')
    || !url.pathname.startsWith(SCOPE) || OTHER_APPS.some((scope) => url.pathname.startsWith(scope))) {
    return;
  }
  const cached = (key) => caches.open(CACHE_NAME).then((cache) => cache.match(key));
  if (request.mode === 'navigate') {
    event.respondWith(cached(SHELL_PAGE).then((page) => page || fetch(request)));
    return;
  }
  event.respondWith(cached(request).then((file) => file || fetch(request)));
});
