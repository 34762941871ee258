// The reference for python -m ledger format (ledger/editor/yamlformat.py): decap-cms-core's own toFile
// (src/formats/yaml.ts), run with the `yaml` library the form editor's package installs (editor/package.json,
// editor/package-lock.json: decap-cms -> decap-cms-core -> yaml 1.x). Keys in the order of the form's fields,
// the comments the configuration declares, every other comment dropped.
//
//   node tests/editor/decap_tofile.mjs EDITOR_FOLDER < cases.json     (cases: [{text, fields}])
// prints [{out} | {error}] as JSON, one answer per case.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.resolve(process.argv[2], 'package.json'));
const yaml = require('yaml');

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

const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const answers = cases.map(({ text, fields }) => {
  const doc = yaml.parseDocument(text);
  if (doc.errors.length) return { error: doc.errors[0].message };
  return { out: toFile(doc.toJSON(), fieldNames(fields), comments(fields)) };
});
process.stdout.write(JSON.stringify(answers));
