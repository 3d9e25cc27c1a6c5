import { FSW } from './fsw-page';
import type { GroundTruthRecord } from './ground-truth';
import type { Instance } from './instance';
import { KERN } from './kernel-log';
import { hex8, ptr } from './log-formats';
import type { PendingRequest, PhoneModel } from './phone-model';
import { runBoot } from './boot-sequence';
import { runResume } from './resume-sequence';
import type { SwitchDecision } from './suspend-sequence';

/**
 * The Fastswitch side of the kernel (K: fast_switch.c, suspend.c, head.S):
 * switch requests, load_file's copy, suspend_enter's checks, the hand-over,
 * the warm reset into a child, and the resumed side's bookkeeping.
 */
export class FastswitchKernel {
  constructor(private readonly model: PhoneModel) {}

  /** Set while a TERMINATE hand-over is on its way: the instance that ends. */
  terminated: Instance | null = null;

  /** A write to /d/fsw/switch was accepted: the screen goes dark now, the jump waits for the next suspend. */
  requestSwitch(inst: Instance, mode: number, target: number): void {
    const now = this.model.now();
    const line = 'Fastswitch: [switch] trying suspend';
    this.model.print(inst, KERN.INFO, line);
    const kind = mode === FSW.MODE.BOOT ? 'boot' : 'switch';
    const modeName = mode === FSW.MODE.BOOT ? 'boot' : mode === FSW.MODE.TERMINATE ? 'terminate' : 'suspend';
    const toName = this.model.instances.get(target)?.name ?? null;
    if (this.model.pending) {
      const r = this.model.pending.record;
      r.kind = kind;
      r.mode = modeName;
      r.to = target;
      r.toName = toName;
      this.model.truth.anomaly(r, 'request replaced by a newer one before the suspend');
    } else {
      const record = this.model.truth.open({ kind, mode: modeName, from: inst.id, to: target, fromName: inst.name, toName });
      this.model.truth.mark(record, 'request', { atMs: now, instance: inst.id, printk: inst.log.clock.seconds(now), line });
      this.model.pending = { record };
    }
    const wasOff = inst.requestedState === 3;
    this.model.power.requestSuspendState(inst, 3);
    if (wasOff && !inst.wakelocks.isActive('main', this.model.kernelMs(inst))) this.model.power.scheduleSuspendWork(0);
  }

  /** A memory-request round (fsw-notes) waits for its suspend like a switch. */
  requestClaim(inst: Instance, claim: NonNullable<PendingRequest['claim']>, target: number): void {
    this.model.page.targetInstance = target;
    this.model.page.switchMode = FSW.MODE.SUSPEND;
    this.requestSwitch(inst, FSW.MODE.SUSPEND, target);
    if (this.model.pending) {
      this.model.pending.claim = claim;
      this.model.pending.record.kind = 'section-transfer';
      this.model.pending.record.mode = 'mem-request';
    }
  }

  /** load_file's copy into physical memory: refused only where ioremap refuses (the running kernel's own lowmem). */
  loadImage(inst: Instance, addr: number, bytes: Uint8Array, nature: string, instance: number, path: string): { ok: true; value: undefined } | { ok: false; errno: 'EINVAL' } {
    const size = this.model.profile.sectionSize;
    const first = Math.floor(addr / size);
    const last = Math.floor((addr + Math.max(bytes.length, 1) - 1) / size);
    for (let i = first; i <= last; i++) {
      if (this.model.memory.isCore(inst.id, i) && this.model.memory.isOnline(inst.id, i)) return { ok: false, errno: 'EINVAL' };
    }
    const ramEnd = this.model.profile.ram.base + this.model.profile.ram.size;
    if (addr >= this.model.profile.ram.base && addr < ramEnd) {
      this.model.page.load({ start: addr, bytes, nature, instance, path });
      for (let i = first; i <= last; i++) {
        const b = this.model.memory.get(i);
        if (!b || b.info.fixedOwner === 'shared' || b.info.fixedOwner === 'reserved') continue;
        // the notes' Oct 12 bug: no check that the memory is free
        for (const id of b.onlineIn) {
          const victim = this.model.instances.get(id);
          if (victim) this.corrupt(victim, `load_file wrote ${path} over section ${i}, still online in ${victim.name}`);
        }
      }
    }
    if (instance <= FSW.INST_MAX && instance >= 0) {
      // instance 0's "page" is the header itself: `kernel` with no instance lands on skip_wakelock
      const pageBase = this.model.page.base + (instance << FSW.INST_SHIFT);
      if (nature === 'kernel') this.model.page.writeWord(pageBase + 0x10, addr);
      else if (nature === 'param') this.model.page.writeWord(pageBase, addr);
    }
    this.model.changed();
    return { ok: true, value: undefined };
  }

