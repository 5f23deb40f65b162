#!/usr/bin/env node
'use strict';
// Usage: node src/cli.js [path|directory|glob ...]
// Without arguments: every .kql file under kql/, plus the Java modules' KQL resources
// (**/src/main/resources/**/*.kql). Prints each error as `file:line:col message`; exits 1 if any.
const path = require('node:path');
const { loadSchema, checkAll, DEFAULT_TARGETS } = require('./project');
const { format } = require('./check');

const targets = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_TARGETS;
const { files, errors, unmatched } = checkAll(loadSchema(), targets);

for (const spec of unmatched) console.error(`warning: nothing matches ${spec}`);
for (const error of errors) console.log(format({ ...error, file: path.relative(process.cwd(), error.file) }));
console.log(`${files.length} KQL files checked, ${errors.length} errors`);
process.exitCode = errors.length > 0 || files.length === 0 ? 1 : 0;
