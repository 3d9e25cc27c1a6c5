import { describe, expect, it } from 'vitest';
import { hostName, isAllowedHostHeader, isLoopbackAddress } from '../../../main/web/host-check';

describe('the Host header check of web mode', () => {
  it.each(['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST', '[::1]:8080', '127.1.2.3:80', undefined])('lets %s reach a loopback server', (host) => {
    expect(isAllowedHostHeader('127.0.0.1', host)).toBe(true);
  });

  it.each(['rebound.example:8080', 'localhost.rebound.example', '127.0.0.1.rebound.example', '0.0.0.0:8080', '[::ffff:7f00:1]:80', '10.0.0.5:8080'])('turns %s away from a loopback server', (host) => {
    expect(isAllowedHostHeader('127.0.0.1', host)).toBe(false);
  });

  it('leaves a server bound to a lab address to its token', () => {
    expect(isAllowedHostHeader('0.0.0.0', 'labbox.example:8080')).toBe(true);
    expect(isAllowedHostHeader('10.0.0.5', 'labbox:8080')).toBe(true);
  });

  it('reads the name out of bracketed IPv6 and name:port forms', () => {
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('example.org:80')).toBe('example.org');
    expect(hostName('example.org')).toBe('example.org');
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::')).toBe(false);
  });
});