  /** Odds that offlining a movable block fails: low, until the instance runs short of memory. */
  offlineOdds(inst: Instance): { busy: number; timeout: number } {
    const left = this.model.memory.onlineMovable(inst.id);
    return { busy: left <= 3 ? 0.25 : 0.02, timeout: left <= 3 ? 0.05 : 0.005 };
  }

  /**
   * suspend_enter()'s Fastswitch checks (K:suspend.c L145-261), made when the
   * devices are suspended: switch, boot, or an ordinary suspend.
   */
  decide(): SwitchDecision {
    const p = this.model.page;
    const [lo, hi] = this.model.profile.jumpLimits;
    const mode = p.switchMode;
    const target = p.targetInstance;
    const inRange = (a: number) => a >= lo && a <= hi;
    const paramsAt = ptr(0xfe000000 + (target << FSW.INST_SHIFT));
    const skipped = (lines: string[]): SwitchDecision => {
      p.switchMode = FSW.MODE.NULL;
      return { kind: 'skip', lines };
    };
    if (mode === FSW.MODE.BOOT) {
      if (target < 2 || target > FSW.INST_MAX) return skipped([`Fastswitch: boot mode, specify an instance number (read ${target})`]);
      const page = p.pages[target]!;
      const lines = [`Fastswitch: boot mode, instance ${target} (params at ${paramsAt})`];
      const z = page.jumpAddress[0] ?? 0;
      if (!inRange(z)) {
        page.jumpAddress[0] = FSW.BLANK;
        return skipped([...lines, `Fastswitch: zImage address [${hex8(z)}] is out of limits`]);
      }
      if (!p.zImageAt(z)) return skipped([...lines, `Fastswitch: Failed to find magic number for zImage [${hex8(z)}]`]);
      p.allowCore[0] = FSW.FLAG;
      return { kind: 'boot', target, lines: [...lines, `Fastswitch: Found zImage at [${hex8(z)}], ready to switch-boot`] };
    }
    if (mode === FSW.MODE.SUSPEND || mode === FSW.MODE.TERMINATE) {
      if (target < 1 || target > FSW.INST_MAX) return skipped([`Fastswitch: switch-suspend mode, specify an instance number (read ${target})`]);
      const page = p.pages[target]!;
      const lines = [`Fastswitch: switch-suspend mode, boot instance ${target.toString(16)} (params at ${paramsAt})`];
      const j = page.jumpAddress[0] ?? 0;
      if (!inRange(j)) return skipped([...lines, `Fastswitch: core0 switch address [${hex8(j)}] is out of limits`]);
      for (let c = 0; c < this.model.profile.cpus; c++) p.allowCore[c] = FSW.FLAG;
      return { kind: mode === FSW.MODE.TERMINATE ? 'terminate' : 'switch', target, lines: [...lines, `Fastswitch: ready to switch-suspend to instance ${target}`] };
    }
    return { kind: 'none', lines: ['Fastswitch: no switch detected'] };
  }

  /** After the hand-over the target kernel's resume address runs. A target that is not there hangs the phone. */
  handOver(from: Instance, decision: SwitchDecision, record: GroundTruthRecord): void {
    const t = this.model.profile.timing;
    from.log.clock.stop(this.model.now());
    from.sleptAtWallMs = this.model.wallMs();
    from.status = 'sleeping';
    this.model.phase = 'handover';
    this.model.changed();
    if (decision.kind === 'boot') {
      this.model.after(this.model.rng.spread(t.bootloaderMs), () => this.warmReset(decision.target, record));
      return;
    }
    if (decision.kind === 'switch' || decision.kind === 'terminate') {
      const to = this.model.instances.get(decision.target);
      const delay = this.model.rng.spread(t.handoverMs);
      if (!to || (to.status !== 'sleeping' && to !== from)) {
        // jumping to an address no kernel sleeps at: the phone hangs until the watchdog resets it
        this.model.truth.anomaly(record, `switch to instance ${decision.target}, which is not loaded: phone hung`);
        this.model.after(delay + 30_000, () => {
          this.model.truth.close(record, 'failed');
          this.model.inFlight = null;
          this.model.powerOff('reboot');
        });
        return;
      }
      if (decision.kind === 'terminate') this.terminated = from;
      this.model.after(delay, () => runResume(this.model, to, from, record, 'switch'));
      return;
    }
    // an ordinary suspend: the platform really sleeps until something wakes it
    this.model.phase = 'asleep';
    this.model.changed();
    const alarm = this.model.rng.spread([20_000, 45_000, 120_000]);
    this.model.wakeTimer = this.model.after(alarm, () => this.model.wake(from, 'IRQ 36, rtc_twl6030', false));
  }

