import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileReplayConsole } from '../../../main/targets/console/file-replay-console';
import { consoleRecorder } from '../../support/console-recorder';

describe('FileReplayConsole', () => {
  it('delivers a capture byte for byte, invalid UTF-8 included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fsw-replay-'));
    try {
      const bytes = Buffer.concat([Buffer.from('<6>[    1.000000] hello\n'), Buffer.from([0xff, 0xfe, 0x0a])]);
      writeFileSync(join(dir, 'uart.log'), bytes);
      const replay = new FileReplayConsole({ path: join(dir, 'uart.log'), chunkBytes: 7 });
      const rec = consoleRecorder();
      await replay.start(rec.sink);
      await replay.finished;
      expect(Buffer.from(rec.text(), 'latin1').equals(bytes)).toBe(true);
      await expect(replay.write()).rejects.toMatchObject({ kind: 'unsupported' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says the file is missing', async () => {
    await expect(new FileReplayConsole({ path: '/nonexistent/uart.log' }).start(consoleRecorder().sink)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
