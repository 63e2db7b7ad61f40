#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
// validate.js FILE.ftm.json [--expect Schema=N ...]: checks an Oretrace
// FollowTheMoney export against the FtM model itself (the npm package
// @alephdata/followthemoney that Aleph's own front end uses): every line
// is an entity of a known, concrete schema holding only that schema's
// properties, every value fits its property's type, ids are unique, and
// every reference resolves to an entity of the property's range.  Prints
// TAP; exits 1 on any failure.
'use strict';

const fs = require('fs');
const ftm = require('@alephdata/followthemoney');

const model = new ftm.Model(ftm.defaultModel);
const args = process.argv.slice(2);
const file = args[0];
const expect = {};
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--expect') {
    const [schema, n] = args[++i].split('=');
    expect[schema] = Number(n);
  }
}

const problems = [];
const entities = new Map();
const counts = {};
const lines = fs.readFileSync(file, 'utf8').split('\n');
if (lines[lines.length - 1] === '')
  lines.pop();

lines.forEach((line, index) => {
  const where = `${file}:${index + 1}`;
  let raw;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    problems.push(`${where}: not JSON: ${e.message}`);
    return;
  }
  if (typeof raw.id !== 'string' || raw.id === '' || !/^[a-zA-Z0-9.-]+$/.test(raw.id)) {
    problems.push(`${where}: bad id ${JSON.stringify(raw.id)}`);
    return;
  }
  if (entities.has(raw.id)) {
    problems.push(`${where}: id ${raw.id} used twice`);
    return;
  }
  let schema;
  try {
    schema = model.getSchema(raw.schema);
  } catch (e) {
    problems.push(`${where}: unknown schema ${raw.schema}`);
    return;
  }
  if (schema.abstract)
    problems.push(`${where}: abstract schema ${raw.schema}`);
  let entity;
  try {
    entity = model.getEntity(raw);   // throws on a property the schema lacks
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
    return;
  }
  for (const [name, values] of Object.entries(raw.properties || {})) {
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string' || v === ''))
      problems.push(`${where}: ${name} must be a list of non-empty strings`);
  }
  entities.set(raw.id, { raw, schema, entity, where });
  counts[raw.schema] = (counts[raw.schema] || 0) + 1;
});

const countries = model.getType('country').values;
const hasCountry = (code) => (countries instanceof Map ? countries.has(code) : code in countries);

for (const { raw, schema, where } of entities.values()) {
  for (const [name, values] of Object.entries(raw.properties || {})) {
    const property = schema.getProperty(name);
    for (const value of values) {
      switch (property.type.name) {
        case 'entity': {
          const target = entities.get(value);
          if (!target)
            problems.push(`${where}: ${name} refers to ${value}, which is not in the file`);
          else if (!target.schema.isA(property.range))
            problems.push(`${where}: ${name} refers to a ${target.schema.name}, not a ${property.range.name}`);
          break;
        }
        case 'country':
          if (!hasCountry(value))
            problems.push(`${where}: ${name} "${value}" is not an FtM country code`);
          break;
        case 'date':
          if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value))
            problems.push(`${where}: ${name} "${value}" is not an FtM date`);
          break;
        case 'url':
          if (!/^https?:\/\/\S+$/.test(value))
            problems.push(`${where}: ${name} "${value}" is not a web address`);
          break;
        case 'number':
          if (!/^-?\d+(\.\d+)?$/.test(value))
            problems.push(`${where}: ${name} "${value}" is not a number`);
          break;
        default:
          if (property.type.maxLength && value.length > property.type.maxLength)
            problems.push(`${where}: ${name} is longer than its type allows`);
      }
    }
  }
  for (const required of schema.required || []) {
    if (!(required in (raw.properties || {})))
      problems.push(`${where}: a ${schema.name} needs ${required}`);
  }
}

const checks = [
  [`${lines.length} lines, ${entities.size} entities of known concrete schemata with only their properties`,
    problems.filter((p) => !/refers to|country code|FtM date|web address|is not a number|needs/.test(p))],
  ['every value fits its type and every reference resolves to its range',
    problems.filter((p) => /refers to|country code|FtM date|web address|is not a number|needs/.test(p))],
];
for (const [schema, n] of Object.entries(expect))
  checks.push([`${n} ${schema} entities (${counts[schema] || 0})`, (counts[schema] || 0) === n ? [] : ['count']]);

console.log(`1..${checks.length}`);
checks.forEach(([what, failures], i) => {
  console.log(`${failures.length === 0 ? 'ok' : 'not ok'} ${i + 1} - ${what}`);
  failures.slice(0, 20).forEach((f) => console.log(`# ${f}`));
});
console.log(`# ${JSON.stringify(counts)}`);
process.exit(checks.some(([, failures]) => failures.length > 0) ? 1 : 0);
