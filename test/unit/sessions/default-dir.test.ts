import { describe, expect, it } from 'vitest';
import { defaultSessionsDir } from '../../../main/sessions/default-dir';

describe('defaultSessionsDir', () => {
  it('follows XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(defaultSessionsDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, home: '/home/k' })).toBe('/cfg/Fastswitch Workbench/sessions');
    expect(defaultSessionsDir({ platform: 'linux', env: {}, home: '/home/k' })).toBe('/home/k/.config/Fastswitch Workbench/sessions');
  });

  it('uses Application Support on macOS', () => {
    expect(defaultSessionsDir({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/ignored' }, home: '/Users/k' })).toBe('/Users/k/Library/Application Support/Fastswitch Workbench/sessions');
  });

  it('uses %APPDATA% on Windows, with backslashes', () => {
    expect(defaultSessionsDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\k\\AppData\\Roaming' }, home: 'C:\\Users\\k' })).toBe('C:\\Users\\k\\AppData\\Roaming\\Fastswitch Workbench\\sessions');
    expect(defaultSessionsDir({ platform: 'win32', env: {}, home: 'C:\\Users\\k' })).toBe('C:\\Users\\k\\AppData\\Roaming\\Fastswitch Workbench\\sessions');
  });
});
