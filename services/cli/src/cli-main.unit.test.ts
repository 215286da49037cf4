import { runCli } from './cli-main';
import { captureIo } from './commands/__tests__/capture-io';
import type { CliCommand } from './commands/command';
import { UsageError } from './commands/command';

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its arguments',
  usage: 'Usage: newswindow echo <words…>',
  run: (argv, io) => {
    if (argv.length === 0) throw new UsageError('nothing to echo');
    io.stdout.write(argv.join(' '));
    return Promise.resolve(0);
  },
};

describe('runCli', () => {
  it('dispatches to the named command', async () => {
    const c = captureIo();
    await expect(runCli(['echo', 'a', 'b'], c.io, [echo])).resolves.toBe(0);
    expect(c.out()).toBe('a b');
  });
  it('prints the command usage for --help', async () => {
    const c = captureIo();
    await expect(runCli(['echo', '--help'], c.io, [echo])).resolves.toBe(0);
    expect(c.out()).toContain('Usage: newswindow echo');
  });
  it("prints a subcommand's own help when the command offers one", async () => {
    const c = captureIo();
    const withSubcommands: CliCommand = {
      ...echo,
      usageFor: (argv) => (argv[0] === 'loud' ? 'Usage: newswindow echo loud' : echo.usage),
    };
    await expect(runCli(['echo', 'loud', '--help'], c.io, [withSubcommands])).resolves.toBe(0);
    expect(c.out()).toBe('Usage: newswindow echo loud\n');
  });
  it('rejects an unknown command with exit code 2 and the command list', async () => {
    const c = captureIo();
    await expect(runCli(['nope'], c.io, [echo])).resolves.toBe(2);
    expect(c.err()).toContain("unknown command 'nope'");
    expect(c.err()).toContain('echo');
  });
  it('turns a UsageError into exit code 2 with the reason', async () => {
    const c = captureIo();
    await expect(runCli(['echo'], c.io, [echo])).resolves.toBe(2);
    expect(c.err()).toContain('nothing to echo');
  });
});
