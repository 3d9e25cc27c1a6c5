import type { ControlInterfaceKind, PlatformProfile } from '../../common/profile/platform-profile';
import { deriveSections, type SectionInfo } from '../../common/profile/section-map';
import type { Errno } from './device-backend';
import type { RandomSource } from './random-source';

/**
 * The 16 MiB memory blocks: which instance has each online, and under
 * `fsw-notes` the shared ownership table (CMM/CST) of the author's notes:
 * low byte owner (0 none, N instance, 0xFF shared), high bits flags.
 */
export const CMM = {
  OWNER_MASK: 0xff,
  SHARED: 0xff,
  AVAILABLE: 0x100,
  RELEASE_ORDER: 0x200,
  RELEASED: 0x400,
  REQUESTED: 0x800,
  CLAIMED: 0x1000,
} as const;

export interface Block {
  info: SectionInfo;
  onlineIn: Set<number>;
  /** Owner byte of the table (kept under fsw-2012 too, as what the model knows). */
  owner: number;
  flags: number;
}

export type BlockChange = { ok: true } | { ok: false; errno: Errno; log?: string[] };

export interface OfflineOdds {
  busy: number;
  timeout: number;
}

export class MemoryBlocks {
  readonly blocks = new Map<number, Block>();
  readonly sections: SectionInfo[];
  /** Sections each instance's kernel registered at boot (its memoryN directories). */
  private known = new Map<number, Set<number>>();
  /** Kernelcore (unmovable) sections of each instance. */
  private cores = new Map<number, Set<number>>();

  constructor(
    private readonly profile: PlatformProfile,
    readonly kind: ControlInterfaceKind,
    private readonly rng: RandomSource,
  ) {
    this.sections = deriveSections(profile);
    for (const info of this.sections) {
      this.blocks.set(info.index, { info, onlineIn: new Set(), owner: info.fixedOwner === 'shared' ? CMM.SHARED : 0, flags: 0 });
    }
  }

  get(index: number): Block | undefined {
    return this.blocks.get(index);
  }

  /** The master's cold boot: every RAM section online in it, movable ones claimable. */
  bootMaster(): void {
    this.known.clear();
    this.cores.clear();
    const known = new Set<number>();
    const core = new Set<number>();
    for (const b of this.blocks.values()) {
      b.onlineIn.clear();
      b.flags = 0;
      const f = b.info.fixedOwner;
      if (f === 'reserved') {
        b.owner = 0;
        continue;
      }
      b.onlineIn.add(1);
      if (f === 'shared') {
        b.owner = CMM.SHARED;
      } else {
        b.owner = 1;
        if (f === null) b.flags = CMM.AVAILABLE;
        else core.add(b.info.index);
      }
      if (b.info.inSysfs) known.add(b.info.index);
    }
    this.known.set(1, known);
    this.cores.set(1, core);
  }

  /**
   * A child boots on `mem=SIZE@START`. Under fsw-2012 it simply uses every
   * RAM section of that range (whoever else has it online); under fsw-notes
   * it takes only what the table leaves it and offlines the rest.
   * Returns the instances whose memory the child now also uses.
   */
  bootChild(id: number, start: number, size: number, kernelcoreBytes: number): { collisions: Set<number>; owned: number[] } {
    const known = new Set<number>();
    const core = new Set<number>();
    const collisions = new Set<number>();
    const owned: number[] = [];
    const first = Math.floor(start / this.profile.sectionSize);
    const last = Math.ceil((start + size) / this.profile.sectionSize) - 1;
    const coreLast = first + Math.ceil(kernelcoreBytes / this.profile.sectionSize) - 1;
    for (const b of this.blocks.values()) {
      b.onlineIn.delete(id);
      if (b.owner === id) {
        b.owner = 0;
        b.flags &= ~CMM.AVAILABLE;
      }
    }
    for (let i = first; i <= last; i++) {
      const b = this.blocks.get(i);
      if (!b || b.info.fixedOwner === 'reserved') continue;
      if (b.info.fixedOwner === 'shared') {
        b.onlineIn.add(id);
        if (b.info.inSysfs) known.add(i);
        continue;
      }
      if (this.kind === 'fsw-notes' && b.owner !== 0) {
        // someone else's: the child registers it but keeps it offline
        if (b.info.inSysfs) known.add(i);
        continue;
      }
      for (const other of b.onlineIn) if (other !== id) collisions.add(other);
      b.onlineIn.add(id);
      b.owner = id;
      b.flags = i <= coreLast ? 0 : CMM.AVAILABLE;
      if (i <= coreLast) core.add(i);
      if (b.info.inSysfs) known.add(i);
      owned.push(i);
    }
    if (this.kind === 'fsw-notes') {
      // paper §3: every instance maps all the memory it may ever use and keeps what is not its own offline
      for (const b of this.blocks.values()) if (b.info.start >= start && b.info.inSysfs && b.info.fixedOwner !== 'reserved') known.add(b.info.index);
    }
    this.known.set(id, known);
    this.cores.set(id, core);
    return { collisions, owned };
  }

