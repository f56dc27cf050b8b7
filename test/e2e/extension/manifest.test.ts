// The built manifest asks for exactly what the site profiles need: their exact origins
// (plus the PWA's for the link), content scripts in the top frame only, nothing
// web-accessible, no <all_urls>.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../cli/rules-on-disk.ts';
import { manifestMatches } from '../../../shared/sites/match.ts';
import { loadSiteProfiles } from '../../../shared/sites/profile.ts';
import { EXTENSION_DIR } from './support.ts';

interface Manifest {
  manifest_version: number;
  host_permissions: string[];
  permissions: string[];
  content_scripts: { matches: string[]; js: string[]; all_frames?: boolean }[];
  web_accessible_resources?: unknown[];
  icons: Record<string, string>;
  action: { default_icon: Record<string, string> };
}

const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Manifest;
const profiles = loadSiteProfiles(readdirSync(join(ROOT, 'rules/sites')).map((name) => ({ file: name, text: readFileSync(join(ROOT, 'rules/sites', name), 'utf8') }))).profiles;

describe('the built manifest', () => {
  it('is MV3 and derives its content-script matches from the site profiles', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.content_scripts).toHaveLength(1);
    expect(manifest.content_scripts[0]?.matches).toEqual(manifestMatches(profiles));
    expect(manifest.content_scripts[0]?.all_frames).toBe(false);
  });

  it('asks for the profiles\' exact origins and the PWA origin, nothing wider', () => {
    expect(manifest.host_permissions).toEqual([...manifestMatches(profiles), 'http://localhost:4173/*']);
    expect(manifest.permissions.sort()).toEqual(['alarms', 'notifications', 'scripting', 'storage']);
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
    expect(manifest.web_accessible_resources).toBeUndefined();
  });

  it('has PNG icons of every size it declares, for the toolbar too', () => {
    expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '128']);
    expect(manifest.action.default_icon).toEqual(manifest.icons);
    for (const [size, file] of Object.entries(manifest.icons)) {
      const png = readFileSync(join(EXTENSION_DIR, file));
      expect(png.subarray(1, 4).toString('latin1'), file).toBe('PNG');
      // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], file).toEqual([Number(size), Number(size)]);
    }
  });
});
