// Rewrite the data files in the form editor's own YAML formatting, so that a save in the editor then
// changes only the lines of the record edited. Same library (yaml 1.x, as decap-cms-core uses) and
// the same steps as decap-cms-core/src/formats/yaml.ts `toFile`: keys in the order of the form's
// fields, the comments the configuration declares (the JSON Schema line), every other comment dropped.
//
//   .venv/bin/python -m ledger.editor.decap | node editor/format.mjs [--check] [project folder]
// (./run.sh format). --check: change nothing, list the files that would change, exit 1 if any.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const yaml = require('yaml');

const args = process.argv.slice(2);
const check = args.includes('--check');
const root = args.find(a => !a.startsWith('--')) || '.';
const config = yaml.parse(fs.readFileSync(0, 'utf8'));

function fieldNames(fields, prefix = '') {  // getFieldsNames (decap-cms-core reducers/collections.ts)
  let names = fields.map(f => `${prefix}${f.name}`);
  fields.forEach((f, i) => {
    if (f.fields) names = [...names, ...fieldNames(f.fields, `${names[i]}.`)];
    else if (f.field) names = [...names, ...fieldNames([f.field], `${names[i]}.`)];
  });
  return names;
}

function comments(fields, prefix = '') {
  const out = {};
  for (const f of fields) {
    const name = `${prefix}${f.name}`;
    if (f.comment) out[name] = f.comment;
    if (f.fields) Object.assign(out, comments(f.fields, `${name}.`));
    if (f.field) Object.assign(out, comments([f.field], `${name}.`));
  }
  return out;
}

function addComments(items, notes, prefix = '') {
  items.forEach(item => {
    if (item.key !== undefined) {
      const key = prefix ? `${prefix}.${item.key.toString()}` : item.key.toString();
      if (notes[key]) item.commentBefore = ` ${notes[key].split('\\n').join('\n ')}`;
      if (Array.isArray(item.value?.items)) addComments(item.value.items, notes, key);
    }
  });
}

function sortKeys(sortedKeys, selector) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(selector(a));
    const idxB = sortedKeys.indexOf(selector(b));
    if (idxA === -1 || idxB === -1) return 0;
    return idxA > idxB ? 1 : idxA < idxB ? -1 : 0;
  };
}

function toFile(data, sortedKeys, notes) {
  const contents = yaml.createNode(data);
  addComments(contents.items, notes);
  contents.items.sort(sortKeys(sortedKeys, item => item.key?.toString()));
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

const targets = [];  // [file, fields]
for (const collection of config.collections) {
  if (collection.folder) {
    const folder = path.join(root, collection.folder);
    for (const name of fs.readdirSync(folder).sort()) {
      if (name.endsWith(`.${collection.extension || 'yml'}`)) targets.push([path.join(folder, name), collection.fields]);
    }
  }
  for (const file of collection.files || []) targets.push([path.join(root, file.file), file.fields]);
}

const changed = [];
const done = new Set();
for (const [file, fields] of targets) {
  if (done.has(file)) continue;  // a shared file is the entry of several collections, all with the same fields order
  done.add(file);
  const before = fs.readFileSync(file, 'utf8');
  const doc = yaml.parseDocument(before);
  if (doc.errors.length) { console.error(`${file}: ${doc.errors[0].message}`); process.exit(2); }
  const after = toFile(doc.toJSON(), fieldNames(fields), comments(fields));
  if (after !== before) {
    changed.push(path.relative(root, file));
    if (!check) fs.writeFileSync(file, after);
  }
}
for (const file of changed) console.log(file);
process.exit(check && changed.length ? 1 : 0);
