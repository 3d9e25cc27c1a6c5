import { describe, expect, it } from 'vitest';
import { asRoot, controlReadError, controlWriteCommand, controlWriteError, parseStatus, shellQuote, withStatus } from '../../../main/targets/shell-command';

describe('shell lines', () => {
  it('quotes words that the shell would split or expand', () => {
    expect(shellQuote('/d/fsw/switch')).toBe('/d/fsw/switch');
    expect(shellQuote('2 2')).toBe("'2 2'");
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
  it('writes a control file with echo and a redirection, through su when adbd is not root', () => {
    expect(controlWriteCommand('/d/fsw/switch', '2 2')).toBe("echo '2 2' > /d/fsw/switch");
    expect(asRoot("echo '2 2' > /d/fsw/switch", 'su')).toBe(`su -c 'echo '\\''2 2'\\'' > /d/fsw/switch'`);
    expect(asRoot('id', 'adbd')).toBe('id');
  });
  it('reads the exit status behind the marker and gives back the output before it', () => {
    expect(withStatus('cat /d/fsw/status')).toBe('cat /d/fsw/status; echo :fsw-rc:$?');
    expect(parseStatus('Current instance: 1\r\n:fsw-rc:0\r\n')).toEqual({ output: 'Current instance: 1\n', code: 0 });
    expect(parseStatus('partial output, then the connection dropped')).toBeNull();
  });
});

describe('errors from the phone', () => {
  it('keeps the kernel error text of a refused write', () => {
    const error = controlWriteError('/d/fsw/switch', '2 9', { output: '/system/bin/sh: echo: write error: Invalid argument\n', code: 1 });
    expect(error.kind).toBe('device');
    expect(error.where).toBe('/d/fsw/switch');
    expect(error.message).toBe('Writing "2 9" to /d/fsw/switch failed: write error: Invalid argument');
  });
  it('says the phone is not rooted when debugfs is unreadable', () => {
    const error = controlReadError('/d/fsw/status', { output: '/d/fsw/status: Permission denied\n', code: 1 });
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/not give root|rooted build/);
  });
});

describe('a refused write from a shell that says nothing', () => {
  it('still fails, saying the kernel refused it and where to look', () => {
    const error = controlWriteError('/d/fsw/switch', '2 9', { output: '', code: 1 });
    expect(error.message).toBe('Writing "2 9" to /d/fsw/switch failed: the kernel refused it (exit status 1; this shell does not print the reason: see the kernel log)');
  });
});
