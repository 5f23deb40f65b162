'use strict';
// Loads Microsoft's Kusto.Language (the parser and analyzer behind the ADX editors), compiled to
// JavaScript, once per process. Its two scripts define the global `Kusto.Language`.
const path = require('node:path');

const packageDir = path.dirname(require.resolve('@kusto/language-service-next/package.json'));
require(path.join(packageDir, 'bridge.js'));
require(path.join(packageDir, 'Kusto.Language.Bridge.js'));

module.exports = globalThis.Kusto.Language;
