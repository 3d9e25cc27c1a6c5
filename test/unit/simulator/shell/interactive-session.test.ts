import { describe, expect, it } from 'vitest';
import { InteractiveSession } from '../../../../main/simulator/shell/interactive-session';
import { PhoneShell } from '../../../../main/simulator/shell/phone-shell';
import { FakeDeviceBackend } from '../../../support/fake-device-backend';

function session() {
  const backend = new FakeDeviceBackend();
  let screen = '';
  let exited: number | undefined;
  const hangup = new AbortController();
  const s = new InteractiveSession(new PhoneShell({ backend }), (t) => (screen += t), hangup.signal, (status) => (exited = status));
  s.start();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  return { s, backend, hangup, screen: () => screen, exited: () => exited, settle };
}

describe('interactive phone shell', () => {
  it('prints the prompt, echoes typed keys and runs the line on Enter', async () => {
    const t = session();
    t.s.input('cat /d/fsw/status\r');
    await t.settle();
    expect(t.screen()).toBe('root@android:/ # cat /d/fsw/status\nCurrent instance: 1\nroot@android:/ # ');
  });

  it('edits the line with backspace before running it', async () => {
    const t = session();
    t.s.input('echo abx\x7fc\r');
    await t.settle();
    expect(t.screen()).toContain('\nabc\n');
  });

  it('asks for more with "> " while a quote is open', async () => {
    const t = session();
    t.s.input('echo "a\rb"\r');
    await t.settle();
    expect(t.screen()).toBe('root@android:/ # echo "a\n> b"\na\nb\nroot@android:/ # ');
  });

  it('interrupts a streaming command with ^C and gives the prompt back', async () => {
    const t = session();
    t.s.input('cat /proc/kmsg\r');
    await t.settle();
    t.backend.printk('hello');
    t.s.input('\x03');
    await t.settle();
    expect(t.screen()).toMatch(/hello\n\^C\nroot@android:\/ # $/);
    expect(t.backend.kmsgReaders()).toBe(0);
  });

  it('ends on exit with its status, and on ^D at an empty line', async () => {
    const a = session();
    a.s.input('exit 2\n');
    await a.settle();
    expect(a.exited()).toBe(2);
    const b = session();
    b.s.input('\x04');
    expect(b.exited()).toBe(0);
  });

  it('runs lines typed while a command is still running, in order', async () => {
    const t = session();
    t.s.input('echo 1\recho 2\r');
    await t.settle();
    expect(t.screen()).toContain('1\nroot@android:/ # echo 2\n2\n');
  });
});
