'use strict';
// A .kql file is a list of blocks separated by blank lines, each one command or one query: the
// convention of the ADX web UI and Kusto Explorer. So a command never contains a blank line.
const Kusto = require('./kusto');

/** Yields each non-empty block (Text, Start: its offset in the file). */
function* blocksOf(fileText, globals) {
  const script = Kusto.Editor.CodeScript.From$1(fileText, globals || Kusto.GlobalState.Default);
  for (let i = 0; i < script.Blocks.Count; i++) {
    const block = script.Blocks.getItem(i);
    if (block.Text.trim() === '') continue;
    yield block;
  }
}

/** Line and column (both 1-based) of a character offset. */
function lineAndColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

module.exports = { blocksOf, lineAndColumn };
