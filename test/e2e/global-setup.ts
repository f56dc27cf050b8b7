// The browser tests run against the built product, exactly as `npm start` leaves it.
import { execFileSync } from 'node:child_process';
import { ROOT } from '../../cli/rules-on-disk.ts';

export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
