import { describe, expect, it } from 'vitest';
import { PhoneShell } from '../../../../main/simulator/shell/phone-shell';
import { FakeDeviceBackend } from '../../../support/fake-device-backend';

async function run(line: string, backend = new FakeDeviceBackend(), shell = new PhoneShell({ backend })) {
  let output = '';
  const status = await shell.run(line, (text) => (output += text), new AbortController().signal);
  return { output, status, backend, shell };
}

const text = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('latin1') : undefined);

describe('phone shell: echo and redirections', () => {
  it('writes the echoed text in one write to a sysfs file', async () => {
    const { output, status, backend } = await run('echo "2 2" > /d/fsw/switch');
    expect(output).toBe('');
    expect(status).toBe(0);
    expect(backend.switchRequests).toEqual([{ mode: 2, target: 2 }]);
    expect(backend.writes.filter((w) => w.path === '/d/fsw/switch').map((w) => text(w.data))).toEqual(['2 2\n']);
  });

  it('says nothing when the kernel refuses the write (mksh R39), only the status tells', async () => {
    const { output, status } = await run('echo "3 2" > /d/fsw/switch');
    expect(output).toBe('');
    expect(status).toBe(1);
  });

  it('lets a script read the refusal through $?', async () => {
    const { output } = await run('echo offline > /sys/devices/system/memory/memory8/state; echo $?');
    expect(output).toBe('1\n');
  });

  it('reports a file it cannot create with the shell name and strerror', async () => {
    const { output, status } = await run('echo x > /nodir/file');
    expect(output).toBe('/system/bin/sh: cannot create /nodir/file: No such file or directory\n');
    expect(status).toBe(1);
  });

  it('refuses to create a file inside sysfs where none exists', async () => {
    const { output } = await run('echo 1 > /sys/devices/system/memory/nothing');
    expect(output).toBe('/system/bin/sh: cannot create /sys/devices/system/memory/nothing: Permission denied\n');
  });

  it('appends with >> to a regular file', async () => {
    const backend = new FakeDeviceBackend();
    const shell = new PhoneShell({ backend });
    await run('echo one > /data/local/tmp/f', backend, shell);
    await run('echo two >> /data/local/tmp/f', backend, shell);
    expect(text(backend.fileContent('/data/local/tmp/f'))).toBe('one\ntwo\n');
  });

  it('discards output sent to /dev/null', async () => {
    const { output, backend } = await run('cat /nope 2>/dev/null; echo hidden > /dev/null');
    expect(output).toBe('');
    expect(backend.writes).toEqual([]);
  });

  it('follows mksh echo: -n drops the newline, escapes are on, unknown options are text', async () => {
    expect((await run('echo -n abc')).output).toBe('abc');
    expect((await run(String.raw`echo 'a\tb'`)).output).toBe('a\tb\n');
    expect((await run('echo -nq x')).output).toBe('-nq x\n');
  });

  it('copies binary bytes unchanged through cat and a redirection', async () => {
    const backend = new FakeDeviceBackend();
    const atags = new Uint8Array([0x05, 0x00, 0x00, 0x00, 0x01, 0x00, 0x41, 0x54, 0xff, 0x80, 0x00]);
    backend.addFile('/d/fsw/instance_atags', atags, 0o444);
    await run('cat /d/fsw/instance_atags > /sdcard/atags', backend);
    expect([...backend.fileContent('/sdcard/atags')!]).toEqual([...atags]);
  });
});

