import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AcceptedFindings, parseCsv, parseReport, triage } from '../../../scripts/packaging/electronegativity-triage';

// electronegativity 1.10.3 over this repo's main/, preload/, renderer/, common/ (run by hand, 2026-11-24; see docs/security.md).
const REPORT = "issue, severity, confidence, filename, location, sample, description, url\nCSP_GLOBAL_CHECK,\"LOW\",\"TENTATIVE\",\"main/web/web-server.ts\",\"87:6\",N/A,\"Failed to parse CSP, it may not be valid.\",https://github.com/doyensec/electronegativity/wiki/CSP_GLOBAL_CHECK\nAUXCLICK_JS_CHECK,\"MEDIUM\",\"FIRM\",\"main/index.ts\",\"35:17\",\"const window = new BrowserWindow(mainWindowOptions(preloadPath));\",\"Limit navigation flows to untrusted origins. Middle-click may cause Electron to open a link within a new window\",https://github.com/doyensec/electronegativity/wiki/AUXCLICK_JS_CHECK\nCONTEXT_ISOLATION_JS_CHECK,\"HIGH\",\"FIRM\",\"main/index.ts\",\"35:17\",\"const window = new BrowserWindow(mainWindowOptions(preloadPath));\",\"Review the use of the contextIsolation option\",https://github.com/doyensec/electronegativity/wiki/CONTEXT_ISOLATION_JS_CHECK\nSANDBOX_JS_CHECK,\"MEDIUM\",\"FIRM\",\"main/index.ts\",\"35:17\",\"const window = new BrowserWindow(mainWindowOptions(preloadPath));\",\"Use sandbox for untrusted origins\",https://github.com/doyensec/electronegativity/wiki/SANDBOX_JS_CHECK\nOPEN_EXTERNAL_JS_CHECK,\"MEDIUM\",\"TENTATIVE\",\"main/electron/harden-web-contents.ts\",\"16:118\",\"contents.setWindowOpenHandler(({ url }) => decideWindowOpen({ url, openerUrl: contents.getURL() }, (link) => void shell.openExternal(link)));\",\"Review the use of openExternal\",https://github.com/doyensec/electronegativity/wiki/OPEN_EXTERNAL_JS_CHECK\n";

const accepted = AcceptedFindings.parse(JSON.parse(readFileSync(resolve(__dirname, '../../../docs/electronegativity-accepted.json'), 'utf8')));

describe('the electronegativity triage', () => {
  it('reads every finding of the report with its severity and file', () => {
    const findings = parseReport(REPORT);
    expect(findings.map((f) => [f.check, f.severity, f.file])).toEqual([
      ['CSP_GLOBAL_CHECK', 'LOW', 'main/web/web-server.ts'],
      ['AUXCLICK_JS_CHECK', 'MEDIUM', 'main/index.ts'],
      ['CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'main/index.ts'],
      ['SANDBOX_JS_CHECK', 'MEDIUM', 'main/index.ts'],
      ['OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/electron/harden-web-contents.ts'],
    ]);
  });

  it('leaves no high or medium finding of the last run unexplained, and no stale explanation', () => {
    const sorted = triage(parseReport(REPORT), accepted);
    expect(sorted.blocking).toEqual([]);
    expect(sorted.stale).toEqual([]);
    expect(sorted.notes.map((f) => f.check)).toEqual(['CSP_GLOBAL_CHECK']);
  });

  it('blocks a high finding in a file nobody explained', () => {
    const moved = REPORT.replace('CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","main/index.ts"', 'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","main/other-window.ts"');
    expect(triage(parseReport(moved), accepted).blocking.map((f) => f.file)).toEqual(['main/other-window.ts']);
  });

  it('keeps quoted commas, quotes and newlines inside one field', () => {
    expect(parseCsv('a,"b, ""c""\nd",e\n')).toEqual([['a', 'b, "c"\nd', 'e']]);
  });

  it('refuses a file that is not an electronegativity report', () => {
    expect(() => parseReport('name,value\nx,1\n')).toThrow(/not an electronegativity CSV report/);
  });
});
