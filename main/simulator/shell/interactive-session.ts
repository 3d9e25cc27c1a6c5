import type { PhoneShell, Terminal } from './phone-shell';

/**
 * An interactive shell behind a terminal (adb's `shell:` service, a console):
 * echoes what is typed, edits the line (backspace, ^U), runs each line,
 * prints the prompt, ^C interrupts the running command, ^D on an empty line
 * or `exit` ends the session. Input typed while a command runs waits its turn.
 */
export class InteractiveSession {
  private line = '';
  /** Lines of a command whose quote is still open. */
  private pendingLines: string[] = [];
  private queue: number[] = [];
  private running: AbortController | undefined;
  private lastWasCr = false;
  private escape = 0;
  private ended = false;

  constructor(
    private readonly shell: PhoneShell,
    private readonly terminal: Terminal,
    private readonly signal: AbortSignal,
    private readonly onExit: (status: number) => void,
  ) {}

  start(): void {
    this.terminal(this.shell.prompt());
  }

  /** Bytes typed at the terminal, as a byte string (latin1). */
  input(text: string): void {
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (this.running && code === 0x03) {
        this.terminal('^C\n');
        this.running.abort();
        continue;
      }
      this.queue.push(code);
    }
    this.drain();
  }

  private drain(): void {
    while (!this.running && !this.ended && this.queue.length > 0) this.key(this.queue.shift()!);
  }

  private key(code: number): void {
    const wasCr = this.lastWasCr;
    this.lastWasCr = code === 0x0d;
    // Swallow terminal escape sequences (arrow keys: ESC [ A).
    if (this.escape > 0) {
      this.escape = this.escape === 1 && code === 0x5b ? 2 : 0;
      return;
    }
    if (code === 0x1b) {
      this.escape = 1;
      return;
    }
    if (code === 0x0a && wasCr) return;
    if (code === 0x0d || code === 0x0a) {
      this.terminal('\n');
      this.enter();
    } else if (code === 0x7f || code === 0x08) {
      if (this.line.length > 0) {
        this.line = this.line.slice(0, -1);
        this.terminal('\b \b');
      }
    } else if (code === 0x15) {
      this.terminal('\b \b'.repeat(this.line.length));
      this.line = '';
    } else if (code === 0x03) {
      this.terminal('^C\n');
      this.line = '';
      this.pendingLines = [];
      this.terminal(this.shell.prompt());
    } else if (code === 0x04) {
      if (this.line.length === 0 && this.pendingLines.length === 0) this.finish(this.shell.status);
    } else if (code >= 0x20 || code === 0x09) {
      const char = String.fromCharCode(code);
      this.line += char;
      this.terminal(char);
    }
  }

  private enter(): void {
    const text = [...this.pendingLines, this.line].join('\n');
    this.line = '';
    if (this.shell.needsMore(text)) {
      this.pendingLines = text.split('\n');
      this.terminal('> ');
      return;
    }
    this.pendingLines = [];
    if (text.trim() === '') {
      this.terminal(this.shell.prompt());
      return;
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    this.signal.addEventListener('abort', stop, { once: true });
    this.running = controller;
    void this.shell.run(text, this.terminal, controller.signal).then(() => {
      this.signal.removeEventListener('abort', stop);
      this.running = undefined;
      if (this.signal.aborted) return;
      if (this.shell.exitStatus !== undefined) {
        this.finish(this.shell.exitStatus);
        return;
      }
      this.terminal(this.shell.prompt());
      this.drain();
    });
  }

  private finish(status: number): void {
    if (this.ended) return;
    this.ended = true;
    this.onExit(status);
  }
}
