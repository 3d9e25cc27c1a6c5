/**
 * The shell works on byte strings (one char per byte, as latin1), so a file
 * passes through `cat` and redirections unchanged, as on the phone
 * (`cat /d/fsw/instance_atags > /sdcard/atags` copies binary ATAGs).
 */
export function bytesToText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function textToBytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** A JS string from the backend (properties, kernel log) as the bytes the phone would print: UTF-8. */
export function fromUnicode(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}
