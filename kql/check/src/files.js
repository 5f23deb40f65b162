'use strict';
// Finds the KQL files to check: plain files, directories (every *.kql below), and simple globs
// (`*`, `?`, `**`), so CI can name e.g. `../../**/src/main/resources/**/*.kql`.
const fs = require('node:fs');
const path = require('node:path');

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'target']);

function* walk(directory) {
  if (!fs.existsSync(directory)) return;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) yield* walk(full);
    } else if (entry.isFile()) {
      yield full;
    }
  }
}

function globToRegExp(glob) {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      pattern += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/** Files matching one path, directory or glob, resolved against `base`; sorted. */
function expand(spec, base = process.cwd()) {
  const absolute = path.resolve(base, spec).split(path.sep).join('/');
  const firstWild = absolute.search(/[*?]/);
  if (firstWild < 0) {
    if (!fs.existsSync(absolute)) return [];
    if (fs.statSync(absolute).isDirectory()) return [...walk(absolute)].filter((f) => f.endsWith('.kql')).sort();
    return [absolute];
  }
  const root = absolute.slice(0, absolute.lastIndexOf('/', firstWild));
  const matcher = globToRegExp(absolute.slice(root.length + 1));
  return [...walk(root)]
    .filter((file) => matcher.test(path.relative(root, file).split(path.sep).join('/')))
    .sort();
}

module.exports = { expand };
