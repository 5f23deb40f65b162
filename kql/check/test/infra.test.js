'use strict';
// Infra stays in step with kql/: the Bicep deploys every schema script in apply order, and the
// Kafka Connect sink config names objects that kql/schema really declares.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, DATABASE, schemaScripts } = require('../src/project');
const { buildSchema } = require('../src/schema');

const INFRA_DIR = path.join(REPO_ROOT, 'infra');
const bicepFiles = fs.readdirSync(INFRA_DIR, { recursive: true }).filter((f) => f.endsWith('.bicep')).map((f) => path.join(INFRA_DIR, f));
const connector = JSON.parse(fs.readFileSync(path.join(INFRA_DIR, 'connect', 'wager-connector.json'), 'utf8'));

/** Paths passed to loadTextContent, resolved against the Bicep file that names them. */
function loadedFiles() {
  return bicepFiles.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/loadTextContent\('([^']+)'\)/g)]
    .map((match) => path.resolve(path.dirname(file), match[1])));
}

test('every file the Bicep loads exists', () => {
  const loaded = loadedFiles();
  assert.ok(loaded.length > 0);
  for (const file of loaded) assert.ok(fs.existsSync(file), `${path.relative(REPO_ROOT, file)} is missing`);
});

test('the Bicep deploys every schema script, in apply order', () => {
  assert.deepEqual(loadedFiles().filter((f) => f.endsWith('.kql')), schemaScripts());
});

test('every Bicep parameter has a @description', () => {
  for (const file of bicepFiles) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const param = line.match(/^param\s+(\w+)/);
      if (!param) return;
      let decorators = '';
      for (let j = i - 1; j >= 0 && lines[j].trim() !== '' && !/^(param|var|resource|output)\b/.test(lines[j]); j--) decorators += lines[j];
      assert.match(decorators, /@description\(/, `${path.basename(file)}: param ${param[1]} has no @description`);
    });
  }
});

test('the Bicep creates the database the KQL, the apps and the connector use', () => {
  const main = fs.readFileSync(path.join(INFRA_DIR, 'main.bicep'), 'utf8');
  assert.match(main, new RegExp(`var databaseName = '${DATABASE}'`));
  assert.match(main, /enableStreamingIngest: true/);
});

test('the connector writes to a table and JSON mapping that kql/schema declares', () => {
  const schema = buildSchema(DATABASE, schemaScripts().map((f) => fs.readFileSync(f, 'utf8')));
  // The sink's own format: a JSON array written with single quotes.
  const topics = JSON.parse(connector.config['kusto.tables.topics.mapping'].replace(/'/g, '"'));
  assert.equal(topics.length, 1);
  for (const entry of topics) {
    assert.equal(entry.db, DATABASE);
    assert.ok(schema.tables.has(entry.table), `table ${entry.table} is not declared in kql/schema`);
    assert.ok(
      schema.mappings.some((m) => m.table === entry.table && m.kind === entry.format && m.name === entry.mapping),
      `${entry.format} mapping ${entry.mapping} on ${entry.table} is not declared in kql/schema`);
    assert.equal(connector.config.topics, entry.topic);
  }
});

test('the connector is the blog WagerConnector, with secrets and endpoints taken from the environment', () => {
  const config = connector.config;
  assert.equal(connector.name, 'WagerConnector');
  assert.deepEqual(
    [config['key.converter'], config['value.converter'], config['key.converter.schemas.enable'], config['value.converter.schemas.enable']],
    ['org.apache.kafka.connect.storage.StringConverter', 'org.apache.kafka.connect.json.JsonConverter', 'false', 'false']);
  assert.deepEqual(
    [config['tasks.max'], config['flush.size.bytes'], config['flush.interval.ms'], config['behavior.on.error']],
    ['1', '10485760', '100', 'LOG']);
  for (const key of ['kusto.ingestion.url', 'kusto.query.url', 'aad.auth.authority', 'aad.auth.appid', 'aad.auth.appkey']) {
    assert.match(config[key], /^\$\{env:[A-Z_]+\}$/, `${key} must come from the environment`);
  }
});
