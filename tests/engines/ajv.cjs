// Checks documents against a JSON Schema with ajv in strict mode, as editors and JavaScript
// tools do. Usage: node ajv.cjs SCHEMA < documents.json (a JSON array); prints a JSON array
// of verdicts, one per document: true, or the list of ajv's errors. A schema that does not
// compile under strict mode makes it exit 2 with ajv's message.
const { readFileSync } = require("node:fs");
const Ajv2020 = require("ajv/dist/2020").default;

// The message keywords editors read (yaml-language-server, VS Code); declared, so that strict
// mode still rejects every other unknown keyword.
const MESSAGE_KEYWORDS = ["patternErrorMessage", "errorMessage"];

const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const keyword of MESSAGE_KEYWORDS) ajv.addKeyword({ keyword, schemaType: "string" });

let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(process.argv[2], "utf8")));
} catch (problem) {
  process.stderr.write(`${problem.message}\n`);
  process.exit(2);
}
const documents = JSON.parse(readFileSync(0, "utf8"));
const verdicts = documents.map((document) => validate(document) || validate.errors);
process.stdout.write(JSON.stringify(verdicts) + "\n");