  /** An instance disappears (power-off, terminate): its memory is online nowhere. */
  forget(id: number): void {
    for (const b of this.blocks.values()) {
      b.onlineIn.delete(id);
      if (b.owner === id) {
        b.owner = 0;
        b.flags = CMM.AVAILABLE;
      }
    }
    this.known.delete(id);
    this.cores.delete(id);
  }

  knows(id: number, index: number): boolean {
    return this.known.get(id)?.has(index) ?? false;
  }

  knownBy(id: number): number[] {
    return [...(this.known.get(id) ?? [])].sort((a, b) => a - b);
  }

  isCore(id: number, index: number): boolean {
    return this.cores.get(id)?.has(index) ?? false;
  }

  isOnline(id: number, index: number): boolean {
    return this.blocks.get(index)?.onlineIn.has(id) ?? false;
  }

  /** `echo offline > memoryN/state` in instance `id`. */
  offline(id: number, index: number, odds: OfflineOdds): BlockChange {
    const b = this.blocks.get(index);
    if (!b) return { ok: false, errno: 'ENOENT' };
    if (!b.onlineIn.has(id)) return { ok: false, errno: 'EINVAL' };
    if (this.kind === 'fsw-notes') {
      // N:sep L543-564: only the owner may offline; shared never
      if (b.owner !== id) return { ok: false, errno: 'EPERM' };
    }
    const failed = (errno: Errno): BlockChange => ({ ok: false, errno, log: [offliningFailed(b.info)] });
    if (b.info.fixedOwner !== null || this.isCore(id, index)) return failed('EBUSY');
    const roll = this.rng.float();
    if (roll < odds.timeout) return failed('EAGAIN');
    if (roll < odds.timeout + odds.busy) return failed('EBUSY');
    b.onlineIn.delete(id);
    if (this.kind === 'fsw-notes') {
      if (b.flags & CMM.AVAILABLE) {
        b.owner = 0;
        b.flags = (b.flags & ~(CMM.REQUESTED | CMM.CLAIMED)) | CMM.AVAILABLE;
      }
    } else if (b.onlineIn.size === 0) {
      b.owner = 0;
    }
    return { ok: true };
  }

  /** `echo online > memoryN/state` in instance `id`. Returns the instances it now collides with (fsw-2012 has no check). */
  online(id: number, index: number): BlockChange & { collisions?: number[] } {
    const b = this.blocks.get(index);
    if (!b) return { ok: false, errno: 'ENOENT' };
    if (b.onlineIn.has(id)) return { ok: false, errno: 'EINVAL' };
    if (this.kind === 'fsw-notes') {
      const ownerless = b.owner === 0;
      const mine = b.owner === id;
      if (b.owner === CMM.SHARED) return { ok: false, errno: 'EPERM' };
      if (!mine && !(ownerless && b.flags & CMM.AVAILABLE)) return { ok: false, errno: 'EPERM' };
      b.onlineIn.add(id);
      b.owner = id;
      b.flags = (b.flags | CMM.AVAILABLE) & ~(CMM.REQUESTED | CMM.RELEASED | CMM.CLAIMED);
      if (this.isCore(id, index)) b.flags &= ~CMM.AVAILABLE;
      return { ok: true };
    }
    const collisions = [...b.onlineIn].filter((o) => o !== id);
    b.onlineIn.add(id);
    b.owner = id;
    return { ok: true, collisions };
  }

  /** Online movable sections of an instance (what memory pressure depends on). */
  onlineMovable(id: number): number {
    let n = 0;
    for (const b of this.blocks.values()) if (b.onlineIn.has(id) && b.info.fixedOwner === null && !this.isCore(id, b.info.index)) n++;
    return n;
  }
}

function offliningFailed(info: SectionInfo): string {
  const pfn = (addr: number) => (addr / 4096).toString(16);
  return `memory offlining ${pfn(info.start)} to ${pfn(info.start + info.size)} failed`;
}
