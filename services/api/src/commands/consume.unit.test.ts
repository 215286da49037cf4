import { Writable } from 'node:stream';
import { runCli } from '../cli-main';
import { consumeCommand } from './consume';

const sink = () => {
  let text = '';
  return {
    stream: new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    }),
    text: () => text,
  };
};

describe('newswindow consume', () => {
  it('rejects unknown kinds and a bad --idle-ms with usage (exit 2), before connecting to anything', async () => {
    for (const argv of [
      ['--topics', 'news,quotes'],
      ['--idle-ms', '-1'],
    ]) {
      const err = sink();
      const code = await runCli(
        ['consume', ...argv],
        { stdout: sink().stream, stderr: err.stream, env: {}, cwd: '/' },
        [consumeCommand],
      );
      expect(code).toBe(2);
      expect(err.text()).toMatch(/Usage: newswindow consume/);
    }
  });
});
