import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // Stored strings become key types and environments in one decoder (lib/api-keys/kinds.ts), never by a cast.
    files: ["lib/**/*.ts"],
    ignores: ["lib/api-keys/kinds.ts", "lib/generated/**", "**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "TSAsExpression > TSTypeReference > Identifier[name=/^(KeyType|Environment)$/]",
          message: "Decode with asKeyType / asEnvironment (lib/api-keys/kinds.ts) instead of casting.",
        },
      ],
    },
  },
  {
    // Imports point one way: app → components → lib. Actions reach components as props.
    files: ["lib/**/*.{ts,tsx,mjs}", "components/**/*.{ts,tsx}"],
    ignores: ["lib/generated/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "**/app/*"], message: "lib/ and components/ never import from app/: pass actions as props." }] },
      ],
    },
  },
  {
    ignores: ["lib/generated/**", ".next/**", ".next-*/**", "data/**", "coverage/**", "node_modules/**", "playwright-report/**", "test-results/**", "next-env.d.ts"],
  },
];

export default config;
