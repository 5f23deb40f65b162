'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { KQL_DIR, SCHEMA_DIR, DATABASE, loadSchema, schemaScripts, checkAll } = require('../src/project');
const { buildSchema } = require('../src/schema');
const { checkText } = require('../src/check');
const { expand } = require('../src/files');

const globals = loadSchema(); // slow (the Kusto grammar); built once for this file
const read = (file) => fs.readFileSync(file, 'utf8');
const lineOf = (text, fragment) => text.slice(0, text.indexOf(fragment)).split('\n').length;
const columnsOf = (table) => Array.from({ length: table.Columns.Count }, (_, i) => table.Columns.getItem(i))
  .map((c) => `${c.Name}:${c.Type.Name}`);

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kql-check-'));
}

test('the kql tree has no errors', () => {
  const { files, errors } = checkAll(globals, [KQL_DIR]);
  assert.deepEqual(errors, []);
  assert.ok(files.length >= 14, `only ${files.length} files checked`);
});

test('GamePlay has the blog columns first, in the blog order, then the provenance columns', () => {
  assert.deepEqual(columnsOf(globals.Database.GetTable('GamePlay')), [
    'PlayerID:int', 'GameID:int', 'Win:long', 'Stake:int', 'EventTime:datetime',
    'SourceTopic:string', 'SourcePartition:int', 'SourceOffset:long',
  ]);
});

test('the schema is built from the scripts: views get the columns their queries return', () => {
  for (const [view, bin] of [['PlayerStatsByMinute', 'Minute'], ['PlayerStatsByHour', 'Hour'], ['PlayerStatsByDay', 'Day']]) {
    assert.deepEqual(columnsOf(globals.Database.GetMember(view)), [
      'PlayerID:int', 'GameID:int', `${bin}:datetime`, 'Spins:long', 'TotalWin:long', 'TotalStake:long',
      'FirstSpinAt:datetime', 'LastWinAt:datetime', 'LastChangeAt:datetime',
      'BestRatio:real', 'BestRatioOrder:long', 'BestRatioKey:decimal',
    ], view);
  }
});

test('the boards read spins only for the edge minutes: GamePlayDeduped in BoardSpins, BoardSpins in BoardBins', () => {
  const bodies = new Map();
  for (const file of schemaScripts()) {
    for (const [, name, body] of read(file).matchAll(/\.create-or-alter function[^\n]*?\) (\w+)\([^)]*\) \{\n([\s\S]*?)\n\}/g)) {
      bodies.set(name, body);
    }
  }
  const readers = (name) => [...bodies].filter(([, body]) => new RegExp(`\\b${name}\\b`).test(body)).map(([fn]) => fn);
  assert.deepEqual(readers('GamePlayDeduped'), ['BoardSpins']);
  assert.deepEqual(readers('BoardSpins'), ['BoardBins']);
  assert.deepEqual(readers('BoardBins'), ['PlayerTotals']);
  assert.deepEqual(readers('PlayerTotals'), ['BoardScores']);
  assert.deepEqual(readers('BoardScores'), ['Board', 'BoardAround']);
  for (const view of ['PlayerStatsByDay', 'PlayerStatsByHour', 'PlayerStatsByMinute']) {
    assert.deepEqual(readers(view), ['BoardBins'], view);
  }
});

test('an unknown column in a copy of the blog query is reported at its line and column', () => {
  const text = read(path.join(KQL_DIR, 'examples', 'blog-leaderboard.kql')).replace('max(Win / Stake)', 'max(Wins / Stake)');
  const errors = checkText('copy.kql', text, globals);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, lineOf(text, 'max(Wins / Stake)'));
  assert.equal(errors[0].column, text.split('\n')[errors[0].line - 1].indexOf('Wins') + 1);
  assert.match(errors[0].message, /The name 'Wins' does not refer to any known column/);
});

test('an unknown column inside a stored function body is reported', () => {
  const original = read(path.join(SCHEMA_DIR, '08-leaderboards.kql'));
  const text = original.replace('row_rank_min(Score)', 'row_rank_min(Scores)');
  const errors = checkText('08-copy.kql', text, globals);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, lineOf(text, 'row_rank_min(Scores)'));
  assert.match(errors[0].message, /'Scores' does not refer to any known column/);
});

test('an unknown column inside a materialized view query is reported', () => {
  const text = read(path.join(SCHEMA_DIR, '06-aggregates.kql')).replace('TotalStake = sum(Stake)', 'TotalStake = sum(Stakes)');
  const errors = checkText('06-copy.kql', text, globals);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /'Stakes' does not refer to any known column/);
});

test('a syntax error is reported', () => {
  const errors = checkText('broken.kql', 'GamePlay\n| where Win >\n| count\n', globals);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 2);
  assert.match(errors[0].message, /Missing expression/);
});

test('an update policy query that does not return the target table schema is reported', () => {
  // The backfill function without its provenance columns: GamePlay ingestion would fail.
  const scripts = schemaScripts().map(read);
  const backfill = scripts.findIndex((text) => text.includes('ResetEventTime()'));
  scripts[backfill] = scripts[backfill].replace(', SourcePartition = int(null), SourceOffset = long(null)', '');
  const shortGlobals = buildSchema(DATABASE, scripts).globals();
  const errors = checkText('04-copy.kql', scripts[backfill], shortGlobals);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /Update policy query "ResetEventTime\(\)" returns \(.*SourceTopic:string\) but table GamePlay is/);
});

test('an ingestion mapping naming a column the table does not have is reported', () => {
  const text = read(path.join(SCHEMA_DIR, '02-mappings.kql')).replace('"column":"SourceOffset"', '"column":"Offset"');
  const errors = checkText('02-copy.kql', text, globals);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /names column 'Offset', which table GamePlay does not have/);
});

test('globs pick Java resource KQL files and skip the rest', () => {
  const root = tempDir();
  const files = ['ingestor/src/main/resources/adx/append.kql', 'web/src/main/resources/board.kql',
    'web/src/test/resources/board.kql', 'node_modules/x/src/main/resources/y.kql', 'web/src/main/resources/notes.txt'];
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), 'GamePlay | count\n');
  }
  const found = expand('**/src/main/resources/**/*.kql', root).map((f) => path.relative(root, f));
  assert.deepEqual(found, ['ingestor/src/main/resources/adx/append.kql', 'web/src/main/resources/board.kql']);
});

test('the command line prints file:line:col for each error and exits 1', () => {
  const file = path.join(tempDir(), 'bad.kql');
  fs.writeFileSync(file, '// a typo\nGamePlay | summarize Total = sum(Wins) by PlayerID\n');
  const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'src', 'cli.js'), file], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stdout, /bad\.kql:2:34 The name 'Wins' does not refer to any known column/);
  assert.match(run.stdout, /1 KQL files checked, 1 errors/);
});
