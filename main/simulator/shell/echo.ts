/**
 * mksh's echo: escapes are on by default; -n, -e, -E count as options only
 * when an argument is made of those letters alone (`echo -nq` prints -nq).
 */
export function echoText(args: string[]): string {
  let newline = true;
  let escapes = true;
  let i = 0;
  for (; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!/^-[neE]+$/.test(arg)) break;
    for (const flag of arg.slice(1)) {
      if (flag === 'n') newline = false;
      else if (flag === 'e') escapes = true;
      else escapes = false;
    }
  }
  const text = args.slice(i).join(' ');
  if (!escapes) return newline ? `${text}\n` : text;
  const { value, stopped } = expandEscapes(text);
  return newline && !stopped ? `${value}\n` : value;
}

const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function expandEscapes(text: string): { value: string; stopped: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1]!;
    if (next === 'c') return { value: out, stopped: true };
    if (simple[next] !== undefined) {
      out += simple[next];
      i += 1;
    } else if (next === '0') {
      const digits = /^[0-7]{0,3}/.exec(text.slice(i + 2))![0];
      out += String.fromCharCode(digits ? parseInt(digits, 8) : 0);
      i += 1 + digits.length;
    } else {
      out += c;
    }
  }
  return { value: out, stopped: false };
}
