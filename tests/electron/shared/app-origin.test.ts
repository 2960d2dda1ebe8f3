import { describe, expect, it } from 'vitest';
import { isTrustedSenderUrl, resolveAppAsset } from '../../../electron/shared/app-origin';

describe('IPC sender check', () => {
  it('trusts only frames showing our own app:// UI', () => {
    expect(isTrustedSenderUrl('app://genba/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://genba/#/robots')).toBe(true);
    for (const url of [
      'https://genba.example/',
      'file:///work/main/out/renderer/index.html',
      'app://evil/index.html',
      'app://genba.evil/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      '',
      undefined,
      null,
      'not a url',
    ]) {
      expect(isTrustedSenderUrl(url), String(url)).toBe(false);
    }
  });
});

describe('app:// asset resolution', () => {
  const root = '/opt/genba/out/renderer';

  it('maps URLs to files inside the UI folder', () => {
    expect(resolveAppAsset(root, 'app://genba/')).toBe(`${root}/index.html`);
    expect(resolveAppAsset(root, 'app://genba/assets/index-abc.js')).toBe(
      `${root}/assets/index-abc.js`,
    );
  });

  it('refuses anything that would escape it or is not ours', () => {
    for (const url of [
      'app://genba/../../etc/passwd',
      'app://genba/%2e%2e/%2e%2e/etc/passwd',
      'app://genba/..%2f..%2fetc%2fpasswd',
      'app://genba/%00index.html',
      'app://genba/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const resolved = resolveAppAsset(root, url);
      expect(resolved === null || resolved.startsWith(`${root}/`), url).toBe(true);
    }
    expect(resolveAppAsset(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'app://genba/%00index.html')).toBeNull();
  });
});
