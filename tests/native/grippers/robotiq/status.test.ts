import { describe, expect, it } from 'vitest';
import { decodeGripperFault, faultSeverity } from '../../../../native/grippers/robotiq/faults';
import { bytesToRegisters } from '../../../../native/grippers/robotiq/registers';
import {
  decodeGripperStatus,
  openFractionToPosition,
  positionToOpenFraction,
} from '../../../../native/grippers/robotiq/status';

/** Register payloads of the manual's example replies to `09 04 07 D0 00 03`. */
const regs = (...bytes: number[]) => bytesToRegisters(bytes);

describe('2F-85 status decoding', () => {
  it('decodes "opening, not completed" (39 00 00 00 BB 10)', () => {
    expect(decodeGripperStatus(regs(0x39, 0, 0, 0, 0xbb, 0x10))).toMatchObject({
      activated: true,
      goRequested: true,
      moving: true,
      objectDetected: 'moving',
      fault: null,
      requestedPosition: 0,
      position: 187,
      currentA: 0.16,
    });
  });

  it('decodes "opening completed" (F9 00 00 00 0D 00)', () => {
    const status = decodeGripperStatus(regs(0xf9, 0, 0, 0, 0x0d, 0));
    expect(status).toMatchObject({
      moving: false,
      objectDetected: 'reached',
      position: 13,
      currentA: 0,
    });
    expect(status.openFraction).toBeGreaterThan(0.95);
  });

  it('decodes "grip completed" (B9 00 00 FF BD 00) as an object met while closing', () => {
    expect(decodeGripperStatus(regs(0xb9, 0, 0, 0xff, 0xbd, 0))).toMatchObject({
      objectDetected: 'outer',
      requestedPosition: 255,
      position: 189,
    });
    expect(decodeGripperStatus(regs(0x79, 0, 0, 0, 0x40, 0)).objectDetected).toBe('inner');
  });

  it('decodes activation progress and the fault nibble', () => {
    expect(decodeGripperStatus(regs(0x11, 0, 0, 0, 0, 0))).toMatchObject({
      activation: 'in_progress',
      activated: false,
    });
    expect(decodeGripperStatus(regs(0x00, 0, 0, 0, 0, 0)).activation).toBe('reset');
    const faulted = decodeGripperStatus(regs(0x31, 0, 0x5a, 0, 0, 0));
    expect(faulted.fault?.code).toBe(0x0a);
  });

  it('gives every gFLT code an actionable English and Japanese message', () => {
    for (const code of [0x05, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]) {
      const fault = decodeGripperFault(code);
      expect(fault?.en.length).toBeGreaterThan(30);
      expect(fault?.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(decodeGripperFault(0)).toBeNull();
    expect(faultSeverity(0x07)).toBe('priority');
    expect(faultSeverity(0x08)).toBe('minor');
    expect(faultSeverity(0x0e)).toBe('major');
  });

  it('maps openFraction over the calibrated travel and back', () => {
    expect(positionToOpenFraction(227)).toBe(0);
    expect(positionToOpenFraction(255)).toBe(0);
    expect(positionToOpenFraction(3)).toBe(1);
    for (const f of [0, 0.25, 0.5, 1])
      expect(positionToOpenFraction(openFractionToPosition(f))).toBeCloseTo(f, 2);
  });
});
