import { describe, expect, it } from 'vitest';
import { parse, type SimpleCommand, type Word } from '../../../../main/simulator/shell/syntax';

const text = (word: Word) => word.map((p) => (p.kind === 'var' ? `<$${p.name}>` : p.text)).join('');

function commands(line: string): SimpleCommand[] {
  const result = parse(line);
  if (!result.ok) throw new Error(result.message);
  return result.list.flatMap((andOr) => [andOr.first, ...andOr.rest.map((r) => r.pipeline)].flat());
}

const words = (line: string) => commands(line).map((c) => c.words.map(text));

describe('phone shell syntax', () => {
  it('keeps double-quoted text as one word', () => {
    expect(words('echo "2 2" > /d/fsw/switch')).toEqual([['echo', '2 2']]);
  });

  it('takes single quotes literally, $ included', () => {
    expect(words(`echo 'a  $? "b"'`)).toEqual([['echo', 'a  $? "b"']]);
  });

  it('expands $? inside double quotes but not inside single quotes', () => {
    expect(words(`echo "s=$?" 's=$?'`)).toEqual([['echo', 's=<$?>', 's=$?']]);
  });

  it('joins adjacent quoted and bare pieces into one word', () => {
    expect(words(`echo 0x"80"'00'0000`)).toEqual([['echo', '0x80000000']]);
  });

  it('handles backslash escapes outside and inside double quotes', () => {
    expect(words(String.raw`echo a\ b "c\"d" "e\n"`)).toEqual([['echo', 'a b', 'c"d', 'e\\n']]);
  });

  it('reads a redirection with its target, and fd duplication', () => {
    const [command] = commands('cat /x > /tmp/y 2>&1');
    expect(command!.redirects.map((r) => [r.fd, r.op, text(r.target)])).toEqual([
      [1, '>', '/tmp/y'],
      [2, '>&', '1'],
    ]);
  });

  it('reads >> as append', () => {
    expect(commands('echo x >> /f')[0]!.redirects[0]!.op).toBe('>>');
  });

  it('splits lists on ; && || and newlines', () => {
    const result = parse('a; b && c || d\ne');
    expect(result.ok && result.list.map((l) => [text(l.first[0]!.words[0]!), ...l.rest.map((r) => `${r.op}${text(r.pipeline[0]!.words[0]!)}`)])).toEqual([['a'], ['b', '&&c', '||d'], ['e']]);
  });

  it('marks a trailing & as a background job', () => {
    const result = parse('nohup sh /data/local/tmp/run.sh &');
    expect(result.ok && result.list[0]!.background).toBe(true);
  });

  it('says an open quote is incomplete (the terminal asks for more)', () => {
    expect(parse('echo "abc')).toMatchObject({ ok: false, incomplete: true });
  });

  it('refuses an operator with nothing before it', () => {
    expect(parse('&& ls')).toMatchObject({ ok: false, incomplete: false });
  });

  it('marks unquoted * and ? as patterns, quoted ones as text', () => {
    const [command] = commands(`ls /sys/memory* "a*" 'b?'`);
    expect(command!.words.map((w) => w.map((p) => p.kind))).toEqual([['text'], ['text', 'glob'], ['text'], ['text']]);
  });

  it('ignores comments', () => {
    expect(words('echo a # not this')).toEqual([['echo', 'a']]);
  });
});
