/**
 * The shared Fastswitch page at FSW_BASE (fixtures/fastswitch-real.md §1.1)
 * and what the model knows of physical memory contents: the images that
 * load_file copied, so the zImage magic check, the boot loader's overwrite
 * and loads over live memory behave as on the phone.
 */

export const FSW = {
  MAGIC: 0xdeadbeef,
  SKIP: 0xdeadbeef,
  FLAG: 0xdeadbeef,
  BLANK: 0xc0c0c0c0,
  ZIMAGE_MAGIC: 0x016f2818,
  ZIMAGE_MAGIC_OFFSET: 0x24,
  INST_MAX: 3,
  MODE: { NULL: 0, BOOT: 1, SUSPEND: 2, RESUME: 3, TERMINATE: 4 },
  OFF: { magic: 0x00, current: 0x04, target: 0x08, mode: 0x0c, skip: 0x10, allowCore: 0x14, bootPsize: 0x24, bootParam: 0x28 },
  INST_SHIFT: 10,
} as const;

export interface InstancePage {
  bootTags: number[];
  jumpAddress: number[];
}

export interface LoadedImage {
  start: number;
  bytes: Uint8Array;
  nature: string;
  instance: number;
  path: string;
  /** Overwritten since it was loaded (boot loader, another load). */
  clobbered: boolean;
}

export class FswPage {
  magic: number = FSW.MAGIC;
  currentInstance = 1;
  targetInstance = 0;
  switchMode = 0;
  skipWakelock = 0;
  allowCore: number[] = [FSW.BLANK, FSW.BLANK, FSW.BLANK, FSW.BLANK];
  bootParams: Uint8Array = new Uint8Array(0);
  /** Index 0 is the header itself (the hazard of `kernel` with no instance); 1..3 the instance pages. */
  pages: InstancePage[] = [0, 1, 2, 3].map(() => ({ bootTags: [0, 0, 0, 0], jumpAddress: [0, 0, 0, 0] }));
  images: LoadedImage[] = [];

  constructor(readonly base: number) {}

  /** fsw_init at every boot (K:fast_switch.c L451-477). */
  resetOnBoot(): void {
    this.magic = FSW.MAGIC;
    this.targetInstance = 0;
    this.switchMode = FSW.MODE.NULL;
    this.skipWakelock = 0;
    this.allowCore = [FSW.BLANK, FSW.BLANK, FSW.BLANK, FSW.BLANK];
  }

  /** A cold boot (power on): RAM content is gone. */
  wipe(): void {
    this.resetOnBoot();
    this.currentInstance = 1;
    this.pages = [0, 1, 2, 3].map(() => ({ bootTags: [0, 0, 0, 0], jumpAddress: [0, 0, 0, 0] }));
    this.images = [];
  }

  /** load_file's copy: later copies over the same bytes clobber earlier ones. */
  load(image: Omit<LoadedImage, 'clobbered'>): void {
    const end = image.start + roundUpPage(image.bytes.length);
    for (const other of this.images) {
      if (other.start < end && image.start < other.start + other.bytes.length) other.clobbered = true;
    }
    this.images = this.images.filter((o) => !(o.start === image.start && o.clobbered));
    this.images.push({ ...image, clobbered: false });
  }

  /** Does physical memory at `address` hold an intact zImage (magic 0x016F2818 at +0x24)? */
  zImageAt(address: number): boolean {
    const img = this.images.find((i) => i.start === address && !i.clobbered);
    if (!img || img.bytes.length < FSW.ZIMAGE_MAGIC_OFFSET + 4) return false;
    const b = img.bytes;
    const o = FSW.ZIMAGE_MAGIC_OFFSET;
    const word = (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
    return word === FSW.ZIMAGE_MAGIC;
  }

  /** The boot loader writes its ranges on a warm reset. */
  overwrite(start: number, size: number): LoadedImage[] {
    const hit: LoadedImage[] = [];
    for (const img of this.images) {
      if (!img.clobbered && img.start < start + size && start < img.start + img.bytes.length) {
        img.clobbered = true;
        hit.push(img);
      }
    }
    return hit;
  }

  /** Physical memory read for the /dev/mem tool: the header words; other addresses read 0. */
  readWord(address: number): number | null {
    const off = address - this.base;
    if (off < 0 || off >= 0x1000) return null;
    const inst = off >> FSW.INST_SHIFT;
    if (inst >= 1 && inst <= 3) {
      const page = this.pages[inst]!;
      const rel = off & 0x3ff;
      if (rel < 0x10) return page.bootTags[rel >> 2] ?? 0;
      if (rel < 0x20) return page.jumpAddress[(rel - 0x10) >> 2] ?? 0;
      return 0;
    }
    switch (off) {
      case FSW.OFF.magic: return this.magic;
      case FSW.OFF.current: return this.currentInstance;
      case FSW.OFF.target: return this.targetInstance;
      case FSW.OFF.mode: return this.switchMode;
      case FSW.OFF.skip: return this.skipWakelock;
      case FSW.OFF.bootPsize: return this.bootParams.length;
      default:
        if (off >= FSW.OFF.allowCore && off < FSW.OFF.allowCore + 16) return this.allowCore[(off - FSW.OFF.allowCore) >> 2] ?? 0;
        if (off >= FSW.OFF.bootParam && off < FSW.OFF.bootParam + this.bootParams.length) {
          const p = off - FSW.OFF.bootParam;
          const b = this.bootParams;
          return ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16) | ((b[p + 3] ?? 0) << 24)) >>> 0;
        }
        return 0;
    }
  }

  /** Physical memory write for the /dev/mem tool. */
  writeWord(address: number, value: number): boolean {
    const off = address - this.base;
    if (off < 0 || off >= 0x1000) return false;
    const v = value >>> 0;
    const inst = off >> FSW.INST_SHIFT;
    if (inst >= 1 && inst <= 3) {
      const page = this.pages[inst]!;
      const rel = off & 0x3ff;
      if (rel < 0x10) page.bootTags[rel >> 2] = v;
      else if (rel < 0x20) page.jumpAddress[(rel - 0x10) >> 2] = v;
      return true;
    }
    switch (off) {
      case FSW.OFF.magic: this.magic = v; break;
      case FSW.OFF.current: this.currentInstance = v; break;
      case FSW.OFF.target: this.targetInstance = v; break;
      case FSW.OFF.mode: this.switchMode = v; break;
      case FSW.OFF.skip: this.skipWakelock = v; break;
      default:
        if (off >= FSW.OFF.allowCore && off < FSW.OFF.allowCore + 16) this.allowCore[(off - FSW.OFF.allowCore) >> 2] = v;
    }
    return true;
  }
}

export function roundUpPage(n: number): number {
  return Math.ceil(n / 4096) * 4096;
}
