import type { Errno, FileResult } from './device-backend';
import { FSW } from './fsw-page';
import type { Instance } from './instance';
import { KERN } from './kernel-log';
import { hex8 } from './log-formats';
import { CMM } from './memory-blocks';
import type { PendingRequest, PhoneModel } from './phone-model';

/**
 * The `fsw-notes` control interface: the section ownership table, memory
 * requests with the round-robin claim, free_boot and TERMINATE, as the
 * author's notes describe them (Sept–Oct 2012). No code of it is public:
 * the file names, write syntax and errnos are OUR RECONSTRUCTION, documented
 * in docs/fsw-notes-interface.md.
 */

type Claim = NonNullable<PendingRequest['claim']>;

interface NotesFile {
  mode: number;
  read?: (inst: Instance) => string;
  write?: (inst: Instance, text: string) => FileResult<void>;
}

const ok: FileResult<void> = { ok: true, value: undefined };
const fail = (errno: Errno): FileResult<never> => ({ ok: false, errno });

export class FswNotes {
  /** claim_instance / claim_count / claim_start of the table's header. */
  claim: Claim | null = null;
  cmmCopyAddress = 0;

  constructor(private readonly model: PhoneModel) {
    model.continueClaim = (inst, claim) => this.visit(inst, claim);
  }

  register(add: (path: string, f: NotesFile) => void, dir: string): void {
    add(`${dir}/cst`, { mode: 0o444, read: () => this.table() });
    add(`${dir}/mem_request`, { mode: 0o222, write: (inst, text) => this.memRequest(inst, text) });
    add(`${dir}/free_boot`, { mode: 0o222, write: (inst, text) => this.freeBoot(inst, text) });
    add(`${dir}/cmm`, {
      mode: 0o222,
      write: (_inst, text) => {
        const m = /^\s*(?:0x)?([0-9a-fA-F]{1,8})\s*$/.exec(text);
        if (!m || !m[1]) return fail('EINVAL');
        this.cmmCopyAddress = parseInt(m[1], 16);
        return ok;
      },
    });
  }

  /** The notes corrected switches to absent instances ("we can switch savagely", N:oct L254). */
  checkSwitch(inst: Instance, mode: number, target: number): Errno | null {
    if (this.claim) return 'EBUSY';
    const t = this.model.instance(target);
    if (mode === FSW.MODE.BOOT) {
      if (target === 1) return 'EINVAL';
      if (t && t.status !== 'absent') return 'EBUSY';
    }
    if (mode === FSW.MODE.SUSPEND && (!t || t.status === 'absent')) return 'EINVAL';
    if (mode === FSW.MODE.TERMINATE && (inst.isMaster || target !== 1)) return 'EINVAL';
    return null;
  }

  /** `/d/fsw/cst`: the claim header, then one line per RAM section. */
  private table(): string {
    const c = this.claim;
    const lines = [`claim_instance: ${c?.requester ?? 0}`, `claim_count: ${c?.remaining ?? 0}`, `claim_start: ${hex8(c?.start ?? 0)}`, 'section start      owner flags'];
    for (const b of this.model.memory.blocks.values()) {
      if (b.info.fixedOwner === 'reserved') continue;
      const flags = Object.entries({ AVAILABLE: CMM.AVAILABLE, RELEASE_ORDER: CMM.RELEASE_ORDER, RELEASED: CMM.RELEASED, REQUESTED: CMM.REQUESTED, CLAIMED: CMM.CLAIMED })
        .filter(([, bit]) => b.flags & bit)
        .map(([n]) => n);
      const owner = b.owner === CMM.SHARED ? 'shared' : String(b.owner);
      lines.push(`${String(b.info.index).padEnd(7)} ${hex8(b.info.start)} ${owner.padEnd(5)} ${flags.join('|') || '-'}`);
    }
    return `${lines.join('\n')}\n`;
  }

  /** `COUNT [START]`: take what is free now, ask the sleeping instances for the rest. */
  private memRequest(inst: Instance, text: string): FileResult<void> {
    const m = /^\s*(\d+)(?:\s+(?:0x)?([0-9a-fA-F]{1,8}))?\s*$/.exec(text);
    if (!m || !m[1]) return fail('EINVAL');
    const count = Number(m[1]);
    const start = m[2] ? parseInt(m[2], 16) : 0;
    const memory = this.model.memory;
    if (count < 1 || count > memory.sections.length) return fail('EINVAL');
    if (this.claim || this.model.pending) return fail('EBUSY');
    const size = this.model.profile.sectionSize;
    const inRange = (index: number) => (start === 0 ? true : index * size >= start && index * size < start + count * size);
    let remaining = count;
    // free, ownerless AVAILABLE sections are taken first (N:sep L733-748)
    for (const b of memory.blocks.values()) {
      if (remaining === 0) break;
      if (b.owner === 0 && b.flags & CMM.AVAILABLE && b.onlineIn.size === 0 && inRange(b.info.index) && memory.knows(inst.id, b.info.index)) {
        if (memory.online(inst.id, b.info.index).ok) remaining--;
      }
    }
    if (remaining === 0) {
      this.model.print(inst, KERN.INFO, `Fastswitch: [mem_request] ${count} free sections claimed`);
      this.model.changed();
      return ok;
    }
    const target = this.nextInstance(inst.id, [inst.id]);
    if (target === null) {
      this.model.print(inst, KERN.INFO, `Fastswitch: [mem_request] ${remaining} sections missing and no sleeping instance to ask`);
      this.model.changed();
      return fail('ENOMEM');
    }
    for (const b of memory.blocks.values()) {
      if (b.owner !== 0 && b.owner !== CMM.SHARED && b.owner !== inst.id && b.flags & CMM.AVAILABLE && inRange(b.info.index) && memory.knows(inst.id, b.info.index)) {
        b.flags |= CMM.REQUESTED;
      }
    }
    this.claim = { requester: inst.id, remaining, start, visited: [inst.id] };
    this.model.print(inst, KERN.INFO, `Fastswitch: [mem_request] ${remaining} sections requested, asking instance ${target}`);
    this.model.fsw.requestClaim(inst, this.claim, target);
    return ok;
  }

