/**
 * What the user is doing on the phone, which decides the wakelocks a switch
 * waits for. Screen, wifi, audio and camera belong to the instance the user
 * is in; the USB cable is physical and shared by all.
 */
export interface Scenario {
  /** `lockscreen`: the notes' best case; `app`: an app keeps the screen on (PowerManagerService holds its lock). */
  screen: 'lockscreen' | 'app';
  /** `busy`: a transfer keeps refreshing wlan_rx_wake (type 1, with timeouts). */
  wifi: 'off' | 'idle' | 'busy';
  /** Music playing: AudioOut holds a lock with no timeout (type 2) until it stops or power is pressed. */
  audio: boolean;
  /** A USB cable: its vbus lock keeps the phone awake while attached. */
  usbCable: boolean;
  /** The camera app is open. */
  camera: boolean;
}

/** The notes' best and most common case: lock screen, wifi idle, no cable. */
export const DEFAULT_SCENARIO: Scenario = { screen: 'lockscreen', wifi: 'idle', audio: false, usbCable: false, camera: false };

export type Activity = Omit<Scenario, 'usbCable'>;
