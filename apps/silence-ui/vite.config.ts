// Builds the silence UI into dist/ (served by the alertmanager at `/`); `vite dev` proxies the API to a running
// alertmanager (VIGIL_ALERTMANAGER_URL, default http://127.0.0.1:9093).
import { defineConfig, type Plugin } from 'vitest/config';

const alertmanagerUrl = process.env.VIGIL_ALERTMANAGER_URL ?? 'http://127.0.0.1:9093';
const proxy = { '/api': { target: alertmanagerUrl, changeOrigin: true } };

// Only same-origin scripts, styles and API calls; no inline script, no plugins, no framing. Added to the built page
// only, because the dev server injects styles inline for hot reload.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'vigil-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  // Relative asset URLs, so the UI also works behind --web.route-prefix or a reverse proxy's sub-path.
  base: './',
  plugins: [contentSecurityPolicy()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy },
  preview: { proxy },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
