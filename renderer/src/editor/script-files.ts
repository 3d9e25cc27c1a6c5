/**
 * Opening and saving `.fsw` files without a file API on the service: a file
 * input reads a file the person picks, and saving is a download of the text
 * (in Electron a download opens the save dialog). Neither gives the service
 * a path, so a script opened this way resolves its `load` paths against the
 * service's working folder.
 */

export const MAX_SCRIPT_BYTES = 1_000_000;

export function pickScriptFile(): Promise<{ name: string; text: string } | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.fsw,text/plain';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      if (file.size > MAX_SCRIPT_BYTES) return reject(new Error(`${file.name} is ${file.size} bytes; scripts are limited to ${MAX_SCRIPT_BYTES} bytes`));
      file.text().then((text) => resolve({ name: file.name, text }), reject);
    });
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/** Offers text as a file download (a script, or a session export). */
export function downloadText(name: string, text: string, mimeType = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, so the download has its data.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A script name as a file name ending in .fsw. */
export function scriptFileName(name: string): string {
  const base = name.trim().replace(/[\\/:*?"<>|]+/g, '-') || 'script';
  return base.endsWith('.fsw') ? base : `${base}.fsw`;
}
