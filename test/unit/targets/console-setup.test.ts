import { describe, expect, it } from 'vitest';
import { serialOpenError } from '../../../main/targets/console/console-errors';
import { FileReplayConsole } from '../../../main/targets/console/file-replay-console';
import { openConsole } from '../../../main/targets/console/open-console';
import { SerialConsole } from '../../../main/targets/console/serial-console';
import { describePorts } from '../../../main/targets/console/serial-ports';
import { parseTcpAddress, TcpConsole } from '../../../main/targets/console/tcp-console';

describe('describePorts', () => {
  it('hints which ports look like USB-serial console adapters and lists them first', () => {
    const ports = describePorts([
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyUSB1', vendorId: '067B', productId: '2303', manufacturer: 'Prolific' },
      { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', manufacturer: 'FTDI' },
      { path: '/dev/ttyACM0', vendorId: '10c4', productId: '1234' },
    ]);
    expect(ports.map((p) => [p.path, p.likelyConsole])).toEqual([
      ['/dev/ttyUSB0', 'FTDI'],
      ['/dev/ttyUSB1', 'Prolific PL2303'],
      ['/dev/ttyACM0', null],
      ['/dev/ttyS0', null],
    ]);
    expect(ports[1]?.vendorId).toBe('067b');
  });
});

describe('openConsole', () => {
  it('opens a serial port at 115200 unless a baud rate is given', () => {
    expect(openConsole('/dev/ttyUSB0')).toBeInstanceOf(SerialConsole);
    expect(openConsole('/dev/ttyUSB0@921600').label).toBe('/dev/ttyUSB0 @ 921600');
    expect(openConsole('/dev/ttyUSB0').label).toBe('/dev/ttyUSB0 @ 115200');
  });
  it('opens tcp:// consoles and file replays', () => {
    expect(openConsole('tcp://lab-host:3001')).toBeInstanceOf(TcpConsole);
    expect(openConsole('file:/tmp/uart.log')).toBeInstanceOf(FileReplayConsole);
    expect(parseTcpAddress('tcp://[::1]:7000')).toEqual({ host: '::1', port: 7000 });
    expect(parseTcpAddress('tcp://host:99999')).toBeNull();
  });
  it('says what it accepts when the spec is none of them', () => {
    expect(() => openConsole('ttyUSB0')).toThrow(/give \/dev\/ttyUSB0\[@115200\], tcp:\/\/HOST:PORT or file:PATH/);
  });
});

describe('serialOpenError', () => {
  it('points at the dialout group or a udev rule when permission is denied', () => {
    const error = serialOpenError('/dev/ttyUSB0', new Error('Error: Permission denied, cannot open /dev/ttyUSB0'));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/dialout group/);
    expect(error.message).toMatch(/udev rule/);
  });
  it('says another program holds a busy port', () => {
    const error = serialOpenError('/dev/ttyUSB0', new Error('Error Resource temporarily unavailable Cannot lock port'));
    expect(error.kind).toBe('busy');
    expect(error.message).toMatch(/another program/);
  });
});
