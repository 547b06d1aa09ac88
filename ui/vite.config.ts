import { defineConfig } from 'vite';

// Tauri loads the built UI from ui/dist (tauri.conf.json: frontendDist) and, in development, from the
// dev server below (devUrl: http://localhost:5173).
export default defineConfig({
  // Relative asset URLs so the bundle works from any origin the webview serves it from.
  base: './',
  // JSX without a framework plugin: Vite's built-in esbuild transform, targeting Preact's automatic runtime.
  // Vite 6 and Vitest 3 are used because they run on Node.js 18, the version Debian 12 and Ubuntu 24.04 ship.
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The Tauri webviews (WebView2, WKWebView, WebKitGTK) are all recent enough for ES2022.
    target: 'es2022',
    sourcemap: false,
  },
});
