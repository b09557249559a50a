// ESLint: correctness rules (type-aware where it matters: promises), React hooks, Next.js, and the
// project's boundaries. Formatting is Prettier's job (eslint-config-prettier turns style rules off).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next*/",
      "data/",
      ".e2e-data*/",
      ".data-*/",
      "test-results*/",
      "playwright-report/",
      "bench/results/",
      "next-env.d.ts",
      "bin/provisio.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "smart"],
      // We match control characters on purpose: to refuse them in input and to keep them out of log lines.
      "no-control-regex": "off",
      "no-console": "off",
    },
  },
  {
    // Tests read SCIM answers of any shape.
    files: ["**/*.test.ts", "e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS on purpose (the SQLite store's worker thread, loaded by Node as it is): require() is its import.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // The server renders in its locale and the browser in the admin's: without a fixed locale the two
      // differ (1,234 against 1.234) and React reports a hydration mismatch. Dates go through lib/dates.
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^toLocale(String|DateString|TimeString)$/][arguments.length=0]",
          message: 'Pass a locale ("en-US"), or format dates with lib/dates, so server and browser render alike.',
        },
      ],
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
    },
  },
  {
    // The domain knows nothing of Next.js or React (ARCHITECTURE.md).
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*"], message: "lib/ is free of Next.js: move this to app/." },
            { group: ["react", "react-dom", "react/*"], message: "lib/ is free of React: move this to components/." },
            { group: ["@/app/*", "@/components/*"], message: "lib/ must not depend on app/ or components/." },
          ],
        },
      ],
    },
  },
  {
    // Hotspots stay small: a per-object decision or a page section each, not a whole flow in one function.
    files: ["lib/sync/**/*.ts", "components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "max-lines-per-function": ["error", { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  prettier,
);
