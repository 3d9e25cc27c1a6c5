import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * A pseudo-terminal at `link` whose other side is a TCP console, made by
 * socat: what a USB-serial adapter looks like to serialport, and killing
 * socat is pulling the adapter out.
 */
export async function socatPtyToTcp(link: string, tcpPort: number) {
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${link}`, `tcp:127.0.0.1:${tcpPort}`], { stdio: 'ignore' });
    const end = Date.now() + 5000;
    while (!existsSync(link)) {
      if (Date.now() > end) throw new Error(`socat did not create ${link}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await start();
  return { start, stop, running: () => child !== null };
}