  /** BOOT: warm reset through the boot loader, then the master's zImage head jumps to the child. */
  warmReset(target: number, record: GroundTruthRecord): void {
    for (const r of this.model.profile.bootloaderRanges) {
      for (const img of this.model.page.overwrite(r.start, r.size)) {
        this.model.truth.anomaly(record, `boot loader overwrote ${img.path} at ${hex8(img.start)} (${r.name})`);
      }
    }
    const page = this.model.page.pages[target]!;
    const z = page.jumpAddress[0] ?? 0;
    const child = this.model.instances.get(target);
    if (this.model.page.magic !== FSW.MAGIC || this.model.page.switchMode !== FSW.MODE.BOOT || !this.model.page.zImageAt(z) || !child) {
      // the decompressor finds nothing to jump to: the master boots afresh, and every sleeping instance is lost
      this.model.truth.anomaly(record, 'no zImage at the jump address after the reset: the master booted afresh, sleeping instances lost');
      this.model.truth.close(record, 'failed');
      this.model.inFlight = null;
      for (const i of this.model.instances.values()) {
        i.status = 'absent';
        this.model.memory.forget(i.id);
      }
      this.model.memory.bootMaster();
      this.model.page.wipe();
      runBoot(this.model, this.model.instances.get(1)!, null);
      return;
    }
    this.model.page.allowCore[0] = FSW.BLANK;
    runBoot(this.model, child, record);
  }

  /** The resumed kernel's Fastswitch bookkeeping (K:suspend.c L317-349). */
  switchedIn(to: Instance, from: Instance): void {
    this.model.page.currentInstance = to.id;
    this.model.page.targetInstance = 0;
    this.model.page.switchMode = 0;
    for (let c = 0; c < 4; c++) this.model.page.allowCore[c] = FSW.BLANK;
    if (this.terminated === from && from !== to) {
      this.model.memory.forget(from.id);
      this.claimTerminated(to);
      from.status = 'absent';
      this.terminated = null;
    }
    if (!this.model.inFlightClaim || this.model.inFlightClaim.requester === to.id) this.model.power.requestSuspendStateQuiet(to, 0);
  }

  /** TERMINATE: the master takes back every section the ended instance owned (fsw-notes). */
  claimTerminated(master: Instance): void {
    for (const b of this.model.memory.blocks.values()) {
      if (b.info.fixedOwner === null && b.owner === 0 && b.onlineIn.size === 0 && this.model.memory.knows(master.id, b.info.index)) {
        this.model.memory.online(master.id, b.info.index);
      }
    }
  }

  /** Memory of `inst` was overwritten or is used twice: it reports it when it next runs. */
  corrupt(inst: Instance, reason: string): void {
    if (!inst.corrupted) inst.corrupted = reason;
    const r = this.model.inFlight ?? this.model.pending?.record ?? this.model.truth.lastRecord();
    if (r) this.model.truth.anomaly(r, `memory corruption in ${inst.name}: ${reason}`);
    if (inst === this.model.current && (this.model.phase === 'awake' || this.model.phase === 'booting')) {
      this.model.after(this.model.rng.spread([200, 800, 3000]), () => this.reportCorruption(inst));
    }
  }

  /** How a kernel notices that its pages were overwritten. */
  reportCorruption(inst: Instance): void {
    if (!inst.corrupted || inst !== this.model.current || (this.model.phase !== 'awake' && this.model.phase !== 'booting')) return;
    const pfn = (0x90000 + this.model.rng.int(0, 0x15fff)).toString(16);
    this.model.print(inst, KERN.ALERT, `BUG: Bad page state in process system_server  pfn:${pfn}`);
    this.model.print(inst, KERN.ALERT, `page:c${this.model.rng.int(0x1000000, 0x1ffffff).toString(16)} count:0 mapcount:0 mapping:  (null) index:0x0`);
    this.model.print(inst, KERN.ALERT, 'page flags: 0x0()');
    inst.corrupted = null;
  }
}
