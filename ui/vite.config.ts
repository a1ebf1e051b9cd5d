/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The window loads dist/ from Tauri's own asset protocol, so the build needs
// relative paths and no dev server settings.
export default defineConfig({
  base: "./",
  clearScreen: false,
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
