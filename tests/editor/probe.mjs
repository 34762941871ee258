// What VS Code's YAML extension would show for one data file: its language server (yaml-language-server),
// finding the schema through the file's own first line, as the extension does.
// Usage: node probe.mjs validate FILE... | complete FILE LINE COLUMN | hover FILE LINE COLUMN   (1-based)
// Prints JSON on stdout (validate: file -> its diagnostics).
import { getLanguageService } from "yaml-language-server";
import { TextDocument } from "vscode-languageserver-textdocument";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const [, , mode, ...args] = process.argv;
const service = getLanguageService({
  schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), "utf8"),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});
service.configure({ validate: true, completion: true, hover: true, schemas: [] });
const open = (file) => TextDocument.create(pathToFileURL(file).href, "yaml", 1, readFileSync(file, "utf8"));

let result;
if (mode === "validate") {
  result = {};
  for (const file of args) {
    const diagnostics = await service.doValidation(open(file), false);
    result[file] = diagnostics.map((d) => ({ line: d.range.start.line + 1, column: d.range.start.character + 1, message: d.message }));
  }
} else {
  const [file, line, column] = args;
  const position = { line: Number(line) - 1, character: Number(column) - 1 };
  if (mode === "complete") {
    result = (await service.doComplete(open(file), position, false)).items.map((item) => item.label);
  } else if (mode === "hover") {
    const hover = await service.doHover(open(file), position);
    result = hover ? hover.contents.value : null;
  }
}
console.log(JSON.stringify(result));