describe('phone shell: commands', () => {
  it('cat prints a missing file the way toolbox cat does (perror of the path)', async () => {
    const { output, status } = await run('cat /x');
    expect(output).toBe('/x: No such file or directory\n');
    expect(status).toBe(1);
  });

  it('cat prints debugfs and sysfs files', async () => {
    expect((await run('cat /d/fsw/status')).output).toBe('Current instance: 1\n');
  });

  it('an unknown command is not found, status 127', async () => {
    const { output, status } = await run('foo bar');
    expect(output).toBe('/system/bin/sh: foo: not found\n');
    expect(status).toBe(127);
  });

  it('offers unknown commands to the model first (its /dev/mem tool)', async () => {
    const { output, status } = await run('memrw 0xac000010');
    expect(output).toBe('0x00000000\n');
    expect(status).toBe(0);
  });

  it('getprop prints one value, or every property as [key]: [value] sorted', async () => {
    expect((await run('getprop ro.build.version.release')).output).toBe('4.0.4\n');
    expect((await run('getprop no.such.prop')).output).toBe('\n');
    const all = (await run('getprop')).output.split('\n').filter(Boolean);
    expect(all).toContain('[ro.product.model]: [Galaxy Nexus]');
    expect([...all].sort()).toEqual(all);
  });

  it('uname -a is built from the running kernel', async () => {
    expect((await run('uname -a')).output).toBe('Linux localhost 3.0.8-gda6252b #1 SMP PREEMPT Mon Aug 20 11:12:13 CEST 2012 armv7l\n');
  });

  it('dmesg prints the ring buffer', async () => {
    const backend = new FakeDeviceBackend();
    backend.printk('PM: Syncing filesystems ... done.');
    expect((await run('dmesg', backend)).output).toContain('PM: Syncing filesystems ... done.');
  });

  it('ls lists sorted names; ls -l in toolbox columns', async () => {
    expect((await run('ls /d/fsw')).output).toBe('status\nswitch\n');
    expect((await run('ls -l /d/fsw')).output).toBe(
      ['-r--r--r-- root     root         4096 2012-08-20 10:12 status', '--w--w--w- root     root         4096 2012-08-20 10:12 switch', ''].join('\n'),
    );
    expect((await run('ls /nope')).output).toBe('/nope: No such file or directory\n');
  });

  it('su -c runs the command as root; id says root', async () => {
    expect((await run('su -c "cat /d/fsw/status"')).output).toBe('Current instance: 1\n');
    expect((await run('id')).output).toBe('uid=0(root) gid=0(root)\n');
  });

  it('expands * and ? to the sorted matching paths, and leaves a pattern that matches nothing', async () => {
    expect((await run('echo /sys/devices/system/memory/memory*/state')).output).toBe(
      '/sys/devices/system/memory/memory10/state /sys/devices/system/memory/memory8/state /sys/devices/system/memory/memory9/state\n',
    );
    expect((await run('cd /d/fsw; echo s?itch')).output).toBe('switch\n');
    expect((await run('echo /nope/*')).output).toBe('/nope/*\n');
    expect((await run('echo "/d/fsw/*"')).output).toBe('/d/fsw/*\n');
  });

  it('&& runs the next command only after success, ; always', async () => {
    expect((await run('false && echo no; echo yes')).output).toBe('yes\n');
    expect((await run('true && echo a || echo b')).output).toBe('a\n');
  });

  it('exit stops the line and records the status', async () => {
    const { output, shell } = await run('echo a; exit 3; echo b');
    expect(output).toBe('a\n');
    expect(shell.exitStatus).toBe(3);
  });

  it('cd changes the directory relative paths resolve against', async () => {
    expect((await run('cd /d/fsw; cat status; pwd')).output).toBe('Current instance: 1\n/d/fsw\n');
  });

  it('runs a pushed script with sh', async () => {
    const backend = new FakeDeviceBackend();
    backend.addFile('/data/local/tmp/run.sh', '#!/system/bin/sh\necho "2 1" > /d/fsw/switch\necho done\n', 0o755);
    expect((await run('sh /data/local/tmp/run.sh', backend)).output).toBe('done\n');
    expect(backend.switchRequests).toEqual([{ mode: 2, target: 1 }]);
  });

  it('prompt shows the failed status first, as Android mkshrc precmd does', async () => {
    const backend = new FakeDeviceBackend();
    const shell = new PhoneShell({ backend });
    expect(shell.prompt()).toBe('root@android:/ # ');
    await run('false', backend, shell);
    expect(shell.prompt()).toBe('1|root@android:/ # ');
  });

  it('as the UART console user it prompts with $, says so in id, and su makes it root', async () => {
    const backend = new FakeDeviceBackend();
    const shell = new PhoneShell({ backend, user: 'shell' });
    expect(shell.prompt()).toBe('shell@android:/ $ ');
    expect((await run('id', backend, shell)).output).toBe('uid=2000(shell) gid=1007(log)\n');
    await run('su', backend, shell);
    expect(shell.prompt()).toBe('root@android:/ # ');
  });

  it('a syntax error is reported and sets status 1', async () => {
    const { output, status } = await run('echo (');
    expect(output).toMatch(/^\/system\/bin\/sh: syntax error: /);
    expect(status).toBe(1);
  });
});

