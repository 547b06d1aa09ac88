#!/usr/bin/env node
// Fails when a file under src/ imports `@tauri-apps/*` outside src/platform/.
//
// Usage: node scripts/check-platform-imports.mjs [source-dir]
//   source-dir defaults to ui/src; its `platform` subdirectory is the only place allowed to import Tauri.
// Exit codes: 0 clean, 1 offenders found (listed on stderr), 2 the source directory cannot be read.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]sx?)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);

// Static imports and re-exports (`... from '@tauri-apps/x'`), side-effect imports (`import '@tauri-apps/x'`),
// dynamic imports (`import('@tauri-apps/x')`) and `require('@tauri-apps/x')`.
const PATTERNS = [
  /\bfrom\s*(['"`])(@tauri-apps\/[^'"`]*)\1/g,
  /\bimport\s*(['"`])(@tauri-apps\/[^'"`]*)\1/g,
  /\bimport\s*\(\s*(['"`])(@tauri-apps\/[^'"`]*)\1/g,
  /\brequire\s*\(\s*(['"`])(@tauri-apps\/[^'"`]*)\1/g,
];

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(path);
    } else if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

function lineOf(text, index) {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

export function findOffenders(sourceDir) {
  const root = resolve(sourceDir);
  const platformDir = join(root, 'platform') + sep;
  const offenders = [];
  for (const file of walk(root)) {
    if (file.startsWith(platformDir)) continue;
    const text = readFileSync(file, 'utf8');
    const hits = new Map();
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) hits.set(match.index, match[2]);
    }
    for (const [index, specifier] of [...hits].sort((a, b) => a[0] - b[0])) {
      offenders.push({ file: relative(root, file), line: lineOf(text, index), specifier });
    }
  }
  return offenders;
}

function main(argv) {
  const here = dirname(fileURLToPath(import.meta.url));
  const sourceDir = resolve(argv[0] ?? join(here, '..', 'src'));
  try {
    if (!statSync(sourceDir).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    console.error(`check-platform-imports: cannot read ${sourceDir}: ${err.message}`);
    return 2;
  }
  const offenders = findOffenders(sourceDir);
  if (offenders.length === 0) {
    console.log(`check-platform-imports: ok (only ${relative(process.cwd(), join(sourceDir, 'platform')) || 'platform'}/ imports @tauri-apps/*)`);
    return 0;
  }
  console.error(`check-platform-imports: ${offenders.length} import(s) of @tauri-apps/* outside platform/:`);
  for (const o of offenders) console.error(`  ${o.file}:${o.line}  ${o.specifier}`);
  console.error('Only files under src/platform/ may import @tauri-apps/*; go through the Platform interface instead.');
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
