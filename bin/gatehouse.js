#!/usr/bin/env node
// The `gatehouse` command: runs src/main.ts through tsx's loader (no separate build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
