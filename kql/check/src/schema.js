'use strict';
// Builds the database symbol the analyzer checks against, from the `.create*` commands in the
// schema scripts themselves, so the schema is written once (in kql/schema/) and never copied here.
const Kusto = require('./kusto');
const { blocksOf } = require('./blocks');

const { DatabaseSymbol, TableSymbol, FunctionSymbol, MaterializedViewSymbol } = Kusto.Symbols;
const SyntaxKind = Kusto.Syntax.SyntaxKind;

const TABLE_COMMANDS = new Set(['CreateTable', 'CreateMergeTable', 'AlterTable', 'AlterMergeTable']);
const FUNCTION_COMMANDS = new Set(['CreateFunction', 'CreateOrAlterFunction', 'AlterFunction']);
const MAPPING_COMMANDS = new Set(['CreateTableIngestionMapping', 'CreateOrAlterTableIngestionMapping', 'AlterTableIngestionMapping']);
const VIEW_COMMANDS = new Set([
  'CreateMaterializedView', 'CreateOrAlterMaterializedView', 'AlterMaterializedView',
  'CreateMaterializedViewOverMaterializedView', 'CreateOrAlterMaterializedViewOverMaterializedView',
]);

function* descendants(node) {
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (!child) continue;
    yield { child, name: node.GetName ? node.GetName(i) : null };
    if (!child.IsToken) yield* descendants(child);
  }
}

function textOf(source, node) {
  return source.slice(node.TextStart, node.End);
}

function named(node, name) {
  for (const { child, name: childName } of descendants(node)) if (childName === name) return child;
  return null;
}

function ofKind(node, kind) {
  for (const { child } of descendants(node)) if (child.Kind === kind) return child;
  return null;
}

/** The `(Name:type, ...)` list of a table command. */
function columnList(source, command) {
  for (const { child } of descendants(command)) {
    if (!child.IsToken && child.ChildCount > 0 && child.GetChild(0).IsToken && child.GetChild(0).Text === '(') {
      return textOf(source, child);
    }
  }
  return null;
}

/** Name and column list pairs, e.g. "(a:int, b:string)" -> [["a", "int"], ["b", "string"]]. */
function parseColumns(list) {
  return list.replace(/^\(|\)$/g, '').split(',').map((c) => c.trim()).filter(Boolean)
    .map((c) => c.split(':').map((part) => part.trim()));
}

class SchemaBuilder {
  constructor(databaseName) {
    this.databaseName = databaseName;
    this.tables = new Map(); // name -> [[column, type], ...] in order
    this.functions = new Map(); // name -> FunctionSymbol
    this.views = new Map(); // name -> MaterializedViewSymbol
    this.mappings = []; // { table, kind, name, columns }: ingestion mappings, for the infra tests
  }

  add(fileText) {
    for (const block of blocksOf(fileText)) {
      const source = block.Text;
      const code = Kusto.KustoCode.Parse(source);
      for (const { child } of descendants(code.Syntax)) {
        if (child.CommandKind) this.addCommand(source, child);
      }
    }
    return this;
  }

  addCommand(source, command) {
    const kind = command.CommandKind;
    if (TABLE_COMMANDS.has(kind)) this.addTable(source, command, kind === 'CreateMergeTable' || kind === 'AlterMergeTable');
    else if (FUNCTION_COMMANDS.has(kind)) this.addFunction(source, command);
    else if (VIEW_COMMANDS.has(kind)) this.addView(source, command);
    else if (MAPPING_COMMANDS.has(kind)) this.addMapping(command);
  }

  addMapping(command) {
    const table = named(command, 'TableName').SimpleName;
    const kind = named(command, 'MappingKind').Text.toLowerCase();
    const name = named(command, 'MappingName').LiteralValue;
    const columns = JSON.parse(named(command, 'MappingFormat').LiteralValue).map((entry) => entry.column);
    this.mappings = this.mappings.filter((m) => !(m.table === table && m.kind === kind && m.name === name));
    this.mappings.push({ table, kind, name, columns });
  }

  addTable(source, command, merge) {
    const name = textOf(source, named(command, 'TableName'));
    const list = columnList(source, command);
    if (!list) return;
    const columns = merge && this.tables.has(name) ? [...this.tables.get(name)] : [];
    for (const [column, type] of parseColumns(list)) {
      if (!columns.some(([existing]) => existing === column)) columns.push([column, type]);
    }
    this.tables.set(name, columns);
  }

  addFunction(source, command) {
    const name = textOf(source, named(command, 'FunctionName'));
    const declaration = ofKind(command, SyntaxKind.FunctionDeclaration);
    const parameters = textOf(source, declaration.Parameters);
    const body = textOf(source, declaration.Body);
    this.functions.set(name, new FunctionSymbol.$ctor16(name, parameters, body, null));
  }

  /** A view's columns are its query's result columns, analyzed against what is declared so far. */
  addView(source, command) {
    const name = textOf(source, named(command, 'MaterializedViewName'));
    const body = textOf(source, named(command, 'SourceBody'));
    const query = body.slice(body.indexOf('{') + 1, body.lastIndexOf('}')).trim();
    const analyzed = Kusto.KustoCode.ParseAndAnalyze(query, this.globals());
    const resultColumns = analyzed.ResultType && analyzed.ResultType.Columns;
    const columns = [];
    for (let i = 0; resultColumns && i < resultColumns.Count; i++) columns.push(resultColumns.getItem(i));
    this.views.set(name, new MaterializedViewSymbol.$ctor2(name, columns, query, null));
  }

  database() {
    const tables = [...this.tables].map(([name, columns]) =>
      new TableSymbol.$ctor7(name, `(${columns.map(([c, t]) => `${c}:${t}`).join(', ')})`, null));
    return new DatabaseSymbol.ctor(this.databaseName, [...tables, ...this.functions.values(), ...this.views.values()]);
  }

  globals() {
    return Kusto.GlobalState.Default.WithDatabase(this.database());
  }
}

/** The database declared by the given script texts, in the order given (the apply order). */
function buildSchema(databaseName, scriptTexts) {
  const builder = new SchemaBuilder(databaseName);
  for (const text of scriptTexts) builder.add(text);
  return builder;
}

module.exports = { buildSchema };