  /** Round-robin up to FSW_INST_MAX over sleeping instances not yet visited. */
  private nextInstance(from: number, visited: number[]): number | null {
    for (let k = 1; k <= FSW.INST_MAX; k++) {
      const id = ((from - 1 + k) % FSW.INST_MAX) + 1;
      const t = this.model.instance(id);
      if (t && t.status === 'sleeping' && !visited.includes(id)) return id;
    }
    return null;
  }

  /** An instance resumed inside a claim round (N:sep L567-641). */
  private visit(inst: Instance, claim: Claim): void {
    const model = this.model;
    const memory = model.memory;
    if (inst.id !== claim.requester) {
      for (const b of memory.blocks.values()) {
        if (claim.remaining === 0) break;
        if (b.owner !== inst.id || !(b.flags & CMM.REQUESTED) || b.info.start < claim.start) continue;
        const r = memory.offline(inst.id, b.info.index, model.fsw.offlineOdds(inst));
        if (r.ok) {
          b.owner = 0;
          b.flags = CMM.AVAILABLE | CMM.RELEASED;
          claim.remaining--;
        } else {
          for (const l of r.log ?? []) model.print(inst, KERN.INFO, l);
        }
      }
      claim.visited.push(inst.id);
      const next = claim.remaining === 0 ? null : this.nextInstance(inst.id, claim.visited);
      const target = next ?? claim.requester;
      model.print(inst, KERN.INFO, `Fastswitch: [claim] ${claim.remaining} left, jumping to instance ${target}`);
      model.fsw.requestClaim(inst, claim, target);
      return;
    }
    // the requester resumes last, whatever the outcome, and claims what was released
    let claimed = 0;
    for (const b of memory.blocks.values()) {
      if (b.flags & CMM.RELEASED && b.owner === 0) {
        b.flags |= CMM.CLAIMED;
        if (memory.online(inst.id, b.info.index).ok) claimed++;
      }
      b.flags &= ~(CMM.REQUESTED | CMM.RELEASED | CMM.CLAIMED);
    }
    model.print(inst, KERN.INFO, `Fastswitch: [claim] claimed ${claimed} sections, ${claim.remaining} missing`);
    this.claim = null;
    // the resume path already asked for the screen (request_suspend_state wakeup)
    model.changed();
  }

  /** `START KERNELCORE TOTAL RST`: offline a boot range in one go, or roll back (N:sep L349-351, L505-511). */
  private freeBoot(inst: Instance, text: string): FileResult<void> {
    const f = text.trim().split(/\s+/);
    if (f.length !== 4) return fail('EINVAL');
    const [start, kernelcore, total] = f.slice(0, 3).map(parseSize);
    if (start === null || kernelcore === null || total === null || start === undefined || total === undefined || kernelcore === undefined) return fail('EINVAL');
    const size = this.model.profile.sectionSize;
    if (start % size !== 0 || total % size !== 0 || total === 0 || kernelcore > total) return fail('EINVAL');
    const memory = this.model.memory;
    const done: number[] = [];
    for (let a = start; a < start + total; a += size) {
      const index = a / size;
      // shared sections (ram console, fsw page) stay shared: the child uses them too
      if (memory.get(index)?.owner === CMM.SHARED) continue;
      const r = memory.offline(inst.id, index, this.model.fsw.offlineOdds(inst));
      if (!r.ok) {
        for (const l of r.log ?? []) this.model.print(inst, KERN.INFO, l);
        for (const back of done) {
          const b = memory.get(back)!;
          b.owner = inst.id;
          b.flags = CMM.AVAILABLE;
          memory.online(inst.id, back);
        }
        this.model.print(inst, KERN.INFO, `Fastswitch: [free_boot] section ${index} did not go offline, restored ${done.length}`);
        this.model.changed();
        return fail(r.errno);
      }
      done.push(index);
    }
    for (const index of done) {
      const b = memory.get(index)!;
      b.owner = 0;
      b.flags = 0;
    }
    this.model.print(inst, KERN.INFO, `Fastswitch: [free_boot] ${done.length} sections freed from ${hex8(start)}`);
    this.model.changed();
    return ok;
  }
}

function parseSize(text: string): number | null {
  const m = /^(?:0x([0-9a-fA-F]+)|(\d+)([KMG])?)$/.exec(text);
  if (!m) return null;
  if (m[1]) return parseInt(m[1], 16);
  const mult = m[3] === 'K' ? 1024 : m[3] === 'M' ? 1024 * 1024 : m[3] === 'G' ? 1024 ** 3 : 1;
  return Number(m[2]) * mult;
}
