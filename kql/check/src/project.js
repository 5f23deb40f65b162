'use strict';
// This project's layout: where the schema scripts are, what is checked by default.
const fs = require('node:fs');
const path = require('node:path');
const { buildSchema } = require('./schema');
const { checkFile } = require('./check');
const { expand } = require('./files');

const KQL_DIR = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(KQL_DIR, '..');
const SCHEMA_DIR = path.join(KQL_DIR, 'schema');
const DATABASE = 'leaderboard';

// The KQL the Java modules send lives in their resources (and the live tests' in their test resources); checked when present.
const DEFAULT_TARGETS = [KQL_DIR, path.join(REPO_ROOT, '**/src/main/resources/**/*.kql'),
  path.join(REPO_ROOT, '**/src/test/resources/**/*.kql')];

/** The schema scripts in apply order: kql/schema/NN-*.kql sorted by name. */
function schemaScripts() {
  return fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.kql')).sort().map((f) => path.join(SCHEMA_DIR, f));
}

function loadSchema() {
  return buildSchema(DATABASE, schemaScripts().map((file) => fs.readFileSync(file, 'utf8'))).globals();
}

/** Checks every file the targets name, each once. */
function checkAll(globals, targets) {
  const unmatched = [];
  const files = new Set();
  for (const target of targets) {
    const matched = expand(target);
    if (matched.length === 0 && !DEFAULT_TARGETS.slice(1).includes(target)) unmatched.push(target);
    matched.forEach((file) => files.add(file));
  }
  const errors = [...files].flatMap((file) => checkFile(file, globals));
  return { files: [...files], errors, unmatched };
}

module.exports = { KQL_DIR, REPO_ROOT, SCHEMA_DIR, DATABASE, DEFAULT_TARGETS, schemaScripts, loadSchema, checkAll };
