// Lint: Microsoft's Office add-in rules (load before read, sync before read, no sync in a loop),
// which bring typescript-eslint's parser and prettier formatting with them.
const officeAddins = require("eslint-plugin-office-addins");
const tseslint = require("typescript-eslint");

module.exports = [
  { ignores: ["node_modules/", "lib/", "dist/", "out/", "coverage/", "test-artifacts/", "**/*.js", "!eslint.config.js"] },
  ...officeAddins.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", parser: tseslint.parser },
    rules: {
      "prettier/prettier": ["error", { endOfLine: "auto", printWidth: 120 }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-undef": "off",
    },
  },
];
