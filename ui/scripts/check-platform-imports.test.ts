import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'check-platform-imports.mjs');

function run(dir?: string) {
  const result = spawnSync(process.execPath, dir ? [SCRIPT, dir] : [SCRIPT], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temps: string[] = [];
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'locus-imports-'));
  temps.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('check-platform-imports', () => {
  it('passes when only platform/ imports @tauri-apps', () => {
    const dir = tree({
      'platform/ipc.ts': "import { invoke } from '@tauri-apps/api/core';\n",
      'platform/deep/events.ts': "export * from '@tauri-apps/api/event';\n",
      'app/App.tsx': "import { tauriPlatform } from '../platform';\n",
    });
    const result = run(dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('flags every kind of @tauri-apps import outside platform/, with file and line', () => {
    const dir = tree({
      'platform/ok.ts': "import '@tauri-apps/api';\n",
      'app/App.tsx': "// top\nimport { invoke } from '@tauri-apps/api/core';\n",
      'state/multi.ts': "import {\n  listen,\n} from \"@tauri-apps/api/event\";\n",
      'lazy.ts': "const m = await import('@tauri-apps/plugin-os');\n",
      'side.js': "import '@tauri-apps/api/window';\n",
      'platformish/x.ts': "export { a } from '@tauri-apps/api/path';\n",
      'fine.ts': "import { h } from 'preact';\n",
    });
    const result = run(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join('app', 'App.tsx')}:2  @tauri-apps/api/core`);
    expect(result.stderr).toContain(`${join('state', 'multi.ts')}:3  @tauri-apps/api/event`);
    expect(result.stderr).toContain('lazy.ts:1  @tauri-apps/plugin-os');
    expect(result.stderr).toContain('side.js:1  @tauri-apps/api/window');
    expect(result.stderr).toContain(`${join('platformish', 'x.ts')}:1  @tauri-apps/api/path`);
    expect(result.stderr).toContain('5 import(s)');
    expect(result.stderr).not.toContain('ok.ts');
    expect(result.stderr).not.toContain('fine.ts');
  });

  it('fails loudly when the source directory does not exist', () => {
    const result = run(join(tmpdir(), 'locus-imports-does-not-exist'));
    expect(result.code).toBe(2);
  });

  it('passes on the real ui/src', () => {
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
