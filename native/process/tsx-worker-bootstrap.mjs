// Starts a TypeScript worker entry under tsx (see node-entry.ts). argv[2] is the entry's file URL.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
