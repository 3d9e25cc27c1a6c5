import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forbiddenEntries, runtimeImports } from '../../../scripts/packaging/packaged-layout';

describe('what must not ship in app.asar', () => {
  it.each([
    ['/out/main/index.js.map', 'source map'],
    ['/.env', '.env file'],
    ['/out/.env.production', '.env file'],
    ['/out/signing.pem', 'key or certificate'],
    ['/main/index.ts', 'source tree'],
    ['/test/unit/x.test.ts', 'source tree'],
    ['/resources/icons/icon.png', 'source tree'],
    ['/out/main/cli.test.js', 'test file'],
    ['/electron-builder.yml', 'build configuration'],
  ])('refuses %s (%s)', (entry, why) => {
    expect(forbiddenEntries([entry]).join()).toContain(why);
  });

  it.each(['/out/main/index.js', '/out/renderer/index.html', '/package.json', '/node_modules/zod/index.d.ts', '/node_modules/x/test/fixture.pem'])('lets %s through', (entry) => {
    expect(forbiddenEntries([entry])).toEqual([]);
  });
});

describe('the packages the built main process loads', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'fsw-imports-'));
    await mkdir(join(out, 'main', 'chunks'), { recursive: true });
    await mkdir(join(out, 'preload'), { recursive: true });
    await mkdir(join(out, 'renderer'), { recursive: true });
    await writeFile(join(out, 'main', 'index.js'), 'import { app } from "electron";\nimport { join } from "node:path";\nimport fs from "fs";\nimport { z } from "zod";\nimport "./chunks/a.js";\nexport { WebSocketServer } from "ws";\n');
    await writeFile(join(out, 'main', 'chunks', 'a.js'), 'const adb = await import("@devicefarmer/adbkit/dist/index.js");\nconst { SerialPort } = require("serialport");\nconst edge = field === "from" || field === "to";\nconst text = "import x from \'not-a-module\'";\n');
    await writeFile(join(out, 'preload', 'index.cjs'), 'const { contextBridge } = require("electron");\n');
    await writeFile(join(out, 'renderer', 'index.js'), 'import React from "react";\n');
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('are the bare specifiers of main and preload, by package name, without Electron, Node built-ins or words in strings', () => {
    expect(runtimeImports(out)).toEqual(['@devicefarmer/adbkit', 'serialport', 'ws', 'zod']);
  });
});
