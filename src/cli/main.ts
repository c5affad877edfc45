#!/usr/bin/env node
// Placeholder until the CLI issue: prints the version.
console.log("online-safety 0.1.0");
