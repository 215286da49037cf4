import { resolveCommand } from './command';
import { commands } from './registry';

describe('command registry', () => {
  it.each(commands.map((c) => [c.name, c] as const))(
    '%s: the lazy entry has the name and summary of the command it loads',
    async (_name, entry) => {
      const command = await resolveCommand(entry);
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
    },
  );

  it('has each name once', () => {
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
  });
});
