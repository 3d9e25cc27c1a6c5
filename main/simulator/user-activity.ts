import type { GroundTruthRecord } from './ground-truth';
import type { Instance } from './instance';
import { KERN } from './kernel-log';
import type { PhoneModel } from './phone-model';
import type { Activity } from './scenario';

/**
 * What the user does in each instance (screen, wifi, audio, camera), the
 * wakelocks that holds, and the device state that leaks from one instance
 * to the next because some devices stay powered across suspend (paper §4,
 * notes §4.1 and §4.8).
 */
export class UserActivity {
  constructor(private readonly model: PhoneModel) {}

  trafficRunning = false;

  trafficEndsAt: number | null = null;

  blockedByUser(inst: Instance): boolean {
    const k = this.model.kernelMs(inst);
    return inst.wakelocks.isActive(this.model.profile.wakelocks.audio, k) || inst.wakelocks.isActive(this.model.profile.wakelocks.userspace, k);
  }

  releaseUserLocks(inst: Instance): void {
    const k = this.model.kernelMs(inst);
    for (const name of [this.model.profile.wakelocks.audio, this.model.profile.wakelocks.userspace]) {
      if (inst.wakelocks.isActive(name, k)) inst.wakelocks.unlock(name, k);
    }
    if (inst.activity.audio) inst.activity = { ...inst.activity, audio: false };
  }

  setActivity(inst: Instance, change: Partial<Activity>): void {
    const before = inst.activity;
    inst.activity = { ...before, ...change };
    if (change.wifi !== undefined && change.wifi !== before.wifi) this.changeWifi(inst, before.wifi, change.wifi);
    if (change.camera && !before.camera) this.openCamera(inst);
    if (inst === this.model.current && (this.model.phase === 'awake' || this.model.phase === 'booting')) this.applyActivityLocks(inst);
    this.model.changed();
  }

  changeWifi(inst: Instance, from: Activity['wifi'], to: Activity['wifi']): void {
    if (inst !== this.model.current) return;
    if (from === 'off' && to !== 'off') {
      if (!inst.wifiUsable || this.model.wifiChipOn) {
        // paper §4: B expected the chip off, finds it on, and cannot bring it up
        this.model.print(inst, KERN.ERR, 'dhd_bus_devreset: chip already powered, unexpected state');
        this.model.print(inst, KERN.ERR, 'wl_android_wifi_on: Failed');
        inst.activity = { ...inst.activity, wifi: 'off' };
        inst.wifiUsable = false;
        this.anomalyNow(`wifi failed to enable in ${inst.name}: chip left powered by another instance`);
        return;
      }
      this.model.wifiChipOn = true;
      this.model.print(inst, KERN.INFO, 'wl_android_wifi_on: in');
    } else if (to === 'off' && from !== 'off') {
      this.model.wifiChipOn = false;
      inst.wifiUsable = true;
      this.model.print(inst, KERN.INFO, 'wl_android_wifi_off: in');
    }
  }

  openCamera(inst: Instance): void {
    if (this.model.cameraOwner === null) this.model.cameraOwner = inst.id;
    if (this.model.cameraOwner !== inst.id) {
      this.model.print(inst, KERN.ERR, 'omap4iss omap4iss: ISS is in use by another instance: unexpected state, -16');
      inst.activity = { ...inst.activity, camera: false };
      this.anomalyNow(`camera failed in ${inst.name}: tied to instance ${this.model.cameraOwner}`);
    }
  }

  anomalyNow(text: string): void {
    const r = this.model.pending?.record ?? this.model.inFlight ?? this.model.truth.lastRecord();
    if (r) this.model.truth.anomaly(r, text);
  }

  /** The locks the user's activity holds in a running, screen-on or waiting instance. */
  applyActivityLocks(inst: Instance): void {
    const w = this.model.profile.wakelocks;
    const k = this.model.kernelMs(inst);
    if (inst.activity.audio) this.model.power.lock(inst, w.audio, null, true);
    else if (inst.wakelocks.isActive(w.audio, k)) this.model.power.unlock(inst, w.audio);
    if (this.model.usbCable) this.model.power.lock(inst, w.usbCable, null);
    else if (inst.wakelocks.isActive(w.usbCable, k)) this.model.power.unlock(inst, w.usbCable);
    if (inst.requestedState === 0) this.model.power.lock(inst, w.userspace, null, true);
    else if (inst.activity.screen === 'app') this.model.power.lock(inst, w.userspace, null, true);
    if (inst.activity.wifi === 'busy') this.startTraffic(inst);
  }

  /** wifi busy: every received packet refreshes wlan_rx_wake (about one second of jiffies). */
  startTraffic(inst: Instance): void {
    const w = this.model.profile.wakelocks.wifiRx;
    const tick = () => {
      if (inst !== this.model.current || inst.activity.wifi !== 'busy' || (this.model.phase !== 'awake' && this.model.phase !== 'booting')) return;
      // once the screen is off the transfer winds down: "5-6 seconds", sometimes much more
      if (inst.requestedState === 3 && this.trafficEndsAt !== null && this.model.now() >= this.trafficEndsAt) return;
      this.model.power.lock(inst, w, 1000);
      this.model.activityTimers.push(this.model.after(this.model.rng.between(150, 450), tick));
    };
    if (this.trafficRunning) return;
    this.trafficRunning = true;
    tick();
    this.trafficRunning = false;
  }

  /** Devices that stay powered carry one kernel's state into the other (paper §4, notes §4.1 and 4.8). */
  checkDevicesAfterSwitch(to: Instance, from: Instance, record: GroundTruthRecord): void {
    if (to === from) return;
    const wants = to.activity.wifi !== 'off';
    if (wants !== this.model.wifiChipOn) {
      if (wants) {
        this.model.print(to, KERN.ERR, 'dhd_bus_resume: chip powered down by another instance, wifi dead');
        to.activity = { ...to.activity, wifi: 'off' };
        to.wifiUsable = false;
        this.model.truth.anomaly(record, `wifi state mismatch: ${to.name} expected the chip on, ${from.name} left it off`);
      } else {
        to.wifiUsable = false;
        this.model.truth.anomaly(record, `wifi state mismatch: ${from.name} left the chip on, enabling wifi in ${to.name} will fail`);
      }
    }
    if (to.wifiTornDown) {
      this.model.print(to, KERN.ERR, 'dhd_bus_rxctl: resumed timeout, firmware crashed: restarting wifi');
      to.wifiTornDown = false;
      this.model.truth.anomaly(record, `wifi of ${to.name} crashed and restarted after the forced switch`);
    }
    if (to.audioBroken) {
      this.model.print(to, KERN.ERR, 'omap-abe-twl6040: ABE in unexpected state after resume, audio unusable');
      to.activity = { ...to.activity, audio: false };
      this.model.truth.anomaly(record, `audio of ${to.name} broken by the forced switch`);
    }
  }
}
