/**
 * Every request channel and event must state its own access in its area's contract file. Should a
 * channel ever lose it, this test names it (and the default it would get) so the owner decides
 * who may call it.
 */
import { describe, expect, it } from 'vitest';
import {
  accessFor,
  checkAccess,
  eventAccessFor,
  eventChannels,
  eventPermissions,
  requestChannels,
  requestPermissions,
} from '../../../../electron/shared/contract';
import { ROLES } from '../../../../native/domain';

describe('contract access', () => {
  it('has an entry of its own for every request channel', () => {
    const missing = Object.keys(requestChannels)
      .filter((channel) => accessFor(channel).source !== 'table')
      .map((channel) => {
        const { access, source } = accessFor(channel);
        return `${channel} (now: ${source === 'prefix' ? `prefix default ${JSON.stringify(access.roles)}` : 'refused to everyone'})`;
      });
    expect(missing, 'Add these channels to requestPermissions in electron/shared/contract').toEqual(
      [],
    );
  });

  it('has an entry of its own for every event', () => {
    const missing = Object.keys(eventChannels).filter(
      (event) => eventAccessFor(event).source !== 'table',
    );
    expect(missing, 'Add these events to eventPermissions in electron/shared/contract').toEqual([]);
  });

  it('lists no channel or event that does not exist', () => {
    expect(
      Object.keys(requestPermissions).filter((c) => !Object.hasOwn(requestChannels, c)),
    ).toEqual([]);
    expect(Object.keys(eventPermissions).filter((e) => !Object.hasOwn(eventChannels, e))).toEqual(
      [],
    );
  });

  it('signed out: only app.info, app.status, settings.getUi, auth.* and the emergency stop', () => {
    const open = Object.keys(requestChannels).filter(
      (channel) => checkAccess(channel, { role: null, locked: false }).allowed,
    );
    expect(
      open.every(
        (c) =>
          ['app.info', 'app.status', 'settings.getUi', 'robots.emergencyStop'].includes(c) ||
          c.startsWith('auth.'),
      ),
    ).toBe(true);
    expect(open).toEqual(
      expect.arrayContaining([
        'app.info',
        'app.status',
        'settings.getUi',
        'auth.signIn',
        'robots.emergencyStop',
      ]),
    );
  });

  it('the emergency stop works for every role, also while the terminal is locked', () => {
    for (const role of ROLES) {
      expect(checkAccess('robots.emergencyStop', { role, locked: false }).allowed).toBe(true);
      expect(checkAccess('robots.emergencyStop', { role, locked: true }).allowed).toBe(true);
      expect(checkAccess('robots.moveJoint', { role, locked: true })).toMatchObject({
        allowed: false,
        code: 'session-locked',
      });
    }
  });

  it('channels added later get their prefix default; unknown prefixes are refused to everyone', () => {
    expect(accessFor('logs.somethingNew').source).toBe('prefix');
    expect(checkAccess('models.somethingNew', { role: 'admin', locked: false }).allowed).toBe(true);
    expect(checkAccess('models.somethingNew', { role: 'care-staff', locked: false }).allowed).toBe(
      false,
    );
    expect(checkAccess('alerts.somethingNew', { role: 'care-staff', locked: false }).allowed).toBe(
      true,
    );
    for (const role of ROLES) {
      expect(checkAccess('shell.exec', { role, locked: false }).allowed).toBe(false);
      expect(checkAccess('__proto__', { role, locked: false }).allowed).toBe(false);
      expect(checkAccess('constructor', { role, locked: false }).allowed).toBe(false);
    }
  });
});
