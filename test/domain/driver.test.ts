// The merge driver's registration read from the clone's own config file, as git reads it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { driverProblem, mergeDriverCommand, registeredDriver } from '../../src/git/driver.js';
import { git, gitRepo } from '../helpers.js';

describe('driverProblem', () => {
  it('reads .git/config exactly as git does: this install, another, or none', async () => {
    const dir = gitRepo();
    const gitDir = join(dir, '.git');
    expect(await driverProblem(dir, gitDir)).toBe('missing');
    git(dir, ['config', 'merge.aftersales.driver', mergeDriverCommand()]);
    expect(git(dir, ['config', '--get', 'merge.aftersales.driver']).trim()).toBe(mergeDriverCommand());
    expect(await driverProblem(dir, gitDir)).toBeNull();
    git(dir, ['config', 'merge.aftersales.driver', mergeDriverCommand().replace('merge-file', 'merge-files')]);
    expect(await driverProblem(dir, gitDir)).toBe('moved');
    // values git writes quoted and escaped, with a section after them: read back the same
    git(dir, ['config', 'merge.other.driver', 'x']);
    for (const value of ['a;b # c\td "e" \\ f', ' lead and trail ', 'it\'s "$@"', mergeDriverCommand()]) {
      git(dir, ['config', 'merge.aftersales.driver', value]);
      expect(registeredDriver(gitDir), value).toBe(
        git(dir, ['config', '--get', 'merge.aftersales.driver']).replace(/\n$/, '').trim(),
      );
    }
    git(dir, ['config', 'merge.aftersales.driver', mergeDriverCommand()]);
    expect(await driverProblem(dir, gitDir)).toBeNull();
  });
});
