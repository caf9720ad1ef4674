import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores([
    "ui/dist/",
    "ui/src/bindings/",
    "target/",
    "node_modules/",
    "src-tauri/",
    "tests/",
    "crates/",
  ]),
  js.configs.recommended,
  {
    files: ["ui/src/**/*.{ts,tsx}", "vite.config.ts"],
    extends: [tseslint.configs.recommended],
  },
  {
    files: ["ui/src/**/*.{ts,tsx}"],
    extends: [reactHooks.configs["recommended-latest"]],
    languageOptions: { globals: globals.browser },
    rules: {
      // A missing dependency is a stale-data bug in this UI: treat it as an error.
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: ["vite.config.ts", "eslint.config.js"],
    languageOptions: { globals: globals.node },
  },
);
