// require('online-safety-rules/vitest') throws: the helpers are an ES module, as vitest is (stubs/vitest.cjs).
export {};
