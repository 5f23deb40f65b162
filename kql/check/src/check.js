'use strict';
// Analyzes KQL files against the declared schema and returns every error as file, line, column
// and message: syntax errors, unknown names (tables, columns, functions), wrong argument types,
// in queries and in commands alike. A command's embedded query (function body, view query) is
// analyzed with the command: Kusto.Language binds a function body's parameters and checks the
// body against the database (test/check.test.js proves it).
//
// Two checks the analyzer cannot do, because the KQL hides in JSON strings: an update policy's
// Query must return exactly the target table's columns, in order (or ingestion into the source
// fails), and an ingestion mapping may only name columns the table has.
const fs = require('node:fs');
const Kusto = require('./kusto');
const { blocksOf, lineAndColumn } = require('./blocks');

function errorsOf(code) {
  const errors = [];
  const diagnostics = code.GetDiagnostics();
  for (let i = 0; i < diagnostics.Count; i++) {
    const diagnostic = diagnostics.getItem(i);
    if (diagnostic.Severity === 'Error') errors.push({ start: diagnostic.Start, message: diagnostic.Message });
  }
  return errors;
}

function columnsOf(tableSymbol) {
  const columns = [];
  for (let i = 0; tableSymbol && i < tableSymbol.Columns.Count; i++) {
    const column = tableSymbol.Columns.getItem(i);
    columns.push(`${column.Name}:${column.Type.Name}`);
  }
  return columns;
}

function* commandsIn(node) {
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (!child || child.IsToken) continue;
    if (child.CommandKind) yield child;
    else yield* commandsIn(child);
  }
}

function namedChild(node, name) {
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (!child) continue;
    if (node.GetName && node.GetName(i) === name) return child;
    if (!child.IsToken) {
      const found = namedChild(child, name);
      if (found) return found;
    }
  }
  return null;
}

/** Errors in `.alter[-merge] table T policy update` commands whose queries do not produce T's schema. */
function updatePolicyErrors(code, globals) {
  const errors = [];
  for (const command of commandsIn(code.Syntax)) {
    if (!/^Alter(Merge)?TablePolicyUpdate$/.test(command.CommandKind)) continue;
    const tableName = namedChild(command, 'TableName');
    const policy = namedChild(command, 'UpdatePolicy');
    const table = globals.Database.GetTable(tableName.SimpleName);
    if (!table || !policy) continue;
    let entries;
    try {
      entries = JSON.parse(policy.LiteralValue);
    } catch (e) {
      errors.push({ start: policy.TextStart, message: `Update policy is not valid JSON: ${e.message}` });
      continue;
    }
    for (const entry of entries) {
      const query = Kusto.KustoCode.ParseAndAnalyze(entry.Query || '', globals);
      const queryErrors = errorsOf(query);
      for (const error of queryErrors) {
        errors.push({ start: policy.TextStart, message: `In update policy query "${entry.Query}": ${error.message}` });
      }
      const expected = columnsOf(table).join(', ');
      const actual = columnsOf(query.ResultType).join(', ');
      if (queryErrors.length === 0 && expected !== actual) {
        errors.push({
          start: policy.TextStart,
          message: `Update policy query "${entry.Query}" returns (${actual}) but table ${table.Name} is (${expected})`,
        });
      }
    }
  }
  return errors;
}

/** Errors in ingestion mapping commands that name a column the table does not have. */
function mappingErrors(code, globals) {
  const errors = [];
  for (const command of commandsIn(code.Syntax)) {
    if (!/TableIngestionMapping$/.test(command.CommandKind)) continue;
    const table = globals.Database.GetTable(namedChild(command, 'TableName').SimpleName);
    const mapping = namedChild(command, 'MappingFormat');
    if (!table || !mapping) continue;
    let entries;
    try {
      entries = JSON.parse(mapping.LiteralValue);
    } catch (e) {
      errors.push({ start: mapping.TextStart, message: `Ingestion mapping is not valid JSON: ${e.message}` });
      continue;
    }
    for (const { column } of entries) {
      if (!columnsOf(table).some((c) => c.startsWith(`${column}:`))) errors.push({ start: mapping.TextStart, message: `Ingestion mapping names column '${column}', which table ${table.Name} does not have` });
    }
  }
  return errors;
}

/** Every error in one KQL text, with 1-based line and column. */
function checkText(file, text, globals) {
  const found = [];
  for (const block of blocksOf(text, globals)) {
    const analyzed = Kusto.KustoCode.ParseAndAnalyze(block.Text, globals);
    for (const error of [...errorsOf(analyzed), ...updatePolicyErrors(analyzed, globals), ...mappingErrors(analyzed, globals)]) {
      found.push({ file, ...lineAndColumn(text, block.Start + error.start), message: error.message });
    }
  }
  return found;
}

function checkFile(file, globals) {
  return checkText(file, fs.readFileSync(file, 'utf8'), globals);
}

function format(error) {
  return `${error.file}:${error.line}:${error.column} ${error.message}`;
}

module.exports = { checkText, checkFile, format };
