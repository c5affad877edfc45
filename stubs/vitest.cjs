'use strict';
// require('online-safety-rules/vitest'): vitest itself cannot be required, so neither can its
// helpers (they register matchers on vitest's expect). Import them from a vitest test file.
module.exports = {};
throw new Error('online-safety-rules/vitest is an ES module, as vitest is: import it from a vitest test file (import "online-safety-rules/vitest").');
