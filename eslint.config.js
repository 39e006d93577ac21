// Lint: a light typescript-eslint base plus the dependency direction of
// ARCHITECTURE.md ("Packages and apps"), which is the rule that matters most.
import tseslint from "typescript-eslint";

const apps = ["@tributary/coordinator", "@tributary/edge", "@tributary/cli"];
const mlRuntimes = ["@tensorflow/*", "onnxruntime-node", "onnxruntime-web", "@huggingface/*"];
const crossWorkspaceRelative = { regex: "^(\\.\\./)+(packages|apps|tests|bench)/", message: "import another workspace by its package name, not by a relative path" };
const deepImport = { regex: "^@tributary/[^/]+/src/", message: "import a workspace through its public entry point (package exports), not its internals" };

/** no-restricted-imports for one layer: forbidden package names and patterns. */
function restrict(names, extraPatterns = [], allowTypeImportsOf = []) {
  return {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        paths: [
          ...names.filter((n) => !n.includes("*")).map((name) => ({ name, message: "forbidden by the dependency direction in ARCHITECTURE.md" })),
          ...allowTypeImportsOf.map((name) => ({ name, allowTypeImports: true, message: "only the router TYPE may be imported (import type)" })),
        ],
        patterns: [
          crossWorkspaceRelative,
          deepImport,
          ...[...names.filter((n) => n.includes("*")), ...extraPatterns].map((group) => ({ group: [group], message: "forbidden by the dependency direction in ARCHITECTURE.md" })),
        ],
      },
    ],
  };
}

const otherPackages = (self) =>
  ["@tributary/model", "@tributary/aggregation", "@tributary/db", "@tributary/datasets"].filter((p) => p !== self);

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/.turbo/**", "**/fixtures/generated/**", "**/*.mjs", "**/*.cjs", "eslint.config.js", "**/drizzle/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": ["error", { selector: "TSEnumDeclaration", message: "no enum: use an `as const` map" }],
    },
  },
  { files: ["packages/protocol/**/*.ts"], rules: restrict(["@tributary/*", ...mlRuntimes]) },
  { files: ["packages/model/**/*.ts"], rules: restrict([...apps, ...otherPackages("@tributary/model")]) },
  { files: ["packages/aggregation/**/*.ts"], rules: restrict([...apps, ...otherPackages("@tributary/aggregation"), ...mlRuntimes]) },
  { files: ["packages/db/**/*.ts"], rules: restrict([...apps, ...otherPackages("@tributary/db"), ...mlRuntimes]) },
  { files: ["packages/datasets/**/*.ts"], rules: restrict([...apps, ...otherPackages("@tributary/datasets"), ...mlRuntimes]) },
  { files: ["apps/coordinator/**/*.ts"], rules: restrict(["@tributary/edge", "@tributary/cli", ...mlRuntimes]) },
  { files: ["apps/edge/**/*.ts"], rules: restrict(["@tributary/cli", "@tributary/db"], [], ["@tributary/coordinator"]) },
  { files: ["apps/cli/**/*.ts"], rules: restrict([]) },
  // The one file per ML runtime that may import it (STYLE.md: "the only file that imports an ML runtime is its backend file").
  { files: ["packages/model/**/*.ts"], ignores: ["packages/model/src/backends/**", "packages/model/scripts/**"], rules: restrict([...apps, ...otherPackages("@tributary/model"), ...mlRuntimes]) },
  { files: ["packages/aggregation/src/backends/tfjs*.ts", "packages/aggregation/src/**/tfjs-*.ts"], rules: restrict([...apps, ...otherPackages("@tributary/aggregation")]) },
  // Tests may reach across layers (a cross-app test starts a real coordinator); only deep imports stay forbidden.
  {
    files: ["**/*.test.ts", "apps/*/test/**/*.ts", "tests/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [crossWorkspaceRelative, deepImport] }],
    },
  },
);
