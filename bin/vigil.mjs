#!/usr/bin/env node
// The vigil executable: loads the TypeScript sources through tsx and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../apps/vigil/src/main.ts');
process.exitCode = await main(process.argv.slice(2));
