// Lint rules: typescript-eslint's recommended set; formatting is Prettier's job, not the linter's.
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "plan/**", ".bench-build/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-console": "off",
      // zod comes with this project's settings from config/zod.ts, which must load it first.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "zod",
              message: "Import { z } from config/zod.ts, which sets zod up before its first load.",
            },
          ],
        },
      ],
    },
  },
  { files: ["config/zod.ts"], rules: { "no-restricted-imports": "off" } },
  {
    // The loader's transpiler is CommonJS that Node runs as it is (loader/cachedSwc.js says why).
    files: ["loader/**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", exports: "writable", __dirname: "readonly", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