describe('phone shell: toolbox quirks', () => {
  it('cat of a file it can open but not read says "invalid length" (a write-only debugfs file, a directory)', async () => {
    expect((await run('cat /d/fsw/switch')).output).toBe('/d/fsw/switch: invalid length\n');
    expect((await run('cat /d/fsw')).output).toBe('/d/fsw: invalid length\n');
  });

  it('sleep takes whole seconds through atoi: 0.5 does not sleep', async () => {
    const slept: number[] = [];
    const backend = new FakeDeviceBackend();
    const shell = new PhoneShell({ backend, sleep: async (ms) => void slept.push(ms) });
    await run('sleep 0.5; sleep 2; sleep x', backend, shell);
    expect(slept).toEqual([2000]);
  });

  it('test and [ check files, strings and integers', async () => {
    const { output } = await run(
      '[ -e /d/fsw/status ] && echo has-fsw; [ -d /d/fsw ] && echo dir; [ -e /nope ] || echo no-file; test "$?" = 0 && echo zero; [ 3 -gt 2 -a -n x ] && echo both; [ ! -f /d/fsw ] && echo not-file',
    );
    expect(output).toBe('has-fsw\ndir\nno-file\nzero\nboth\nnot-file\n');
  });

  it('[ without its ] is an error, status 2', async () => {
    const { output, status } = await run('[ -e /d');
    expect(output).toBe('/system/bin/sh: [: missing ]\n');
    expect(status).toBe(2);
  });
});

describe('phone shell: jobs', () => {
  const script = 'sleep 1\necho "2 1" > /d/fsw/switch\n';
  const pausedSleep = () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sleep = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        void gate.then(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    return { sleep, release };
  };

  it('a job started with nohup … & outlives the session that started it', async () => {
    const backend = new FakeDeviceBackend();
    backend.addFile('/data/local/tmp/run.sh', script, 0o755);
    const { sleep, release } = pausedSleep();
    const shell = new PhoneShell({ backend, sleep, lifetime: new AbortController().signal });
    const hangup = new AbortController();
    await shell.run('nohup sh /data/local/tmp/run.sh &', () => undefined, hangup.signal);
    hangup.abort();
    release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(backend.switchRequests).toEqual([{ mode: 2, target: 1 }]);
  });

  it('a background job without nohup dies with the session (SIGHUP)', async () => {
    const backend = new FakeDeviceBackend();
    backend.addFile('/data/local/tmp/run.sh', script, 0o755);
    const { sleep, release } = pausedSleep();
    const shell = new PhoneShell({ backend, sleep, lifetime: new AbortController().signal });
    const hangup = new AbortController();
    await shell.run('sh /data/local/tmp/run.sh &', () => undefined, hangup.signal);
    hangup.abort();
    release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(backend.switchRequests).toEqual([]);
  });
});

describe('phone shell: /proc/kmsg', () => {
  it('streams kernel lines as they are printed until the session ends', async () => {
    const backend = new FakeDeviceBackend();
    const shell = new PhoneShell({ backend });
    const hangup = new AbortController();
    let output = '';
    const done = shell.run('cat /proc/kmsg', (t) => (output += t), hangup.signal);
    backend.printk('first');
    backend.printk('second', 4);
    expect(output).toBe('<6>[    0.000000] first\n<4>[    0.000000] second\n');
    hangup.abort();
    await done;
    expect(backend.kmsgReaders()).toBe(0);
  });
});
