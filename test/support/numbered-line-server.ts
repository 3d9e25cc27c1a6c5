import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP console that prints numbered lines (`line N`) every `everyMs`, to
 * whoever is connected, and remembers when each was printed and which
 * went to which connection: the reference a console reader's losses are judged against.
 */
export async function numberedLineServer(everyMs = 2, port = 0) {
  let next = 1;
  let socket: Socket | null = null;
  const sentBy: number[][] = [];
  const received: Buffer[] = [];
  /** performance.now() at which each number was written (index = number). */
  const sentAt: number[] = [];
  const sockets = new Set<Socket>();
  let timer: NodeJS.Timeout | null = null;
  let server: Server;
  let paused = false;
  // Like a kernel printing to its UART: lines go out whether or not anybody listens.
  const tick = () => {
    if (paused) return;
    const n = next++;
    sentAt[n] = performance.now();
    if (!socket) return;
    sentBy.at(-1)?.push(n);
    socket.write(`line ${n}\n`);
  };
  const listen = (p: number) =>
    new Promise<number>((resolve) => {
      server = createServer((s) => {
        s.setNoDelay(true);
        s.on('error', () => undefined);
        s.on('data', (d) => received.push(d));
        sockets.add(s);
        s.on('close', () => {
          sockets.delete(s);
          if (socket === s) socket = null;
        });
        socket = s;
        sentBy.push([]);
      });
      server.listen(p, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const actualPort = await listen(port);
  timer = setInterval(tick, everyMs);
  return {
    port: actualPort,
    sentBy,
    sentAt,
    /** What was typed to the console. */
    typed: () => Buffer.concat(received).toString('latin1'),
    /** Stop printing (an idle console) or start again. */
    setPaused: (value: boolean) => {
      paused = value;
    },
    /** The peer goes away: every connection dropped, the port closed. */
    drop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    relisten: () => listen(actualPort),
    close: async () => {
      if (timer) clearInterval(timer);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The numbers of `line N` in a capture, in order. */
export function lineNumbers(text: string): number[] {
  return [...text.matchAll(/^line (\d+)$/gm)].map((m) => Number(m[1]));
}

/** Splits ascending numbers into runs of consecutive ones. */
export function runs(numbers: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of numbers) {
    const last = out.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}
